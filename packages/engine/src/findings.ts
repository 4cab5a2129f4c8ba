import { compileStandard } from './compile.ts';
import { type AssessmentContext, evaluateGrid, ratingGrid } from './eligibility.ts';
import type { ClauseRating } from './ratings.ts';
import type { Standard } from './standard.ts';

// An audit's findings and the center's corrective actions (ISO/IEC 17021-1 §9.4.9–9.5): a major
// nonconformity must be corrected and the correction verified before a positive decision; a minor
// one needs an accepted corrective-action plan; observations and opportunities for improvement
// need nothing. The orders are the database enums'.

export const FINDING_KINDS = ['major', 'minor', 'observation', 'improvement'] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** The kinds the center must correct. */
export const NONCONFORMITY_KINDS: readonly FindingKind[] = ['major', 'minor'];
export const isNonconformity = (kind: FindingKind): boolean => NONCONFORMITY_KINDS.includes(kind);

/** open → plan_submitted → plan_accepted → correction_submitted → verified (or back a step). */
export const FINDING_STATES = [
  'open',
  'plan_submitted',
  'plan_accepted',
  'correction_submitted',
  'verified',
] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** What the lead auditor or an auditor of the audit says of a plan or a correction. */
export const FINDING_VERDICTS = ['accept', 'reject', 'verified', 'not_effective'] as const;
export type FindingVerdict = (typeof FINDING_VERDICTS)[number];

/** Every recorded step of a finding. */
export const FINDING_EVENTS = [
  'recorded',
  'plan_submitted',
  'plan_accepted',
  'plan_rejected',
  'correction_submitted',
  'verified',
  'not_effective',
] as const;
export type FindingEvent = (typeof FINDING_EVENTS)[number];

/** Where each verdict applies, where it leads and what it records. */
export const VERDICT_STEPS: Readonly<
  Record<
    FindingVerdict,
    { readonly from: FindingState; readonly to: FindingState; readonly event: FindingEvent }
  >
> = {
  accept: { from: 'plan_submitted', to: 'plan_accepted', event: 'plan_accepted' },
  reject: { from: 'plan_submitted', to: 'open', event: 'plan_rejected' },
  verified: { from: 'correction_submitted', to: 'verified', event: 'verified' },
  not_effective: { from: 'correction_submitted', to: 'plan_accepted', event: 'not_effective' },
};

/** The center writes (or rewrites, before review) a plan while the finding is open. */
export const PLAN_STATES: readonly FindingState[] = ['open', 'plan_submitted'];
/** The center reports its correction once the plan is accepted (and may amend it before review). */
export const CORRECTION_STATES: readonly FindingState[] = ['plan_accepted', 'correction_submitted'];

/** Correction beyond this many months after the on-site audit means the on-site audit is repeated. */
export const CORRECTION_MAX_MONTHS = 6;

/** A clause rated 0 on either rate in these domains suggests a finding (a suggestion, never forced). */
export const FINDING_SUGGESTED_DOMAINS: readonly string[] = ['1.0', '2.0', '3.0', '4.0'];

/**
 * Whether the finding stands in the way of a positive decision (certify, maintain): a major
 * one until verified, a minor one until its plan is accepted.
 */
export function blocksDecision(finding: {
  readonly kind: FindingKind;
  readonly state: FindingState;
}): boolean {
  if (finding.kind === 'major') return finding.state !== 'verified';
  if (finding.kind === 'minor') return finding.state === 'open' || finding.state === 'plan_submitted';
  return false;
}

/** An open nonconformity: a major or minor finding not yet verified. */
export interface OpenNonconformity {
  readonly id: string;
  readonly clauses: readonly number[];
}

export interface LevelBlockers {
  readonly level: number;
  /** Correcting every open nonconformity (its clauses rated compliant) reaches the level. */
  readonly reachable: boolean;
  /**
   * The nonconformities without whose correction the level is out of reach (every way of
   * reaching it by corrections needs them), in the order given.
   */
  readonly needed: readonly string[];
  /** Correcting only `needed` reaches the level (else some of the others are needed too). */
  readonly neededSuffice: boolean;
}

/**
 * For each level above the one the ratings reach: which open nonconformities stand between
 * the center and it. A verified correction lets the clause be rated again; at best both rates
 * become compliant, which is what is assumed here ("close these 3 to reach L3"). Eligibility
 * only grows as ratings rise, so a finding is needed exactly when correcting all the others
 * falls short.
 */
export function findingsBlockingLevels(
  standard: Standard,
  ratings: readonly ClauseRating[],
  context: AssessmentContext,
  findings: readonly OpenNonconformity[],
): LevelBlockers[] {
  const compiled = compileStandard(standard);
  const compliant = standard.scale.compliantValue;
  const levelWith = (corrected: readonly OpenNonconformity[]): number => {
    const clauses = new Set(corrected.flatMap((f) => f.clauses));
    const raised = ratings.map((r) =>
      clauses.has(r.clause) ? { clause: r.clause, c: compliant, f: compliant } : r,
    );
    return evaluateGrid(compiled, ratingGrid(compiled, raised), context).level;
  };
  const current = levelWith([]);
  const best = levelWith(findings);
  // Without each finding in turn: the level the others reach.
  const without = findings.map((f) => levelWith(findings.filter((g) => g !== f)));
  return standard.levels
    .filter((l) => l.level > current)
    .map(({ level }) => {
      const reachable = best >= level;
      const needed = reachable ? findings.filter((_, i) => (without[i] ?? 0) < level) : [];
      return {
        level,
        reachable,
        needed: needed.map((f) => f.id),
        neededSuffice: reachable && levelWith(needed) >= level,
      };
    });
}
