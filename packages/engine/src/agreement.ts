// How well an audit's raters agree, and how each one leans: the calibration a certification
// body needs. Pure: layers in (each rater's C and F per clause), figures out.
import type { AssessmentContext } from './eligibility.ts';
import { evaluateEligibility } from './eligibility.ts';
import type { ClauseRating } from './ratings.ts';
import { RATING_VALUES } from './ratings.ts';
import type { RatingValue, Standard } from './standard.ts';

/** A layer's rate key: C-Rate or F-Rate. */
export type LayerRate = 'c' | 'f';
const RATES: readonly LayerRate[] = ['c', 'f'];

/** One rater's own layer: their C and F per clause (unrated clauses absent or null). */
export interface RaterLayer {
  readonly raterId: string;
  readonly ratings: readonly ClauseRating[];
}

/** Pairs of values two raters gave the same clause on one rate (both rated). */
function pairsOf(a: RaterLayer, b: RaterLayer, rate: LayerRate): [RatingValue, RatingValue][] {
  const other = new Map(b.ratings.map((r) => [r.clause, r]));
  const pairs: [RatingValue, RatingValue][] = [];
  for (const r of a.ratings) {
    const x = r[rate];
    const y = other.get(r.clause)?.[rate];
    if (x !== null && x !== undefined && y !== null && y !== undefined) pairs.push([x, y]);
  }
  return pairs;
}

function raterPairs<T>(layers: readonly RaterLayer[], each: (a: RaterLayer, b: RaterLayer) => T): T[] {
  const out: T[] = [];
  for (let i = 0; i < layers.length; i++)
    for (let j = i + 1; j < layers.length; j++)
      out.push(each(layers[i] as RaterLayer, layers[j] as RaterLayer));
  return out;
}

/**
 * The share of rater pairs giving a clause's rate the same value, over every pair of raters
 * and every clause both rated (null: no such pair).
 */
export function exactAgreement(layers: readonly RaterLayer[], rate: LayerRate): number | null {
  const pairs = raterPairs(layers, (a, b) => pairsOf(a, b, rate)).flat();
  if (pairs.length === 0) return null;
  return pairs.filter(([x, y]) => x === y).length / pairs.length;
}

/**
 * Cohen's kappa with quadratic weights on the ordered 0/5/10 scale for two raters' paired
 * values: 1 − Σ w·O / Σ w·E, w = (i − j)² / (k − 1)². Null when there is nothing to compare,
 * or when chance agreement is total (both raters always gave one and the same value: 1).
 */
export function quadraticKappa(pairs: readonly (readonly [RatingValue, RatingValue])[]): number | null {
  const n = pairs.length;
  if (n === 0) return null;
  const k = RATING_VALUES.length;
  const index = (v: RatingValue) => RATING_VALUES.indexOf(v);
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  for (const [x, y] of pairs) {
    const i = index(x);
    const j = index(y);
    (observed[i] as number[])[j] = ((observed[i] as number[])[j] ?? 0) + 1;
    rows[i] = (rows[i] ?? 0) + 1;
    cols[j] = (cols[j] ?? 0) + 1;
  }
  let disagreeObserved = 0;
  let disagreeExpected = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const w = (i - j) ** 2 / (k - 1) ** 2;
      disagreeObserved += (w * ((observed[i] as number[])[j] ?? 0)) / n;
      disagreeExpected += (w * (rows[i] ?? 0) * (cols[j] ?? 0)) / (n * n);
    }
  if (disagreeExpected === 0) return disagreeObserved === 0 ? 1 : null;
  return 1 - disagreeObserved / disagreeExpected;
}

/** Quadratic-weighted kappa of an audit's raters on one rate: the mean over rater pairs. */
export function teamKappa(layers: readonly RaterLayer[], rate: LayerRate): number | null {
  const kappas = raterPairs(layers, (a, b) => quadraticKappa(pairsOf(a, b, rate))).filter(
    (x): x is number => x !== null,
  );
  return kappas.length === 0 ? null : kappas.reduce((s, x) => s + x, 0) / kappas.length;
}

/** The clauses on which the raters gave different values (C or F), among those two or more rated. */
export function disputedClauses(layers: readonly RaterLayer[]): number[] {
  const proposals = proposalsByClause(layers);
  return [...proposals.entries()]
    .filter(([, values]) => values.length > 1 && new Set(values.map((v) => `${v.c}/${v.f}`)).size > 1)
    .map(([clause]) => clause)
    .sort((a, b) => a - b);
}

/** Each clause's proposals: one per rater who rated it (C or F). */
export function proposalsByClause(layers: readonly RaterLayer[]): Map<number, ClauseRating[]> {
  const out = new Map<number, ClauseRating[]>();
  for (const layer of layers)
    for (const r of layer.ratings) {
      if (r.c === null && r.f === null) continue;
      out.set(r.clause, [...(out.get(r.clause) ?? []), r]);
    }
  return out;
}

