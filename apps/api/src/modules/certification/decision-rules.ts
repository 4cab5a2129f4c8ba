import type { AssessmentStatus, DecisionOutcome } from '@ccmm/db';
import { AUDIT_KINDS, DECIDABLE_STATUSES } from '@ccmm/engine';
import { contentHash } from '@ccmm/standard';
import { type AppError, errors } from '../../errors.ts';

// The rules of a certification decision, as small named checks.

/** Which audits are decided and when: see @ccmm/engine domain.ts for why. */
export { AUDIT_KINDS, DECIDABLE_STATUSES };

export const NEXT_STATUS: Readonly<Record<DecisionOutcome, AssessmentStatus>> = {
  certify: 'decided',
  return: 'returned',
  refuse: 'refused',
};

export interface DecisionBody {
  readonly outcome: DecisionOutcome;
  readonly level?: number | undefined;
  readonly reason?: string | undefined;
  readonly comments?: string | undefined;
}

/** What the body of a decision must hold, given the level the ratings reach; null when it holds. */
export function decisionProblem(body: DecisionBody, eligibleLevel: number): AppError | null {
  switch (body.outcome) {
    case 'certify':
      if (body.level === undefined) return errors.badRequest('certification.level_required');
      if (body.level > eligibleLevel) {
        return errors.unprocessable('certification.level_exceeds_eligibility', {
          level: body.level,
          eligible: eligibleLevel,
        });
      }
      if (body.level < eligibleLevel && !body.reason)
        return errors.badRequest('certification.reason_required');
      return null;
    case 'return':
      return body.comments ? null : errors.badRequest('certification.comments_required');
    case 'refuse':
      return body.reason ? null : errors.badRequest('certification.reason_required');
  }
}

/** A level more than one above the organization's current certificate (0: none) skips levels. */
export function skipsLevels(currentLevel: number, decidedLevel: number): boolean {
  return decidedLevel > currentLevel + 1;
}

/**
 * The ratings a decision rests on, frozen with the certificate, and their hash (the decision
 * route and the demo loader freeze them alike).
 */
export function decisionSnapshot(
  assessment: { readonly id: string; readonly standardRef: string; readonly assessedOn: string },
  operatingYears: number,
  ratings: readonly {
    readonly clause: number;
    readonly c: number | null;
    readonly f: number | null;
    readonly note: string | null;
  }[],
) {
  const snapshot = {
    assessmentId: assessment.id,
    standard: assessment.standardRef,
    assessedOn: assessment.assessedOn,
    operatingYears,
    ratings: ratings.map((r) => ({ clause: r.clause, c: r.c, f: r.f, note: r.note })),
  };
  return { snapshot, snapshotHash: contentHash(snapshot) };
}
