import { schemas } from '@ccmm/api/contract';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// An auditor's competence records: the certification body reads and records them, an auditor
// reads their own (the API decides the same; the page says so before asking).
export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const own = user.role === 'auditor' && user.id === params.id;
  if (!own && user.role !== 'cb_admin' && user.role !== 'cb_reviewer')
    error(403, { message: t(locals.locale).competence.forbidden });
  const [history, users] = await Promise.all([
    api(locals, 'GET', `/api/auditors/${encodeURIComponent(params.id)}/competence`, schemas.competences),
    own ? null : api(locals, 'GET', '/api/users', schemas.users),
  ]);
  if (!history.ok) failPage(locals, history);
  const name = own ? user.name : users?.ok ? users.body.find((u) => u.id === params.id)?.name : undefined;
  return {
    name: name ?? '',
    own,
    history: history.body,
    canRecord: user.role === 'cb_admin',
    today: new Date().toISOString().slice(0, 10),
  };
}) satisfies PageServerLoad;

export const actions = {
  record: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const fields = {
      qualification: text('qualification'),
      industries: text('industries'),
      validUntil: text('validUntil'),
    };
    const saved = await api(
      locals,
      'PUT',
      `/api/auditors/${encodeURIComponent(params.id)}/competence`,
      schemas.competences,
      {
        qualification: fields.qualification,
        // Commas of either script, the enumeration comma or new lines separate the industries.
        industries: fields.industries
          .split(/[,，、\n]/)
          .map((s) => s.trim())
          .filter(Boolean),
        validUntil: fields.validUntil,
      },
    );
    if (!saved.ok)
      return fail(saved.status >= 400 && saved.status < 500 ? saved.status : 400, {
        ...fields,
        message: errorMessage(saved),
      });
    return { recorded: true };
  },
} satisfies Actions;
