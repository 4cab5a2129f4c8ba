import { schemas } from '@ccmm/api/contract';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage, totalOf } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import { isCenterRole, ROLES, type Role } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);
/** Rows per page of the users list. */
const PAGE_SIZE = 50;

export const load = (async ({ locals, url }) => {
  const user = requireUser(locals);
  // The certification-body admin manages users; a center admin sees their own center's, read-only.
  if (user.role !== 'cb_admin' && user.role !== 'center_admin')
    error(403, { message: t(locals.locale).admin.users.forbidden });
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
  const page = Math.max(1, Math.trunc(Number(url.searchParams.get('page'))) || 1);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (q) query.set('q', q);
  const [list, organizations] = await Promise.all([
    api(locals, 'GET', `/api/users?${query}`, schemas.users),
    api(locals, 'GET', '/api/organizations', schemas.organizations),
  ]);
  if (!list.ok) failPage(locals, list);
  const orgs = organizations.ok ? organizations.body : [];
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  return {
    q,
    page,
    pageSize: PAGE_SIZE,
    total: totalOf(list),
    canCreate: user.role === 'cb_admin',
    // Invitations: the body's admin any role; a center admin its own center's roles.
    inviteRoles: user.role === 'cb_admin' ? ROLES : ROLES.filter(isCenterRole),
    selfId: user.id,
    users: list.body.map((u) => ({
      ...u,
      organizationName: u.organizationId ? (orgName.get(u.organizationId) ?? null) : null,
    })),
    organizations: orgs.map((o) => ({ id: o.id, name: o.name })),
  };
}) satisfies PageServerLoad;

export const actions = {
  create: async ({ locals, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).admin.users.readOnly });
    const form = await request.formData();
    const text = (key: string) => String(form.get(key) ?? '').trim();
    const fields = {
      email: text('email'),
      name: text('name'),
      role: text('role'),
      organizationId: text('organizationId'),
    };
    const role = isRole(fields.role) ? fields.role : null;
    const created = await api(locals, 'POST', '/api/users', schemas.user, {
      email: fields.email,
      name: fields.name,
      password: String(form.get('password') ?? ''),
      role: fields.role,
      // Only center roles belong to an organization: a choice left in the select is dropped for the others.
      organizationId: role && isCenterRole(role) && fields.organizationId ? fields.organizationId : undefined,
    });
    if (!created.ok)
      return fail(created.status === 409 ? 409 : 400, { ...fields, message: errorMessage(created) });
    return { created: created.body.name };
  },
  invite: async ({ locals, request }) => {
    const user = requireUser(locals);
    const form = await request.formData();
    const text = (key: string) => String(form.get(key) ?? '').trim();
    const fields = {
      inviteEmail: text('email'),
      inviteName: text('name'),
      inviteRole: text('role'),
      inviteOrganizationId: text('organizationId'),
    };
    const role = isRole(fields.inviteRole) ? fields.inviteRole : null;
    const sent = await api(locals, 'POST', '/api/invitations', schemas.invitation, {
      email: fields.inviteEmail,
      name: fields.inviteName,
      role: fields.inviteRole,
      // A center admin's invitation goes to its own center (the API fills it in).
      organizationId:
        user.role === 'cb_admin' && role && isCenterRole(role) && fields.inviteOrganizationId
          ? fields.inviteOrganizationId
          : undefined,
    });
    if (!sent.ok)
      return fail(sent.status === 409 ? 409 : 400, { ...fields, inviteMessage: errorMessage(sent) });
    return { invited: sent.body.email };
  },
  active: async ({ locals, request }) => {
    requireUser(locals);
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const changed = await api(locals, 'PATCH', `/api/users/${encodeURIComponent(id)}`, schemas.user, {
      active: form.get('active') === 'true',
    });
    if (!changed.ok) return fail(400, { message: errorMessage(changed) });
    return { changed: changed.body.name };
  },
} satisfies Actions;
