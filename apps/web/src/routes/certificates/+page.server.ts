import { schemas } from '@ccmm/api/contract';
import { api } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
  requireUser(locals);
  const listed = await api(locals, 'GET', '/api/certificates', schemas.certificates);
  if (!listed.ok) failPage(locals, listed);
  return {
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
