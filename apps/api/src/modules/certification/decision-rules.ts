import type {
  AssessmentStatus,
  CertificateEvent,
  CertificateRecordedStatus,
  DecisionOutcome,
} from '@ccmm/db';
import {
  type AssessmentKind,
  AUDIT_KINDS,
  DECIDABLE_STATUSES,
  OUTCOMES_OF_KIND,
  SUSPENSION_MAX_MONTHS,
} from '@ccmm/engine';
import { contentHash } from '@ccmm/standard';
import { addMonths } from '../../clock.ts';
import { type AppError, errors } from '../../errors.ts';

// The rules of a certification decision, as small named checks.

/** Which audits are decided and when: see @ccmm/engine domain.ts for why. */
export { AUDIT_KINDS, DECIDABLE_STATUSES };

export const NEXT_STATUS: Readonly<Record<DecisionOutcome, AssessmentStatus>> = {
  certify: 'decided',
  return: 'returned',
  refuse: 'refused',
  maintain: 'decided',
  lower: 'decided',
  suspend: 'decided',
  withdraw: 'decided',
};

export type SurveillanceOutcome = 'maintain' | 'lower' | 'suspend' | 'withdraw';

/** The revision each surveillance outcome records on the certificate. */
export const SURVEILLANCE_CHANGE: Readonly<
  Record<
    SurveillanceOutcome,
    { event: CertificateEvent; status: CertificateRecordedStatus; reasonCode: string }
  >
> = {
  maintain: { event: 'maintained', status: 'active', reasonCode: 'surveillance_maintain' },
  lower: { event: 'lowered', status: 'active', reasonCode: 'surveillance_lower' },
  suspend: { event: 'suspended', status: 'suspended', reasonCode: 'surveillance_suspend' },
  withdraw: { event: 'withdrawn', status: 'withdrawn', reasonCode: 'surveillance_withdraw' },
};

export interface DecisionBody {
  readonly outcome: DecisionOutcome;
  readonly level?: number | undefined;
  readonly reason?: string | undefined;
  readonly comments?: string | undefined;
  /** suspend: the deadline of the suspension. */
  readonly until?: string | undefined;
}

/**
 * What the body of a decision must hold, given the audit's kind and the level the ratings
 * reach; null when it holds. A surveillance outcome is checked against the certificate it acts
 * on by surveillanceProblem.
 */
export function decisionProblem(
  body: DecisionBody,
  eligibleLevel: number,
  kind: AssessmentKind = 'certification',
): AppError | null {
  const allowed = OUTCOMES_OF_KIND[kind === 'surveillance' ? 'surveillance' : 'certification'];
  if (!allowed.includes(body.outcome)) {
    return errors.unprocessable('decision.outcome_not_for_kind', {
      outcome: body.outcome,
      kind,
      allowed: allowed.join(', '),
    });
  }
  switch (body.outcome) {
    case 'maintain':
    case 'lower':
    case 'suspend':
    case 'withdraw':
      return null;
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

/**
 * What a surveillance outcome must hold against the certificate it acts on (its current level
 * and status) and the level the surveillance ratings reach: never a raise; lower below the
 * current level and no higher than the ratings reach; suspend with a reason and a deadline at
 * most SUSPENSION_MAX_MONTHS after the decision; withdraw with a reason.
 */
export function surveillanceProblem(
  body: DecisionBody,
  eligibleLevel: number,
  certificate: { readonly number: string; readonly level: number; readonly status: string },
  today: string,
): AppError | null {
  const current = certificate.level;
  if (body.level !== undefined && body.level > current) {
    return errors.unprocessable('decision.raise_needs_recertification', { current, level: body.level });
  }
  switch (body.outcome) {
    case 'maintain':
      if (eligibleLevel < current) {
        return errors.unprocessable('decision.maintain_exceeds_eligibility', {
          current,
          eligible: eligibleLevel,
        });
      }
      return null;
    case 'lower':
      if (body.level === undefined) return errors.badRequest('certification.level_required');
      if (body.level === current) return errors.unprocessable('decision.level_not_lower', { current });
      if (body.level > eligibleLevel) {
        return errors.unprocessable('certification.level_exceeds_eligibility', {
          level: body.level,
          eligible: eligibleLevel,
        });
      }
      return body.reason ? null : errors.badRequest('certification.reason_required');
    case 'suspend':
      if (!body.reason) return errors.badRequest('certification.reason_required');
      if (certificate.status === 'suspended') {
        return errors.conflict('decision.certificate_suspended', { number: certificate.number });
      }
      if (!body.until) return errors.badRequest('decision.until_required', { months: SUSPENSION_MAX_MONTHS });
      if (body.until <= today || body.until > addMonths(today, SUSPENSION_MAX_MONTHS)) {
        return errors.unprocessable('decision.until_required', { months: SUSPENSION_MAX_MONTHS });
      }
      return null;
    case 'withdraw':
      return body.reason ? null : errors.badRequest('certification.reason_required');
    default:
      return null;
  }
}

/**
 * A surveillance decision has acted on the certificate (a signed revision): it is final. A
 * refused surveillance audit may still be decided, a certification audit as DECIDABLE_STATUSES says.
 */
export function redecisionProblem(kind: AssessmentKind, status: AssessmentStatus): AppError | null {
  return kind === 'surveillance' && status === 'decided'
    ? errors.conflict('decision.surveillance_decided')
    : null;
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
