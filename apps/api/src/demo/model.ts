import { type ClauseRating, type RatingValue, type Standard, standardLayout } from '@ccmm/engine';
import type { Random } from './random.ts';

// How the demo's ratings come about: every center has a latent maturity that grows over the
// years; each clause has a difficulty (innovation clauses are harder, execution lags method);
// a center's strengths and weaknesses persist from one assessment to the next; self-assessments
// see the center a little better than auditors do.

export interface ClauseModel {
  readonly clause: number;
  readonly domain: string;
  readonly difficulty: number;
}

/** Difficulty per clause, the same for every center. */
export function clauseModels(standard: Standard, random: Random): ClauseModel[] {
  const { sectionById } = standardLayout(standard);
  const extra: Record<string, number> = { '1.0': 0, '2.0': 0.02, '3.0': 0.06, '4.0': 0.04, '5.0': 0.24 };
  return standard.clauses.map((clause) => {
    const domain = sectionById.get(clause.section)?.domain ?? '';
    return {
      clause: clause.number,
      domain,
      difficulty: 0.42 + (extra[domain] ?? 0) + random.normal(0, 0.05),
    };
  });
}

export interface CenterTraits {
  /** Maturity in the first year the center was assessed (0..1). */
  readonly start: number;
  /** Maturity gained per year. */
  readonly growth: number;
  /** How much better the center sees itself than auditors do. */
  readonly optimism: number;
  /** The center's own strength (+) or weakness (−) per clause, in clause order. */
  readonly offsets: readonly number[];
}

export function centerTraits(clauses: readonly ClauseModel[], random: Random): CenterTraits {
  return {
    start: Math.min(0.8, Math.max(0.3, random.normal(0.52, 0.065))),
    growth: Math.max(0, random.normal(0.02, 0.012)),
    optimism: Math.max(0.01, random.normal(0.035, 0.015)),
    offsets: clauses.map(() => random.normal(0, 0.07)),
  };
}

export function maturityAt(traits: CenterTraits, yearsSinceStart: number): number {
  return Math.min(0.99, traits.start + traits.growth * yearsSinceStart);
}

const rate = (score: number): RatingValue => (score >= 0 ? 10 : score >= -0.18 ? 5 : 0);

/** One assessment's ratings: every clause rated (an open one leaves the rest to `rated`). */
export function rateClauses(
  clauses: readonly ClauseModel[],
  traits: CenterTraits,
  maturity: number,
  random: Random,
): ClauseRating[] {
  return clauses.map((model, i) => {
    const base = maturity + (traits.offsets[i] ?? 0) - model.difficulty + random.normal(0, 0.04);
    // Carrying out lags having the method: F is a notch harder than C, never better by much.
    const f = base - 0.08 + random.normal(0, 0.04);
    return { clause: model.clause, c: rate(base), f: rate(Math.min(f, base + 0.02)) };
  });
}

// Team audits: each auditor rates in their own layer, the lead reconciles. Some clauses are
// disputed more than others (the guidance leaves room), and each auditor leans their own way.

/** Per clause, the chance that one rater reads one of its rates a notch away from the evidence. */
export function clauseDisputes(clauses: readonly ClauseModel[], random: Random): Map<number, number> {
  return new Map(
    clauses.map((model) => [
      model.clause,
      // About one clause in six is hard to judge; the rest are mostly clear.
      random.chance(0.16) ? random.between(0.06, 0.16) : random.between(0.005, 0.03),
    ]),
  );
}

/**
 * One rater's value of one rate: the evidence's value, read a notch either way on a disputed
 * clause; a lenient auditor (lean > 0) also gives the benefit of the doubt below full marks, a
 * strict one (lean < 0) holds back a notch, more often on disputed clauses.
 */
export function raterValue(
  value: RatingValue | null,
  dispute: number,
  lean: number,
  random: Random,
): RatingValue | null {
  if (value === null) return null;
  let v: number = value;
  if (random.chance(dispute)) v += random.chance(0.5) ? 5 : -5;
  const tilt = Math.abs(lean) * (0.25 + 2 * dispute);
  if (lean > 0 && v < 10 && random.chance(tilt)) v += 5;
  else if (lean < 0 && v > 0 && random.chance(tilt)) v -= 5;
  return Math.min(10, Math.max(0, v)) as RatingValue;
}
