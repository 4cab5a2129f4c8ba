import { schemas } from '@ccmm/api/contract';
import { CERTIFICATE_STATUS_CHANGES } from '@ccmm/engine';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const found = await api(
    locals,
    'GET',
    `/api/certificates/${encodeURIComponent(params.number)}`,
    schemas.certificate,
  );
  if (!found.ok) failPage(locals, found);
  const c = found.body;
  return {
    certificate: {
      ...c,
      standardTitle: c.standard.title[locals.locale],
    },
    canChange: user.role === 'cb_admin',
  };
}) satisfies PageServerLoad;

export const actions = {
  status: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const chosen = String(form.get('status') ?? '');
    const status = CERTIFICATE_STATUS_CHANGES.find((s) => s === chosen) ?? 'suspended';
    const reason = String(form.get('reason') ?? '').trim();
    const until = String(form.get('until') ?? '').trim();
    const changed = await api(
      locals,
      'POST',
      `/api/certificates/${encodeURIComponent(params.number)}/status`,
      schemas.certificate,
      { status, reason, ...(status === 'suspended' && until ? { until } : {}) },
    );
    if (!changed.ok)
      return fail(changed.status === 409 ? 409 : 400, {
        statusError: errorMessage(changed),
        values: { status, reason, until },
      });
    return { statusSaved: true };
  },
} satisfies Actions;
