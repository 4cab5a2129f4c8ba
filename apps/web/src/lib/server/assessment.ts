import { fullYearsBetween, type Standard } from '@ccmm/engine';
import type { Assessment, Organization, Rating } from '$lib/types';
import { api } from './api';
import { failPage } from './guard';

/** What both assessment pages need: the assessment, its pack, its ratings and the operating years. */
export async function loadAssessment(locals: App.Locals, id: string) {
  const found = await api<Assessment>(locals, 'GET', `/api/assessments/${encodeURIComponent(id)}`);
  if (!found.ok) failPage(locals, found);
  const assessment = found.body;
  const [standard, scores, organization] = await Promise.all([
    api<{ pack: Standard }>(locals, 'GET', `/api/standards/${encodeURIComponent(assessment.standard)}`),
    api<{ ratings: Rating[] }>(locals, 'GET', `/api/assessments/${assessment.id}/scores`),
    api<Organization>(locals, 'GET', `/api/organizations/${assessment.organizationId}`),
  ]);
  if (!standard.ok) failPage(locals, standard);
  if (!scores.ok) failPage(locals, scores);
  // An auditor may not see the organization record itself; its opening date is then unknown (0 years).
  const operatingSince = organization.ok ? organization.body.operatingSince : null;
  const operatingYears = operatingSince ? (fullYearsBetween(operatingSince, assessment.assessedOn) ?? 0) : 0;
  const ratings = scores.body.ratings.map(({ clause, c, f, note, version }) => ({
    clause,
    c,
    f,
    note,
    version,
  }));
  return { assessment, pack: standard.body.pack, ratings, operatingYears };
}
