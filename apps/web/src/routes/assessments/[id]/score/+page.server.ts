import { schemas } from '@ccmm/api/contract';
import { isOpenForRatings, mayRate, suggestsChanges } from '@ccmm/engine';
import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { loadAssessment } from '$lib/server/assessment';
import { requireUser } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const loaded = await loadAssessment(locals, params.id, 'mine');
  const { assessment } = loaded;
  // An audit in progress is sealed from the audited center: its overview says so.
  if (loaded.sealed) redirect(303, `/assessments/${assessment.id}`);
  // The API's rule from the engine (the API decides anyway). An auditor sees only the audits
  // they are assigned to, so one who sees this page is assigned.
  const canRate = isOpenForRatings(assessment.status) && mayRate(user, assessment, user.role === 'auditor');
  // Clauses 125–128 show what the recorded KPIs say: loaded once for the page, not per clause.
  const kpis = await api(
    locals,
    'GET',
    `/api/assessments/${assessment.id}/kpi-attainment`,
    schemas.assessmentKpiAttainment,
  );
  // The audit team records findings until the audit is decided (the API checks the team).
  const canRecordFindings =
    user.role === 'auditor' &&
    assessment.kind !== 'self' &&
    !['decided', 'refused'].includes(assessment.status);
  // An auditor on an audit sees where it stands, never the fewest changes to the next level.
  const suggestChanges = suggestsChanges(user, assessment);
  // A team audit (two or more auditors): the guide is the auditor's own layer; the team
  // ratings the lead has set so far are shown beside it.
  let teamRatings: Record<number, { c: number | null; f: number | null }> | null = null;
  if (user.role === 'auditor' && assessment.kind !== 'self' && assessment.auditors.length > 1) {
    const team = await api(locals, 'GET', `/api/assessments/${assessment.id}/scores`, schemas.ratings);
    teamRatings = Object.fromEntries(
      (team.ok ? team.body.ratings : []).filter((r) => !r.carried).map((r) => [r.clause, { c: r.c, f: r.f }]),
    );
  }
  // A self-assessment: the center's last decided audit beside each clause (never on an audit).
  let lastAudit: {
    assessedOn: string;
    ratings: Record<number, { c: number | null; f: number | null }>;
  } | null = null;
  if (assessment.kind === 'self') {
    const last = await api(locals, 'GET', `/api/assessments/${assessment.id}/last-audit`, schemas.lastAudit);
    if (last.ok && last.body.audit) {
      lastAudit = {
        assessedOn: last.body.audit.assessedOn,
        ratings: Object.fromEntries(last.body.ratings.map((r) => [r.clause, { c: r.c, f: r.f }])),
      };
    }
  }
  return {
    ...loaded,
    lastAudit,
    canRate,
    canRecordFindings,
    suggestChanges,
    teamRatings,
    userId: user.id,
    kpiAttainment: kpis.ok ? kpis.body : null,
  };
}) satisfies PageServerLoad;
