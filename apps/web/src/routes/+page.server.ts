import { type AttentionItem, type CertificateSummary, type Programme, schemas } from '@ccmm/api/contract';
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
  const [list, workList, standard, attentionList, center, served] = await Promise.all([
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
    isCenterRole(user.role) && user.organizationId ? centerAtAGlance(locals, user.organizationId) : null,
    // A consultant's centers: those that granted it access (the list shows no others).
    user.role === 'consultant'
      ? api(locals, 'GET', `/api/organizations?limit=${CENTERS_SHOWN}`, schemas.organizations)
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
    center,
    served: served?.ok ? { rows: served.body, total: totalOf(served) } : null,
  };
}) satisfies PageServerLoad;

/** At most this many of a consultant's centers on the home page; the organizations page has them all. */
const CENTERS_SHOWN = 12;

/**
 * A center's own state first: its certificate, the next audit its programme expects, and the
 * assessment under way. Each part is left out when it cannot be read, never the page.
 */
async function centerAtAGlance(locals: App.Locals, organizationId: string) {
  const id = encodeURIComponent(organizationId);
  const [certificates, programme, open] = await Promise.all([
    api(locals, 'GET', `/api/certificates?organizationId=${id}`, schemas.certificates),
    api(locals, 'GET', `/api/organizations/${id}/programme`, schemas.programme),
    api(
      locals,
      'GET',
      `/api/assessments?organizationId=${id}&status=${OPEN_STATUSES.join(',')}&limit=3`,
      schemas.assessments,
    ),
  ]);
  return {
    organizationId,
    certificate: certificates.ok ? currentCertificate(certificates.body) : null,
    nextAudit: programme.ok ? nextAudit(programme.body) : null,
    open: open.ok ? open.body : [],
  };
}

/** The certificate in force (or suspended), else the most recently issued one. */
function currentCertificate(list: readonly CertificateSummary[]): CertificateSummary | null {
  const newest = [...list].sort((a, b) => b.issuedOn.localeCompare(a.issuedOn));
  return newest.find((c) => c.status === 'active' || c.status === 'suspended') ?? newest[0] ?? null;
}

/** The audit the programme expects next: of the latest cycle, the earliest not done. */
function nextAudit(programme: Programme) {
  const cycle = programme.cycles.at(-1);
  const pending = (cycle?.audits ?? []).filter((a) => a.status !== 'done' && a.kind !== 'stage1');
  return pending.sort((a, b) => a.dueBy.localeCompare(b.dueBy))[0] ?? null;
}

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
