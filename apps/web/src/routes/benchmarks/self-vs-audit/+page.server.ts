import { peerSuggestions, pickable } from '$lib/server/organizations';
import { loadSelfVsAudit } from '../benchmarks.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const view = await loadSelfVsAudit(locals, url);
  return {
    ...view,
    organizations: pickable(view.organizations),
    suggestions: peerSuggestions(view.organizations),
  };
}) satisfies PageServerLoad;
