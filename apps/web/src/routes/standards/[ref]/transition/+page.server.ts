import { schemas } from '@ccmm/api/contract';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The transition simulator: the editions to move from, and the table for the one chosen. */
export const load = (async ({ locals, params, url }) => {
  requireUser(locals);
  const list = await api(locals, 'GET', '/api/standards', schemas.standards);
  if (!list.ok) failPage(locals, list);
  const sources = list.body.filter((s) => s.ref !== params.ref && s.status === 'published').map((s) => s.ref);
  const from = url.searchParams.get('from') ?? sources[0] ?? '';
  if (!from) return { ref: params.ref, from, sources, centers: null, message: null };
  const query = new URLSearchParams({ from });
  const result = await api(
    locals,
    'GET',
    `/api/standards/${encodeURIComponent(params.ref)}/transition?${query}`,
    schemas.transition,
  );
  return {
    ref: params.ref,
    from,
    sources,
    query: query.toString(),
    centers: result.ok ? result.body.centers : null,
    message: result.ok ? null : errorMessage(result),
  };
}) satisfies PageServerLoad;
