import {
  type ClauseRating,
  evaluateEligibility,
  findingsBlockingLevels,
  type OpenNonconformity,
  type RatingValue,
} from '@ccmm/engine';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tinyStandard } from './helpers/tiny-standard.ts';

// "Which open nonconformities stand between the center and each level", checked against every
// subset of corrections on the six-clause standard.

const clauses = tinyStandard.clauses.map((c) => c.number);
const rating = fc.constantFrom<RatingValue | null>(0, 5, 10, 10, null);

const case_ = fc.record({
  values: fc.array(fc.tuple(rating, rating), { minLength: clauses.length, maxLength: clauses.length }),
  years: fc.integer({ min: 0, max: 6 }),
  findings: fc.array(fc.subarray(clauses, { minLength: 1, maxLength: 3 }), { maxLength: 5 }),
});

/** The level when the given findings' clauses are rated compliant, by the public evaluation. */
function levelAfter(
  ratings: readonly ClauseRating[],
  years: number,
  corrected: readonly OpenNonconformity[],
) {
  const raised = new Set(corrected.flatMap((f) => f.clauses));
  return evaluateEligibility(
    tinyStandard,
    ratings.map((r) => (raised.has(r.clause) ? { clause: r.clause, c: 10, f: 10 } : r)),
    { operatingYears: years },
  ).level;
}

function subsets<T>(items: readonly T[]): T[][] {
  const all: T[][] = [[]];
  for (const item of items) for (const s of all.slice()) all.push([...s, item]);
  return all;
}

describe('findingsBlockingLevels', () => {
  it('agrees with brute force over every subset of corrections', () => {
    fc.assert(
      fc.property(case_, ({ values, years, findings: sets }) => {
        const ratings = clauses.map((clause, i) => ({
          clause,
          c: values[i]?.[0] ?? null,
          f: values[i]?.[1] ?? null,
        }));
        const findings = sets.map((s, i) => ({ id: `f${i}`, clauses: s }));
        const current = levelAfter(ratings, years, []);
        const result = findingsBlockingLevels(tinyStandard, ratings, { operatingYears: years }, findings);
        expect(result.map((r) => r.level)).toEqual(
          tinyStandard.levels.map((l) => l.level).filter((l) => l > current),
        );
        for (const { level, reachable, needed, neededSuffice } of result) {
          const sufficient = subsets(findings).filter((s) => levelAfter(ratings, years, s) >= level);
          expect(reachable).toBe(sufficient.length > 0);
          // Needed: in every sufficient set of corrections.
          const inEvery = reachable
            ? findings.filter((f) => sufficient.every((s) => s.includes(f))).map((f) => f.id)
            : [];
          expect(needed).toEqual(inEvery);
          expect(neededSuffice).toBe(
            reachable &&
              sufficient.some((s) => s.length === inEvery.length && s.every((f) => inEvery.includes(f.id))),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names the one finding whose clause holds a level back', () => {
    // Every clause compliant but clause 1 at 0: correcting finding "a" (clause 1) is the way up.
    const ratings = clauses.map(
      (clause) => ({ clause, c: clause === clauses[0] ? 0 : 10, f: 10 }) as ClauseRating,
    );
    const findings = [
      { id: 'a', clauses: [clauses[0] ?? 0] },
      { id: 'b', clauses: [clauses[1] ?? 0] },
    ];
    const current = levelAfter(ratings, 6, []);
    const result = findingsBlockingLevels(tinyStandard, ratings, { operatingYears: 6 }, findings);
    const top = result.at(-1);
    expect(current).toBeLessThan(tinyStandard.levels.length);
    expect(top).toMatchObject({ reachable: true, needed: ['a'], neededSuffice: true });
  });
});
