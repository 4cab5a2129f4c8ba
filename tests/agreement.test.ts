import {
  auditAgreement,
  type ClauseRating,
  clauseDisagreement,
  evaluateEligibility,
  exactAgreement,
  leniency,
  levelChangingClauses,
  quadraticKappa,
  type RaterLayer,
  type RatingValue,
  type Standard,
  teamKappa,
} from '@ccmm/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadShipped2017 } from './helpers/standard.ts';

const layer = (raterId: string, c: RatingValue[], f: RatingValue[] = c): RaterLayer => ({
  raterId,
  ratings: c.map((value, i) => ({ clause: i + 1, c: value, f: f[i] ?? null })),
});

describe('agreement between two raters on the 0/5/10 scale', () => {
  // A: 0 5 10 10 5 · B: 0 10 10 5 5. By hand: observed weighted disagreement (¼ + ¼)/5 = 0.1;
  // marginals 1/2/2 each, expected Σ w·rᵢ·cⱼ / 25 = (0.5 + 0.5 + 1 + 1 + 2 + 2)/25 = 0.28;
  // κ = 1 − 0.1/0.28 = 9/14.
  const a = layer('a', [0, 5, 10, 10, 5]);
  const b = layer('b', [0, 10, 10, 5, 5]);

  it('gives the exact agreement share: 3 of 5 clauses', () => {
    expect(exactAgreement([a, b], 'c')).toBe(0.6);
  });

  it('gives the quadratic-weighted kappa computed by hand, 9/14', () => {
    expect(teamKappa([a, b], 'c')).toBeCloseTo(9 / 14, 12);
  });

  it('gives 1 for perfect agreement and −1 for two raters who always give opposite ends', () => {
    expect(
      quadraticKappa([
        [0, 0],
        [5, 5],
        [10, 10],
      ]),
    ).toBe(1);
    expect(
      quadraticKappa([
        [0, 10],
        [10, 0],
      ]),
    ).toBe(-1);
  });

  it('has nothing to say without pairs, and 1 when both always gave the same single value', () => {
    expect(quadraticKappa([])).toBeNull();
    expect(exactAgreement([a], 'c')).toBeNull();
    expect(
      quadraticKappa([
        [10, 10],
        [10, 10],
      ]),
    ).toBe(1);
  });

  it('ignores clauses only one of the raters rated', () => {
    const partial: RaterLayer = { raterId: 'c', ratings: [{ clause: 1, c: 0, f: null }] };
    expect(exactAgreement([a, partial], 'c')).toBe(1);
    expect(exactAgreement([a, partial], 'f')).toBeNull();
  });
});

describe('leniency and the clauses raters disagree on', () => {
  it('is the mean difference from the reconciled team rating, per rate', () => {
    const team: ClauseRating[] = [
      { clause: 1, c: 5, f: 5 },
      { clause: 2, c: 5, f: 10 },
    ];
    const soft = layer('soft', [10, 10], [10, 10]);
    const hard = layer('hard', [5, 0], [5, 10]);
    const result = leniency([{ layers: [soft, hard], team }]);
    expect(result).toEqual([
      { raterId: 'soft', compared: { c: 2, f: 2 }, c: 5, f: 2.5 },
      { raterId: 'hard', compared: { c: 2, f: 2 }, c: -2.5, f: 0 },
    ]);
  });

  it('counts per clause the audits where two or more raters rated it and those where they disagreed', () => {
    const one = [layer('a', [10, 10]), layer('b', [10, 5])];
    const two = [layer('a', [5, 10]), layer('c', [10, 5])];
    expect(clauseDisagreement([{ layers: one }, { layers: two }])).toEqual([
      { clause: 2, audits: 2, disagreed: 2 },
      { clause: 1, audits: 2, disagreed: 1 },
    ]);
  });
});

describe('the clauses whose outcome changes the level', () => {
  let standard: Standard;
  beforeAll(async () => {
    standard = await loadShipped2017();
  });

  /** Brute force: for each clause, each rater's proposal with everything else at the base. */
  function bruteForce(layers: RaterLayer[], team: ClauseRating[], years: number): number[] {
    const clauses = new Set(layers.flatMap((l) => l.ratings.map((r) => r.clause)));
    const changing: number[] = [];
    for (const clause of [...clauses].sort((x, y) => x - y)) {
      const levels = new Set<number>();
      for (const l of layers) {
        const proposal = l.ratings.find((r) => r.clause === clause);
        if (!proposal) continue;
        const ratings = [...clauses].map((n) => {
          if (n === clause) return proposal;
          return (
            team.find((r) => r.clause === n) ??
            layers.map((x) => x.ratings.find((r) => r.clause === n)).find((r) => r !== undefined) ?? {
              clause: n,
              c: null,
              f: null,
            }
          );
        });
        levels.add(evaluateEligibility(standard, ratings, { operatingYears: years }).level);
      }
      if (levels.size > 1) changing.push(clause);
    }
    return changing;
  }

  it('equals a brute-force check on two raters near the L1 and L2 lines', () => {
    // A: everything 10/10 except F 5 on 1–44: 104 of 148 F compliant in 1.0–4.0, exactly L2's
    // 70%. B agrees but rates F 5 on 45 (one short of L2) and C 5 on 100–102 (C stays ≥ 90%).
    const a: RaterLayer = {
      raterId: 'a',
      ratings: Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: i + 1 <= 44 ? 5 : 10 })),
    };
    const b: RaterLayer = {
      raterId: 'b',
      ratings: a.ratings.map((r) =>
        r.clause === 45 ? { ...r, f: 5 } : r.clause >= 100 && r.clause <= 102 ? { ...r, c: 5 } : r,
      ),
    };
    const expected = bruteForce([a, b], [], 0);
    expect(levelChangingClauses(standard, [a, b], [], { operatingYears: 0 })).toEqual(expected);
    expect(expected).toEqual([45]);
    // With the team rating set on some clauses, the base follows it.
    // A team rating of 10/10 on clause 1 lifts the base: 45 no longer decides L2.
    const team: ClauseRating[] = [{ clause: 1, c: 10, f: 10 }];
    expect(levelChangingClauses(standard, [a, b], team, { operatingYears: 0 })).toEqual(
      bruteForce([a, b], team, 0),
    );
    const summary = auditAgreement(standard, [a, b], [], { operatingYears: 0 });
    expect(summary).toMatchObject({ raters: 2, clausesRatedByMany: 168, levelChanging: expected });
    expect(summary.exactAgreement.c).toBeCloseTo(165 / 168, 12);
    expect(summary.exactAgreement.f).toBeCloseTo(167 / 168, 12);
  });
});
