import { schemas } from '@ccmm/api/contract';
import { error, fail } from '@sveltejs/kit';
import { fmt, t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

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

export const actions = {
  // A complaint about the center holding the certificate: anyone, no account (rate limited by the API).
  complain: async ({ locals, params, request }) => {
    const form = await request.formData();
    const text = String(form.get('text') ?? '').trim();
    const contact = String(form.get('contact') ?? '').trim();
    const number = params.number.trim().toUpperCase();
    const lodged = await api(
      locals,
      'POST',
      `/api/public/certificates/${encodeURIComponent(number)}/complaints`,
      schemas.lodged,
      { text, ...(contact ? { contact } : {}) },
    );
    if (!lodged.ok) {
      const message = lodged.status === 429 ? t(locals.locale).complaints.form.tooMany : errorMessage(lodged);
      return fail(lodged.status === 429 ? 429 : 400, { complaintError: message, values: { text, contact } });
    }
    return { complaintReference: lodged.body.reference };
  },
} satisfies Actions;
