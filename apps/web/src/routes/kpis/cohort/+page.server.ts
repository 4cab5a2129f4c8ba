import { currentMonth } from '$lib/month';
import { peerSuggestions, pickable } from '$lib/server/organizations';
import { loadCohort } from '../kpis.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const view = await loadCohort(locals, url);
  const { organizations } = view;
  return {
    ...view,
    organizations: pickable(organizations),
    maxMonth: currentMonth(),
    suggestions: peerSuggestions(organizations),
  };
}) satisfies PageServerLoad;
