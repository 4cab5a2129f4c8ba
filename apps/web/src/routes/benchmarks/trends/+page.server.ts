import { pickable } from '$lib/server/organizations';
import { loadTrend } from '../benchmarks.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const view = await loadTrend(locals, url);
  return { ...view, organizations: pickable(view.organizations) };
}) satisfies PageServerLoad;
