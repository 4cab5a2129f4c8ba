import { schemas } from '@ccmm/api/contract';
import { APPLICATION_STATUSES } from '@ccmm/engine';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// The certification body's register of applications: the admin accepts or declines each.

const BODY = ['cb_admin', 'cb_reviewer'];

export const load = (async ({ locals, url }) => {
  const user = requireUser(locals);
  if (!BODY.includes(user.role)) error(403, { message: t(locals.locale).errors.forbidden });
  // Waiting ones first by default: they are the work.
  const asked = url.searchParams.get('status');
  const status = asked === 'all' ? undefined : (APPLICATION_STATUSES.find((s) => s === asked) ?? 'received');
  const listed = await api(
    locals,
    'GET',
    `/api/applications${status ? `?status=${status}` : ''}`,
    schemas.applications,
  );
  if (!listed.ok) failPage(locals, listed);
  return { applications: listed.body, status: status ?? 'all', canDecide: user.role === 'cb_admin' };
}) satisfies PageServerLoad;

export const actions = {
  accept: async ({ locals, request }) => {
    const id = String((await request.formData()).get('id') ?? '');
    const done = await api(
      locals,
      'POST',
      `/api/applications/${encodeURIComponent(id)}/accept`,
      schemas.application,
    );
    if (!done.ok) return fail(done.status === 404 ? 404 : 400, { id, error: errorMessage(done) });
    return { id, accepted: done.body.contact.email, organizationId: done.body.organizationId };
  },
  decline: async ({ locals, request }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const reason = String(form.get('reason') ?? '').trim();
    const done = await api(
      locals,
      'POST',
      `/api/applications/${encodeURIComponent(id)}/decline`,
      schemas.application,
      { reason },
    );
    if (!done.ok) return fail(done.status === 404 ? 404 : 400, { id, error: errorMessage(done) });
    return { id, declined: true };
  },
} satisfies Actions;
