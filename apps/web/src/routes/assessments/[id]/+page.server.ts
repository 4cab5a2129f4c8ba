import { type AssessmentDetail, type Auditor, type Decision, schemas } from '@ccmm/api/contract';
import {
  AUDIT_KINDS,
  addMonthsToDate,
  DECISION_OUTCOMES,
  type DecisionOutcome,
  describeCriterion,
  evaluateEligibility,
  isOpenForRatings,
  mayRate,
  REVIEWED_STATUSES,
  SUSPENSION_MAX_MONTHS,
  TEAM_ROLES,
} from '@ccmm/engine';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { loadAssessment } from '$lib/server/assessment';
import { type ImportProblem, putRatingsCsv } from '$lib/server/csv-import';
import { requireUser } from '$lib/server/guard';
import { isCenterRole, type SessionUser } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

/** The API's rule from the engine (the API decides anyway), while the assessment is open. */
function canRate(user: SessionUser, assessment: AssessmentDetail): boolean {
  const assigned = assessment.auditors.some((a) => a.id === user.id);
  return isOpenForRatings(assessment.status) && mayRate(user, assessment, assigned);
}

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const { assessment, pack, ratings, operatingYears, sealed } = await loadAssessment(locals, params.id);
  const assigned = assessment.auditors;
  // The certification-body admin assigns auditors: every user with the auditor role is a choice.
  let auditorChoices: Auditor[] | null = null;
  if (user.role === 'cb_admin') {
    const listed = await api(locals, 'GET', '/api/users?role=auditor', schemas.users);
    auditorChoices = listed.ok ? listed.body.map(({ id, name, email }) => ({ id, name, email })) : [];
  }
  const result = evaluateEligibility(pack, ratings, { operatingYears });
  const locale = locals.locale;
  // The certification body's review: the decisions so far and the organization's current certificate.
  let review: {
    decidable: boolean;
    decisions: Decision[];
    current: { level: number; name: string; number: string } | null;
    issuing: { publicOrigin: string; publicOriginIsLocal: boolean } | null;
  } | null = null;
  if (
    (user.role === 'cb_admin' || user.role === 'cb_reviewer') &&
    AUDIT_KINDS.includes(assessment.kind) &&
    REVIEWED_STATUSES.includes(assessment.status)
  ) {
    const [decisions, certificates, issuing] = await Promise.all([
      api(locals, 'GET', `/api/assessments/${assessment.id}/decisions`, schemas.decisions),
      api(
        locals,
        'GET',
        `/api/certificates?organizationId=${encodeURIComponent(assessment.organizationId)}`,
        schemas.certificates,
      ),
      api(locals, 'GET', '/api/certificates/issuing', schemas.issuing),
    ]);
    // The certificate a decision acts on: active or suspended (a surveillance decision may lift it).
    const active = (certificates.ok ? certificates.body : [])
      .filter((c) => c.status === 'active' || c.status === 'suspended')
      .sort((x, y) => y.level - x.level)[0];
    review = {
      decidable: assessment.status === 'submitted' || assessment.status === 'in_review',
      decisions: decisions.ok ? decisions.body : [],
      current: active ? { level: active.level, name: active.levelName[locale], number: active.number } : null,
      issuing: issuing.ok ? issuing.body : null,
    };
  }
  // The center and the auditors are told the decisions on their audit, with the reasons.
  let decisionsSeen: Decision[] | null = null;
  if (
    !review &&
    AUDIT_KINDS.includes(assessment.kind) &&
    (REVIEWED_STATUSES.includes(assessment.status) || assessment.status === 'returned')
  ) {
    const decisions = await api(
      locals,
      'GET',
      `/api/assessments/${assessment.id}/decisions`,
      schemas.decisions,
    );
    decisionsSeen = decisions.ok ? decisions.body : null;
  }
  // The center admin may appeal the latest decision (a return decides nothing yet); the open
  // appeal against it, if any, is shown instead of the form.
  let appeal: { decision: Decision; openReference: string | null } | null = null;
  const latest = decisionsSeen?.at(-1);
  if (user.role === 'center_admin' && user.organizationId && latest && latest.outcome !== 'return') {
    const complaints = await api(
      locals,
      'GET',
      `/api/organizations/${encodeURIComponent(user.organizationId)}/complaints`,
      schemas.centerComplaints,
    );
    const open = (complaints.ok ? complaints.body : []).find(
      (c) => c.kind === 'appeal' && c.decisionId === latest.id && c.status !== 'closed',
    );
    appeal = { decision: latest, openReference: open?.reference ?? null };
  }
  // An audit's plan: its days on site, man-days and team (the admin plans it while it is open).
  const plan = AUDIT_KINDS.includes(assessment.kind)
    ? await api(locals, 'GET', `/api/assessments/${assessment.id}/plan`, schemas.auditPlan)
    : null;
  // An audit's findings and, for its open nonconformities, what each stands in the way of.
  const [findings, actionPlan] = AUDIT_KINDS.includes(assessment.kind)
    ? await Promise.all([
        api(locals, 'GET', `/api/assessments/${assessment.id}/findings`, schemas.findings),
        api(locals, 'GET', `/api/assessments/${assessment.id}/action-plan`, schemas.actionPlan),
      ])
    : [null, null];
  // Presence on record: the audit team's check-ins (consultants do not see them).
  const checkIns =
    AUDIT_KINDS.includes(assessment.kind) && user.role !== 'consultant'
      ? await api(locals, 'GET', `/api/assessments/${assessment.id}/check-ins`, schemas.checkIns)
      : null;
  // Only what the page shows: the pack stays on the server.
  // Moving to another edition: the body's admin, or a center admin its own self-assessment.
  const mayMove =
    isOpenForRatings(assessment.status) &&
    (user.role === 'cb_admin' || (user.role === 'center_admin' && assessment.kind === 'self'));
  const editions = mayMove ? await api(locals, 'GET', '/api/standards', schemas.standards) : null;
  const moveTargets = editions?.ok
    ? editions.body.filter((e) => e.status === 'published' && e.ref !== assessment.standard).map((e) => e.ref)
    : [];

  return {
    moveTargets,
    findings: findings?.ok ? findings.body : [],
    actionPlan: actionPlan?.ok ? actionPlan.body : null,
    findingRoles: {
      center: isCenterRole(user.role) && user.organizationId === assessment.organizationId,
      team: user.role === 'auditor' && assessment.auditors.some((a) => a.id === user.id),
    },
    checkIns: checkIns?.ok ? checkIns.body : null,
    checkInRoles: {
      team:
        user.role === 'auditor' &&
        assessment.auditors.some((a) => a.id === user.id) &&
        AUDIT_KINDS.includes(assessment.kind),
      body: user.role === 'cb_admin' || user.role === 'cb_reviewer',
    },
    userId: user.id,
    today: new Date().toISOString().slice(0, 10),
    plan: plan?.ok ? plan.body : null,
    mayPlan:
      user.role === 'cb_admin' &&
      AUDIT_KINDS.includes(assessment.kind) &&
      isOpenForRatings(assessment.status),
    decisionsSeen,
    suspensionLatest: addMonthsToDate(new Date().toISOString().slice(0, 10), SUSPENSION_MAX_MONTHS),
    assessment,
    sealed,
    standardTitle: pack.title[locale],
    level: result.level,
    levelName: pack.levels.find((l) => l.level === result.level)?.name[locale] ?? '',
    total: result.total,
    maxTotal: result.maxTotal,
    operatingYears,
    domains: result.domains.map((d) => ({
      id: d.id,
      title: pack.domains.find((x) => x.id === d.id)?.title[locale] ?? d.id,
      points: d.points,
      maxPoints: d.maxPoints,
    })),
    levels: result.levels.map((l) => ({
      level: l.level,
      code: l.code,
      reached: l.reached,
      name: pack.levels.find((x) => x.level === l.level)?.name[locale] ?? '',
      criteria: result.criteria
        .filter((c) => c.level === l.level)
        .map((c) => ({
          id: c.id,
          text: describeCriterion(pack, c, locale),
          required: c.required,
          actual: c.actual,
          met: c.met,
        })),
    })),
    incompleteClauses: result.incompleteClauses,
    auditors: assigned.map(({ id, name, email }) => ({ id, name, email })),
    auditorChoices,
    canRate: canRate(user, assessment),
    // A moved assessment's proposals (split and merged clauses), confirmed one by one.
    proposals: assessment.carriedFrom ? 0 : ratings.filter((r) => r.carried).length,
    review,
    appeal,
  };
}) satisfies PageServerLoad;

