import { schemas } from '@ccmm/api/contract';
import { api } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
  const user = requireUser(locals);
  const body = user.role === 'cb_admin' || user.role === 'cb_reviewer';
  const [listed, issuing] = await Promise.all([
    api(locals, 'GET', '/api/certificates', schemas.certificates),
    body ? api(locals, 'GET', '/api/certificates/issuing', schemas.issuing) : null,
  ]);
  if (!listed.ok) failPage(locals, listed);
  return {
    issuing: issuing?.ok ? issuing.body : null,
    certificates: listed.body.map((c) => ({
      number: c.number,
      organizationName: c.organizationName,
      level: c.level,
      levelName: c.levelName[locals.locale],
      status: c.status,
      issuedOn: c.issuedOn,
      expiresOn: c.expiresOn,
    })),
  };
}) satisfies PageServerLoad;
