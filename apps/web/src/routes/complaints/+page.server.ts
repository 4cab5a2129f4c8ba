import { type ComplaintRecord, schemas } from '@ccmm/api/contract';
import { COMPLAINT_KINDS, COMPLAINT_OUTCOMES, COMPLAINT_STATUSES } from '@ccmm/engine';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// The register of complaints and appeals: the certification body sees every one (with the
// complainant's contact) and handles them; a center admin sees the center's own, as the API
// gives them (no contact, no internal history).

const BODY = ['cb_admin', 'cb_reviewer'] as const;
const isBody = (role: string) => (BODY as readonly string[]).includes(role);

export const load = (async ({ locals, url }) => {
  const user = requireUser(locals);
  if (isBody(user.role)) {
    const status = COMPLAINT_STATUSES.find((s) => s === url.searchParams.get('status'));
    const kind = COMPLAINT_KINDS.find((k) => k === url.searchParams.get('kind'));
    const query = new URLSearchParams({ ...(status ? { status } : {}), ...(kind ? { kind } : {}) });
    const listed = await api(locals, 'GET', `/api/complaints?${query}`, schemas.complaints);
    if (!listed.ok) failPage(locals, listed);
    // The handlers the admin may choose from: the body's users (the API refuses an involved one).
    let handlers: { id: string; name: string }[] = [];
    if (user.role === 'cb_admin') {
      const lists = await Promise.all(
        BODY.map((role) => api(locals, 'GET', `/api/users?role=${role}`, schemas.users)),
      );
      handlers = lists.flatMap((l) => (l.ok ? l.body.map(({ id, name }) => ({ id, name })) : []));
    }
    return {
      body: true as const,
      complaints: listed.body as (ComplaintRecord | Omit<ComplaintRecord, 'contact' | 'history'>)[],
      filter: { status: status ?? '', kind: kind ?? '' },
      handlers,
      canAssign: user.role === 'cb_admin',
      userId: user.id,
    };
  }
  if (user.role === 'center_admin' && user.organizationId) {
    const listed = await api(
      locals,
      'GET',
      `/api/organizations/${encodeURIComponent(user.organizationId)}/complaints`,
      schemas.centerComplaints,
    );
    if (!listed.ok) failPage(locals, listed);
    return {
      body: false as const,
      complaints: listed.body as (ComplaintRecord | Omit<ComplaintRecord, 'contact' | 'history'>)[],
      filter: { status: '', kind: '' },
      handlers: [],
      canAssign: false,
      userId: user.id,
    };
  }
  error(403, { message: t(locals.locale).errors.forbidden });
}) satisfies PageServerLoad;

export const actions = {
  assign: async ({ locals, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const handlerId = String(form.get('handlerId') ?? '');
    const assigned = await api(
      locals,
      'POST',
      `/api/complaints/${encodeURIComponent(id)}/assign`,
      schemas.complaint,
      { handlerId },
    );
    if (!assigned.ok) return fail(assigned.status === 404 ? 404 : 400, { id, error: errorMessage(assigned) });
    return { id, assigned: true };
  },
  outcome: async ({ locals, request }) => {
    const user = requireUser(locals);
    if (!isBody(user.role)) error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const chosen = String(form.get('outcome') ?? '');
    const outcome = COMPLAINT_OUTCOMES.find((o) => o === chosen) ?? 'rejected';
    const text = String(form.get('text') ?? '').trim();
    const recorded = await api(
      locals,
      'POST',
      `/api/complaints/${encodeURIComponent(id)}/outcome`,
      schemas.complaint,
      { outcome, text },
    );
    if (!recorded.ok) return fail(recorded.status === 404 ? 404 : 400, { id, error: errorMessage(recorded) });
    return { id, recorded: true };
  },
} satisfies Actions;
