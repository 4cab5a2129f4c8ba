import { schemas } from '@ccmm/api/contract';
import { fullYearsBetween, isRatingValue, isSealedFrom } from '@ccmm/engine';
import { api } from './api';
import { failPage } from './guard';

/**
 * What both assessment pages need: the assessment, its pack, its ratings and the operating years.
 * An audit in progress is sealed from the audited center (isSealedFrom): no ratings are asked
 * for, `sealed` says why the pages show none. `layer`: the scoring guide reads the caller's own
 * layer (on a team audit each auditor rates in their own; elsewhere it is the team rating).
 */
export async function loadAssessment(locals: App.Locals, id: string, layer: 'team' | 'mine' = 'team') {
  const found = await api(
    locals,
    'GET',
    `/api/assessments/${encodeURIComponent(id)}`,
    schemas.assessmentDetail,
  );
  if (!found.ok) failPage(locals, found);
  const assessment = found.body;
  const sealed = locals.user ? isSealedFrom(locals.user, assessment) : false;
  const [standard, scores, organization] = await Promise.all([
    api(locals, 'GET', `/api/standards/${encodeURIComponent(assessment.standard)}`, schemas.standard),
    sealed
      ? ({ ok: true, body: { standard: assessment.standard, ratings: [] } } as const)
      : api(locals, 'GET', `/api/assessments/${assessment.id}/scores?layer=${layer}`, schemas.ratings),
    api(locals, 'GET', `/api/organizations/${assessment.organizationId}`, schemas.organization),
  ]);
  if (!standard.ok) failPage(locals, standard);
  if (!scores.ok) failPage(locals, scores);
  // An auditor may not see the organization record itself; its opening date is then unknown (0 years).
  const operatingSince = organization.ok ? organization.body.operatingSince : null;
  const operatingYears = operatingSince ? (fullYearsBetween(operatingSince, assessment.assessedOn) ?? 0) : 0;
  // The API stores only 0, 5 and 10 (it refuses any other rate); typed here as the engine's values.
  const ratings = scores.body.ratings.map(({ clause, c, f, note, version, carried }) => ({
    clause,
    c: isRatingValue(c) ? c : null,
    f: isRatingValue(f) ? f : null,
    note,
    version,
    carried,
  }));
  return { assessment, pack: standard.body.pack, ratings, operatingYears, sealed };
}
