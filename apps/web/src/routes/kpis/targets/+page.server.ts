import { currentMonth } from '$lib/kpi-charts/kpis';
import { loadTargets, PERIODS } from '../kpis.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const view = await loadTargets(locals, url);
  return {
    ...view,
    organizations: view.organizations.map(({ id, name }) => ({ id, name })),
    periods: [...PERIODS],
    maxMonth: currentMonth(),
  };
}) satisfies PageServerLoad;
