import { schemas } from '@ccmm/api/contract';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage, totalOf } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

function requireAdmin(locals: App.Locals) {
  const user = requireUser(locals);
  if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).organizations.forbidden });
  return user;
}

/** Rows per page of the organizations list. */
const PAGE_SIZE = 50;

export const load = (async ({ locals, url }) => {
  requireAdmin(locals);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const page = Math.max(1, Math.trunc(Number(url.searchParams.get('page'))) || 1);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (q) query.set('q', q);
  const list = await api(locals, 'GET', `/api/organizations?${query}`, schemas.organizations);
  if (!list.ok) failPage(locals, list);
  return { organizations: list.body, total: totalOf(list), page, pageSize: PAGE_SIZE, q };
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
