import { schemas } from '@ccmm/api/contract';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

function requireAdmin(locals: App.Locals) {
  const user = requireUser(locals);
  if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).organizations.forbidden });
  return user;
}

export const load = (async ({ locals }) => {
  requireAdmin(locals);
  const list = await api(locals, 'GET', '/api/organizations', schemas.organizations);
  if (!list.ok) failPage(locals, list);
  return { organizations: list.body };
}) satisfies PageServerLoad;

export const actions = {
  create: async ({ locals, request }) => {
    requireAdmin(locals);
    const form = await request.formData();
    const text = (key: string) => String(form.get(key) ?? '').trim();
    const fields = {
      name: text('name'),
      operatingSince: text('operatingSince'),
      industry: text('industry'),
      region: text('region'),
      seats: text('seats'),
    };
    const created = await api(locals, 'POST', '/api/organizations', schemas.organization, {
      name: fields.name,
      operatingSince: fields.operatingSince,
      industry: fields.industry || undefined,
      region: fields.region || undefined,
      seats: fields.seats ? Number(fields.seats) : undefined,
    });
    if (!created.ok) return fail(400, { ...fields, message: errorMessage(created), created: null });
    return { created: created.body.name };
  },
} satisfies Actions;
