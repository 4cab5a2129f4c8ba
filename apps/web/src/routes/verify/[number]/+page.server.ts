import { schemas } from '@ccmm/api/contract';
import { error } from '@sveltejs/kit';
import { fmt, t } from '$lib/i18n';
import { api } from '$lib/server/api';
import type { PageServerLoad } from './$types';

// Public: no sign-in. The QR code on every certificate PDF opens this page directly.
export const load = (async ({ locals, params }) => {
  const m = t(locals.locale);
  const number = params.number.trim().toUpperCase();
  const found = await api(
    locals,
    'GET',
    `/api/public/certificates/${encodeURIComponent(number)}`,
    schemas.publicCertificate,
  );
  if (found.status === 404 || found.status === 400)
    error(404, { message: fmt(m.certification.verify.notFound, { number }) });
  if (found.status === 429) error(429, { message: m.errors.generic });
  if (!found.ok) error(502, { message: m.errors.generic });
  return { certificate: found.body };
}) satisfies PageServerLoad;