/**
 * The disputed clauses whose outcome changes the level: with every other clause at its base
 * value (the team rating where set, else the first proposal), the level differs between two
 * of the clause's proposals.
 */
export function levelChangingClauses(
  standard: Standard,
  layers: readonly RaterLayer[],
  team: readonly ClauseRating[],
  context: AssessmentContext,
): number[] {
  const proposals = proposalsByClause(layers);
  const base = new Map<number, ClauseRating>();
  for (const [clause, values] of proposals) if (values[0]) base.set(clause, values[0]);
  for (const r of team) base.set(r.clause, r);
  const baseRatings = [...base.values()];
  const baseLevel = evaluateEligibility(standard, baseRatings, context).level;
  const key = (r: ClauseRating | undefined) => `${r?.c ?? null}/${r?.f ?? null}`;
  // A clause at its base value gives the base level: only the other proposals are evaluated,
  // each distinct value once (the reconciliation view of 168 clauses × 3 raters stays fast).
  const levelWith = (clause: number, value: ClauseRating): number =>
    key(value) === key(base.get(clause))
      ? baseLevel
      : evaluateEligibility(
          standard,
          baseRatings.map((r) => (r.clause === clause ? value : r)),
          context,
        ).level;
  return disputedClauses(layers).filter((clause) => {
    const distinct = new Map((proposals.get(clause) ?? []).map((v) => [key(v), v]));
    const levels = new Set([...distinct.values()].map((v) => levelWith(clause, v)));
    return levels.size > 1;
  });
}

/** One auditor's lean: mean (own − team) points per rate over the clauses both rated. */
export interface Leniency {
  readonly raterId: string;
  readonly compared: { readonly c: number; readonly f: number };
  readonly c: number | null;
  readonly f: number | null;
}

/**
 * Leniency of each rater against the reconciled team rating: positive rates above the team,
 * negative below. Across audits, pass each audit's layers and team and merge with sums.
 */
export function leniency(
  audits: readonly { readonly layers: readonly RaterLayer[]; readonly team: readonly ClauseRating[] }[],
): Leniency[] {
  const sums = new Map<string, Record<LayerRate, { sum: number; n: number }>>();
  for (const audit of audits) {
    const team = new Map(audit.team.map((r) => [r.clause, r]));
    for (const layer of audit.layers) {
      const acc = sums.get(layer.raterId) ?? { c: { sum: 0, n: 0 }, f: { sum: 0, n: 0 } };
      for (const r of layer.ratings)
        for (const rate of RATES) {
          const own = r[rate];
          const agreed = team.get(r.clause)?.[rate];
          if (own === null || agreed === null || agreed === undefined) continue;
          acc[rate].sum += own - agreed;
          acc[rate].n += 1;
        }
      sums.set(layer.raterId, acc);
    }
  }
  return [...sums.entries()].map(([raterId, acc]) => ({
    raterId,
    compared: { c: acc.c.n, f: acc.f.n },
    c: acc.c.n === 0 ? null : acc.c.sum / acc.c.n,
    f: acc.f.n === 0 ? null : acc.f.sum / acc.f.n,
  }));
}

/** Per clause across audits: in how many it was rated by two or more, and in how many they disagreed. */
export function clauseDisagreement(
  audits: readonly { readonly layers: readonly RaterLayer[] }[],
): { clause: number; audits: number; disagreed: number }[] {
  const counts = new Map<number, { audits: number; disagreed: number }>();
  for (const audit of audits) {
    const disputed = new Set(disputedClauses(audit.layers));
    for (const [clause, values] of proposalsByClause(audit.layers)) {
      if (values.length < 2) continue;
      const c = counts.get(clause) ?? { audits: 0, disagreed: 0 };
      c.audits += 1;
      if (disputed.has(clause)) c.disagreed += 1;
      counts.set(clause, c);
    }
  }
  return [...counts.entries()]
    .map(([clause, c]) => ({ clause, ...c }))
    .sort((a, b) => b.disagreed / b.audits - a.disagreed / a.audits || a.clause - b.clause);
}

/** The agreement of one audit's raters, as GET /api/assessments/:id/agreement answers it. */
export function auditAgreement(
  standard: Standard,
  layers: readonly RaterLayer[],
  team: readonly ClauseRating[],
  context: AssessmentContext,
) {
  return {
    raters: layers.length,
    clausesRatedByMany: [...proposalsByClause(layers).values()].filter((v) => v.length > 1).length,
    exactAgreement: { c: exactAgreement(layers, 'c'), f: exactAgreement(layers, 'f') },
    kappa: { c: teamKappa(layers, 'c'), f: teamKappa(layers, 'f') },
    levelChanging: levelChangingClauses(standard, layers, team, context),
  };
}
