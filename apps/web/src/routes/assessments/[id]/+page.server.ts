import { describeCriterion, evaluateEligibility } from '@ccmm/engine';
import { error, fail } from '@sveltejs/kit';
import { t } from '$lib/i18n';
import { api, errorMessage } from '$lib/server/api';
import { loadAssessment } from '$lib/server/assessment';
import { type ImportProblem, putRatingsCsv } from '$lib/server/csv-import';
import { requireUser } from '$lib/server/guard';
import { isCenterRole, type SessionUser } from '$lib/session';
import type { Assessment } from '$lib/types';
import type { Actions, PageServerLoad } from './$types';

interface Person {
  id: string;
  name: string;
  email: string;
}

/** Mirrors the API's rule (it decides anyway): assigned auditors, and center users in a self-assessment, while open. */
function mayRate(user: SessionUser, assessment: Assessment & { auditors?: Person[] }): boolean {
  if (assessment.status === 'submitted') return false;
  if (user.role === 'auditor') return (assessment.auditors ?? []).some((a) => a.id === user.id);
  return (
    isCenterRole(user.role) && assessment.kind === 'self' && assessment.organizationId === user.organizationId
  );
}

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const { assessment, pack, ratings, operatingYears } = await loadAssessment(locals, params.id);
  const assigned = (assessment as Assessment & { auditors?: Person[] }).auditors ?? [];
  // The certification-body admin assigns auditors: every user with the auditor role is a choice.
  let auditorChoices: Person[] | null = null;
  if (user.role === 'cb_admin') {
    const listed = await api<Person[]>(locals, 'GET', '/api/users?role=auditor');
    auditorChoices = listed.ok ? listed.body.map(({ id, name, email }) => ({ id, name, email })) : [];
  }
  const result = evaluateEligibility(pack, ratings, { operatingYears });
  const locale = locals.locale;
  // Only what the page shows: the pack stays on the server.
  return {
    assessment,
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
    canRate: mayRate(user, assessment),
  };
}) satisfies PageServerLoad;

export const actions = {
  auditors: async ({ locals, params, request }) => {
    const user = requireUser(locals);
    if (user.role !== 'cb_admin') error(403, { message: t(locals.locale).errors.forbidden });
    const form = await request.formData();
    const userIds = form.getAll('userIds').map(String);
    const saved = await api<Person[]>(
      locals,
      'PUT',
      `/api/assessments/${encodeURIComponent(params.id)}/auditors`,
      {
        userIds,
      },
    );
    if (!saved.ok) return fail(400, { auditorsError: errorMessage(saved) });
    return { auditorsSaved: true };
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
