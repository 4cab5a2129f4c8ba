import { type AttentionItem, schemas } from '@ccmm/api/contract';
import {
  ASSESSMENT_KINDS,
  ASSESSMENT_STATUSES,
  type AssessmentKind,
  type AssessmentStatus,
  AUDIT_KINDS,
  OPEN_STATUSES,
} from '@ccmm/engine';
import { fail, redirect } from '@sveltejs/kit';
import { api, errorMessage, totalOf } from '$lib/server/api';
import { failPage, requireUser } from '$lib/server/guard';
import { isCenterRole } from '$lib/session';
import type { Actions, PageServerLoad } from './$types';

async function currentStandard(locals: App.Locals): Promise<string | null> {
  const list = await api(locals, 'GET', '/api/standards', schemas.standards);
  if (!list.ok) return null;
  return (list.body.find((s) => s.status === 'published') ?? list.body[0])?.ref ?? null;
}

/** Rows per page of the assessments list. */
const PAGE_SIZE = 50;
/** At most this many rows of "your work" on the home page; the list below has the rest. */
const WORK_ROWS = 20;

/**
 * Each role's own work first: the reviewer's audits awaiting review or decision (oldest first),
 * the auditor's audits still open for ratings. The list below it is paged and filtered on the server.
 */
function workFor(role: string): { status: AssessmentStatus[]; kind: AssessmentKind[] } | null {
  if (role === 'cb_admin' || role === 'cb_reviewer')
    return { status: ['submitted', 'in_review'], kind: [...AUDIT_KINDS] };
  if (role === 'auditor') return { status: [...OPEN_STATUSES], kind: [...AUDIT_KINDS] };
  return null;
}

export const load = (async ({ locals, url }) => {
  const user = requireUser(locals);
  const filters = listFilters(url.searchParams);
  const page = Math.max(1, Math.trunc(Number(url.searchParams.get('page'))) || 1);
  const query = new URLSearchParams({
    ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== '')),
    limit: String(PAGE_SIZE),
    offset: String((page - 1) * PAGE_SIZE),
  });
  const work = workFor(user.role);
  const [list, workList, standard, attentionList] = await Promise.all([
    api(locals, 'GET', `/api/assessments?${query}`, schemas.assessments),
    work
      ? api(
          locals,
          'GET',
          `/api/assessments?status=${work.status.join(',')}&kind=${work.kind.join(',')}&limit=${WORK_ROWS}`,
          schemas.assessments,
        )
      : null,
    isCenterRole(user.role) ? currentStandard(locals) : null,
    // The body's home also lists what it must act on: audits overdue or due, suspensions ending.
    user.role === 'cb_admin' || user.role === 'cb_reviewer'
      ? api(locals, 'GET', '/api/programme/attention', schemas.attention)
      : null,
  ]);
  if (!list.ok) failPage(locals, list);
  const attention: AttentionItem[] = attentionList?.ok ? attentionList.body : [];
  return {
    assessments: list.body,
    total: totalOf(list),
    page,
    pageSize: PAGE_SIZE,
    filters,
    work: workList?.ok ? { rows: [...workList.body].reverse(), total: totalOf(workList) } : null,
    standard,
    attention,
  };
}) satisfies PageServerLoad;

/** The list's filters as the URL gives them (unknown values dropped: the API would refuse them). */
function listFilters(params: URLSearchParams) {
  const pick = <T extends string>(name: string, allowed: readonly T[]) => {
    const value = params.get(name) ?? '';
    return (allowed as readonly string[]).includes(value) ? (value as T) : '';
  };
  const date = (name: string) => {
    const value = params.get(name) ?? '';
    return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : '';
  };
  return {
    q: (params.get('q') ?? '').trim().slice(0, 100),
    kind: pick('kind', ASSESSMENT_KINDS),
    status: pick('status', ASSESSMENT_STATUSES),
    from: date('from'),
    to: date('to'),
  };
}

export const actions = {
  startSelf: async ({ locals, request }) => {
    const user = requireUser(locals);
    const standard = await currentStandard(locals);
    if (!user.organizationId || !standard) return fail(400, { message: 'no organization or standard' });
    // Blank, or a copy of the center's previous self-assessment or last submitted audit.
    const from = String((await request.formData()).get('startFrom') ?? '');
    const startFrom = from === 'previous' || from === 'last_audit' ? from : undefined;
    const created = await api(locals, 'POST', '/api/assessments', schemas.assessment, {
      organizationId: user.organizationId,
      standard,
      kind: 'self',
      startFrom,
    });
    if (!created.ok) return fail(created.status, { message: errorMessage(created) });
    redirect(303, `/assessments/${created.body.id}/score`);
  },
} satisfies Actions;
