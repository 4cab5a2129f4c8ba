// What an audit shows to whom while it is under way (the issue of audit integrity): the pure
// rules are isSealedFrom and suggestsChanges (domain.ts); this applies the second to a result.
import type { AssessmentKind, Role } from './domain.ts';
import { suggestsChanges } from './domain.ts';
import type { EligibilityResult } from './eligibility.ts';

/**
 * The eligibility as the reader may see it: an auditor on an audit sees where the audit stands
 * and what each level needs, never the fewest changes that would reach it.
 */
export function eligibilityFor(
  reader: { readonly role: Role },
  assessment: { readonly kind: AssessmentKind },
  result: EligibilityResult,
): EligibilityResult {
  return suggestsChanges(reader, assessment) ? result : withoutSuggestedChanges(result);
}

/** The result with the gap's suggested changes left out (what the level needs stays). */
export function withoutSuggestedChanges(result: EligibilityResult): EligibilityResult {
  if (!result.gap) return result;
  return { ...result, gap: { ...result.gap, changes: [], totalAfterChanges: result.total } };
}
