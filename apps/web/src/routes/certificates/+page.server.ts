import { schemas } from '@ccmm/api/contract';
import { api, totalOf } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/** The statuses the list filters by (the API's `status`). */
const CERTIFICATE_STATUSES = ['active', 'suspended', 'withdrawn', 'superseded', 'expired'] as const;

/** Rows per page of the certificates list. */
const PAGE_SIZE = 50;

export const load = (async ({ locals, url }) => {
  const user = requireUser(locals);
  const body = user.role === 'cb_admin' || user.role === 'cb_reviewer';
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const page = Math.max(1, Math.trunc(Number(url.searchParams.get('page'))) || 1);
  const asked = url.searchParams.get('status') ?? '';
  const status = (CERTIFICATE_STATUSES as readonly string[]).includes(asked) ? asked : '';
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (q) query.set('q', q);
  if (status) query.set('status', status);
  const [listed, issuing] = await Promise.all([
    api(locals, 'GET', `/api/certificates?${query}`, schemas.certificates),
    body ? api(locals, 'GET', '/api/certificates/issuing', schemas.issuing) : null,
  ]);
  if (!listed.ok) failPage(locals, listed);
  return {
    q,
    status,
    statuses: CERTIFICATE_STATUSES,
    page,
    pageSize: PAGE_SIZE,
    total: totalOf(listed),
    issuing: issuing?.ok ? issuing.body : null,
    certificates: listed.body.map((c) => ({
      number: c.number,
      organizationId: c.organizationId,
      organizationName: c.organizationName,
      level: c.level,
      levelName: c.levelName[locals.locale],
      status: c.status,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
    })),
  };
}) satisfies PageServerLoad;
