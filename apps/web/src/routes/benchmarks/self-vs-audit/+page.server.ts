import { loadSelfVsAudit } from '../benchmarks.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => loadSelfVsAudit(locals, url)) satisfies PageServerLoad;
