import { loadHistory } from '../kpis.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
  const view = await loadHistory(locals, url);
  return { ...view, organizations: view.organizations.map(({ id, name }) => ({ id, name })) };
}) satisfies PageServerLoad;
