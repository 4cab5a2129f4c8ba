import {
  type ClauseRating,
  type EligibilityResult,
  evaluateEligibility,
  fullYearsBetween,
  type Standard,
} from '@ccmm/engine';
import type { AssessmentView } from './assessments.repository.ts';

/**
 * The engine's result for an assessment's stored ratings: operating years are the full years
 * from the organization's operatingSince to the assessment's assessedOn.
 */
export function assessmentEligibility(
  standard: Standard,
  assessment: Pick<AssessmentView, 'operatingSince' | 'assessedOn'>,
  ratings: readonly ClauseRating[],
): EligibilityResult {
  const operatingYears = fullYearsBetween(assessment.operatingSince, assessment.assessedOn) ?? 0;
  return evaluateEligibility(standard, ratings, { operatingYears });
}