/** A finding step from a form: the API's refusal comes back beside that finding. */
async function findingStep(
  locals: App.Locals,
  request: Request,
  step: (
    form: FormData,
    text: (name: string) => string | undefined,
  ) => { path: string; method: 'PUT' | 'POST'; body: object },
) {
  requireUser(locals);
  const form = await request.formData();
  const text = (name: string) => {
    const value = String(form.get(name) ?? '').trim();
    return value === '' ? undefined : value;
  };
  const findingId = String(form.get('finding') ?? '');
  const { path, method, body } = step(form, text);
  const done = await api(
    locals,
    method,
    `/api/findings/${encodeURIComponent(findingId)}${path}`,
    schemas.finding,
    body,
  );
  if (!done.ok)
    return fail(done.status >= 400 && done.status < 500 ? done.status : 400, {
      findingId,
      findingError: errorMessage(done),
    });
  return { findingId, findingDone: done.body.state };
}

export const actions = {
  findingPlan: ({ locals, request }) =>
    findingStep(locals, request, (_, text) => ({
      path: '/plan',
      method: 'PUT',
      body: {
        correction: text('correction'),
        rootCause: text('rootCause'),
        action: text('action'),
        owner: text('owner'),
        dueOn: text('dueOn'),
      },
    })),
  findingCorrection: async ({ locals, params, request }) => {
    // The photo or file of the correction goes up first, as evidence of the finding's clauses.
    const form = await request.clone().formData();
    const file = form.get('file');
    const findingId = String(form.get('finding') ?? '');
    let evidenceIds: string[] = [];
    if (file instanceof File && file.size > 0) {
      const upload = new FormData();
      upload.set('file', file, file.name);
      const caption = String(form.get('caption') ?? '').trim();
      if (caption) upload.set('caption', caption);
      const uploaded = await api(
        locals,
        'POST',
        `/api/assessments/${encodeURIComponent(params.id)}/findings/${encodeURIComponent(findingId)}/evidence`,
        schemas.evidence,
        upload,
      );
      if (!uploaded.ok)
        return fail(uploaded.status >= 400 && uploaded.status < 500 ? uploaded.status : 400, {
          findingId,
          findingError: errorMessage(uploaded),
        });
      evidenceIds = [uploaded.body.id];
    }
    return findingStep(locals, request, (_, text) => ({
      path: '/correction',
      method: 'POST',
      body: { note: text('note'), evidenceIds },
    }));
  },
  findingReview: ({ locals, request }) =>
    findingStep(locals, request, (_, text) => ({
      path: '/review',
      method: 'POST',
      body: { verdict: text('verdict'), comment: text('comment') },
    })),
  move: async ({ locals, params, request }) => {
    requireUser(locals);
    const to = String((await request.formData()).get('to') ?? '');
    const moved = await api(
      locals,
      'POST',
      `/api/assessments/${encodeURIComponent(params.id)}/move`,
      schemas.moveResult,
      { to },
    );
    if (!moved.ok) return fail(moved.status, { moveError: errorMessage(moved) });
    return { moved: moved.body };
  },
  submit: async ({ locals, params }) => {
    requireUser(locals);
    const submitted = await api(
      locals,
      'POST',
      `/api/assessments/${encodeURIComponent(params.id)}/submit`,
      schemas.assessment,
    );
    if (!submitted.ok)
      return fail(submitted.status === 409 ? 409 : 400, { submitError: errorMessage(submitted) });
    return { submitted: true };
  },
  decide: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'cb_admin' && user.role !== 'cb_reviewer')
      error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const field = (name: string) => {
      const value = String(form.get(name) ?? '').trim();
      return value === '' ? undefined : value;
    };
    const chosen = field('outcome');
    const outcome: DecisionOutcome = DECISION_OUTCOMES.find((o) => o === chosen) ?? 'certify';
    const levelText = field('level');
    const values = {
      outcome,
      level: (outcome === 'certify' || outcome === 'lower') && levelText ? Number(levelText) : undefined,
      reason: field('reason'),
      comments: field('comments'),
      scope: outcome === 'certify' ? field('scope') : undefined,
      until: outcome === 'suspend' ? field('until') : undefined,
    };
    // A decision cannot be undone: the form asks to confirm it first.
    if (field('confirm') !== 'yes')
      return fail(400, {
        decisionError: t(locals.locale).certification.decision.confirmRequired,
        decisionValues: { ...values, levelText: levelText ?? '' },
      });
    const decided = await api(
      locals,
      'POST',
      `/api/assessments/${encodeURIComponent(params.id)}/decision`,
      schemas.decisionAnswer,
      values,
    );
    if (!decided.ok)
      return fail(decided.status >= 400 && decided.status < 500 ? decided.status : 400, {
        decisionError: errorMessage(decided),
        decisionValues: { ...values, levelText: levelText ?? '' },
      });
    const { decision, certificate, warning } = decided.body;
    return {
      decided: {
        outcome: decision.outcome,
        level: decision.level,
        certificateNumber: certificate?.number ?? null,
        warning: warning?.message ?? null,
      },
    };
  },
  appeal: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'center_admin') error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const text = String(form.get('text') ?? '').trim();
    const lodged = await api(
      locals,
      'POST',
      `/api/assessments/${encodeURIComponent(params.id)}/appeals`,
      schemas.lodged,
      { text },
    );
    if (!lodged.ok)
      return fail(lodged.status >= 400 && lodged.status < 500 ? lodged.status : 400, {
        appealError: errorMessage(lodged),
        appealText: text,
      });
    return { appealReference: lodged.body.reference };
  },
  auditors: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const userIds = form.getAll('userIds').map(String);
    const saved = await api(
      locals,
      'PUT',
      `/api/assessments/${encodeURIComponent(params.id)}/auditors`,
      schemas.auditors,
      {
        userIds,
      },
    );
    if (!saved.ok) return fail(400, { auditorsError: errorMessage(saved) });
    return { auditorsSaved: true };
  },
  plan: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    // One row per auditor: a role (none: not on the team) and the domains covered.
    const team = form.getAll('member').flatMap((value) => {
      const userId = String(value);
      const role = text(`role-${userId}`);
      return TEAM_ROLES.find((r) => r === role)
        ? [{ userId, role, domains: form.getAll(`domains-${userId}`).map(String) }]
        : [];
    });
    const saved = await api(
      locals,
      'PUT',
      `/api/assessments/${encodeURIComponent(params.id)}/plan`,
      schemas.auditPlan,
      { onSiteFrom: text('onSiteFrom'), onSiteTo: text('onSiteTo'), manDays: Number(text('manDays')), team },
    );
    if (!saved.ok)
      return fail(saved.status >= 400 && saved.status < 500 ? saved.status : 400, {
        planError: errorMessage(saved),
      });
    return { planSaved: true };
  },
  import: async ({ locals, params, request }) => {
    requireUser(locals);
    const m = t(locals.locale);
    const form = await request.formData();
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0)
      return fail(400, { importError: m.admin.import.noFile, problems: [] as ImportProblem[] });
    const result = await putRatingsCsv(locals, params.id, await file.arrayBuffer());
    const body = result.body;
    if (result.ok && body && 'written' in body) return { imported: body.written };
    const problems: ImportProblem[] = body && 'problems' in body && body.problems ? body.problems : [];
    return fail(result.status === 409 ? 409 : 400, {
      importError: body && 'message' in body ? body.message : errorMessage(result),
      problems,
    });
  },
} satisfies Actions;
