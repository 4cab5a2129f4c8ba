import { currentMonth } from '$lib/kpi-charts/kpis';
import { loadCohort } from '../kpis.server';
import type { PageServerLoad } from './$types';

const distinct = (values: (string | null)[]) =>
  [...new Set(values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b, 'zh-Hans-CN'));

export const load = (async ({ locals, url }) => {
  const view = await loadCohort(locals, url);
  const { organizations } = view;
  return {
    ...view,
    organizations: organizations.map(({ id, name }) => ({ id, name })),
    maxMonth: currentMonth(),
    suggestions: {
      industry: distinct(organizations.map((o) => o.industry)),
      businessType: distinct(organizations.map((o) => o.businessType)),
      region: distinct(organizations.map((o) => o.region)),
    },
  };
}) satisfies PageServerLoad;
