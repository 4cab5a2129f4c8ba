import { pickable } from '$lib/server/organizations';
import { loadHistory } from '../kpis.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const view = await loadHistory(locals, url);
  return { ...view, organizations: pickable(view.organizations) };
}) satisfies PageServerLoad;
