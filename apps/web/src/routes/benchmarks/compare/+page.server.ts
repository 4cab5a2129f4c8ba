import { loadCompare } from '../benchmarks.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => loadCompare(locals, url)) satisfies PageServerLoad;
