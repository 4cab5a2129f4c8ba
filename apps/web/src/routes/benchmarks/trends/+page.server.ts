import { loadTrend } from '../benchmarks.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => loadTrend(locals, url)) satisfies PageServerLoad;
