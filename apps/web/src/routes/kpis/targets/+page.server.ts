import { currentMonth } from '$lib/month';
import { pickable } from '$lib/server/organizations';
import { loadTargets, PERIODS } from '../kpis.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const view = await loadTargets(locals, url);
  return {
    ...view,
    organizations: pickable(view.organizations),
    periods: [...PERIODS],
    maxMonth: currentMonth(),
  };
}) satisfies PageServerLoad;
