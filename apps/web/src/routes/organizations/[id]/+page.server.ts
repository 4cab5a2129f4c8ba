import { schemas } from '@ccmm/api/contract';
import { type AssessmentKind, AUDIT_KINDS } from '@ccmm/engine';
import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// A center's audit programme: the cycle each certificate opens, and (for the certification-body
// admin) the audits to create for it.

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const [organization, programme] = await Promise.all([
    api(locals, 'GET', `/api/organizations/${params.id}`, schemas.organization),
    api(locals, 'GET', `/api/organizations/${params.id}/programme`, schemas.programme),
  ]);
  if (!organization.ok) failPage(locals, organization);
  if (!programme.ok) failPage(locals, programme);
  let standards: string[] = [];
  if (user.role === 'cb_admin') {
    const listed = await api(locals, 'GET', '/api/standards', schemas.standards);
    if (listed.ok) standards = listed.body.filter((s) => s.status === 'published').map((s) => s.ref);
  }
  return {
    organization: organization.body,
    programme: programme.body,
    standards,
    mayCreate: user.role === 'cb_admin',
  };
}) satisfies PageServerLoad;

export const actions = {
  createAudit: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    const form = await request.formData();
    const kind = String(form.get('kind') ?? '') as AssessmentKind;
    const standard = String(form.get('standard') ?? '');
    const assessedOn = String(form.get('assessedOn') ?? '');
    if (user.role !== 'cb_admin')
      return fail(403, { message: t(locals.locale).programme.forbidden, kind, assessedOn });
    if (!AUDIT_KINDS.includes(kind))
      return fail(400, { message: t(locals.locale).programme.chooseKind, kind, assessedOn });
    const created = await api(locals, 'POST', '/api/assessments', schemas.assessment, {
      organizationId: params.id,
      standard,
      kind,
      assessedOn: assessedOn || undefined,
    });
    if (!created.ok) return fail(created.status, { message: errorMessage(created), kind, assessedOn });
    redirect(303, `/assessments/${created.body.id}`);
  },
} satisfies Actions;
