import { schemas } from '@ccmm/api/contract';
import { type AssessmentKind, AUDIT_KINDS } from '@ccmm/engine';
import { fail, redirect } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import type { Actions, PageServerLoad } from './$types';

// A center's audit programme: the cycle each certificate opens, and (for the certification-body
// admin) the audits to create for it; the stage 1 audits (document reviews) the body records
// before an initial certification.

/** The certification body records stage 1 audits. */
const mayReview = (role: string) => role === 'cb_admin' || role === 'cb_reviewer';

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const [organization, programme, stage1Reviews] = await Promise.all([
    api(locals, 'GET', `/api/organizations/${params.id}`, schemas.organization),
    api(locals, 'GET', `/api/organizations/${params.id}/programme`, schemas.programme),
    api(locals, 'GET', `/api/organizations/${params.id}/stage1-reviews`, schemas.stage1Reviews),
  ]);
  if (!organization.ok) failPage(locals, organization);
  if (!programme.ok) failPage(locals, programme);
  if (!stage1Reviews.ok) failPage(locals, stage1Reviews);
  let standards: string[] = [];
  if (mayReview(user.role)) {
    const listed = await api(locals, 'GET', '/api/standards', schemas.standards);
    if (listed.ok) standards = listed.body.filter((s) => s.status === 'published').map((s) => s.ref);
  }
  return {
    organization: organization.body,
    programme: programme.body,
    stage1Reviews: stage1Reviews.body,
    standards,
    mayCreate: user.role === 'cb_admin',
    mayReview: mayReview(user.role),
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

  recordStage1: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    const form = await request.formData();
    const review = {
      standard: String(form.get('standard') ?? ''),
      reviewedOn: String(form.get('reviewedOn') ?? ''),
      result: String(form.get('result') ?? ''),
      notes: String(form.get('notes') ?? ''),
    };
    if (!mayReview(user.role))
      return fail(403, { stage1: { message: t(locals.locale).stage1.forbidden, ...review } });
    const recorded = await api(
      locals,
      'POST',
      `/api/organizations/${params.id}/stage1-reviews`,
      schemas.stage1Review,
      review,
    );
    if (!recorded.ok)
      return fail(recorded.status, { stage1: { message: errorMessage(recorded), ...review } });
    return { stage1Recorded: true };
  },
} satisfies Actions;
