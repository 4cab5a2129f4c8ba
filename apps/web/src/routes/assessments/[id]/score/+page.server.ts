import type { AssessmentAttainment } from '$lib/kpis/types';
import { api } from '$lib/server/api';
import { loadAssessment } from '$lib/server/assessment';
import { requireUser } from '$lib/server/guard';
import { isCenterRole } from '$lib/session';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
  const user = requireUser(locals);
  const loaded = await loadAssessment(locals, params.id);
  const { assessment } = loaded;
  // Mirrors the API's rule (it decides anyway): assigned auditors, and center users in a self-assessment.
  const canRate =
    ['draft', 'in_progress', 'returned'].includes(assessment.status) &&
    (user.role === 'auditor' || (isCenterRole(user.role) && assessment.kind === 'self'));
  // Clauses 125–128 show what the recorded KPIs say: loaded once for the page, not per clause.
  const kpis = await api<AssessmentAttainment>(
    locals,
    'GET',
    `/api/assessments/${assessment.id}/kpi-attainment`,
  );
  return { ...loaded, canRate, kpiAttainment: kpis.ok ? kpis.body : null };
}) satisfies PageServerLoad;
