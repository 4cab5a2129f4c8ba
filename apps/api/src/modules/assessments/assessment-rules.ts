import { isOpenForRatings, mayRate as mayRateBy, OPEN_STATUSES } from '@ccmm/engine';
import type { Actor } from '../../actor.ts';
import type { AssessmentView } from './assessments.repository.ts';

// The rules of who may do what to an assessment, as small named checks. The rules themselves
// are the engine's (@ccmm/engine domain.ts), so the web's pages ask the same questions.

export { OPEN_STATUSES };

export function isOpen(assessment: Pick<AssessmentView, 'status'>): boolean {
  return isOpenForRatings(assessment.status);
}

/**
 * Assigned auditors rate audits; in a self-assessment the center's own users rate. The
 * certification body and consultants read only.
 */
export function mayRate(
  actor: Pick<Actor, 'role' | 'organizationId'>,
  assessment: Pick<AssessmentView, 'kind' | 'organizationId'>,
  isAssignedAuditor: boolean,
): boolean {
  return mayRateBy(actor, assessment, isAssignedAuditor);
}
