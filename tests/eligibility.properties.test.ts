import {
  type ClauseRating,
  type EligibilityResult,
  evaluateEligibility,
  type RatingValue,
  type Standard,
  type SuggestedChange,
} from '@ccmm/engine';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadShipped2017 } from './helpers/standard.ts';
import { tinyStandard } from './helpers/tiny-standard.ts';

let standard: Standard;
beforeAll(async () => {
  standard = await loadShipped2017();
});

/**
 * Assessments of every quality: a "quality" picks how likely a 10 is, so the runs cover
 * level 0 through L4 rather than clustering where uniform random ratings land.
 */
const rate = (quality: number): fc.Arbitrary<RatingValue | null> =>
  fc.oneof(
    { weight: quality, arbitrary: fc.constant(10 as const) },
    { weight: 6, arbitrary: fc.constant(5 as const) },
    { weight: 3, arbitrary: fc.constant(0 as const) },
    { weight: 1, arbitrary: fc.constant(null) },
  );

const assessment = (clauses: number) =>
  fc
    .record({
      quality: fc.integer({ min: 0, max: 400 }),
      years: fc.integer({ min: 0, max: 8 }),
    })
    .chain(({ quality, years }) =>
      fc.record({
        values: fc.array(fc.tuple(rate(quality), rate(quality)), { minLength: clauses, maxLength: clauses }),
        years: fc.constant(years),
      }),
    );

function toRatings(
  s: Standard,
  values: readonly (readonly [RatingValue | null, RatingValue | null])[],
): ClauseRating[] {
  return s.clauses.map((clause, i) => ({
    clause: clause.number,
    c: values[i]?.[0] ?? null,
    f: values[i]?.[1] ?? null,
  }));
}

function apply(ratings: readonly ClauseRating[], changes: readonly SuggestedChange[]): ClauseRating[] {
  return ratings.map((r) => {
    let next = r;
    for (const change of changes.filter((c) => c.clause === r.clause)) {
      next = change.rate === 'C' ? { ...next, c: change.to } : { ...next, f: change.to };
    }
    return next;
  });
}

/** Every criterion of the next level that some ratings can meet is met. */
function attainableCriteriaMet(result: EligibilityResult, level: number): boolean {
  return result.criteria
    .filter((c) => c.level === level && c.attainable && c.kind !== 'operatingYears')
    .every((c) => c.met);
}

describe('eligibility on random assessments of the 2017 standard', () => {
  it('never lowers the level (nor the total) when any one rating is raised', () => {
    fc.assert(
      fc.property(
        assessment(168),
        fc.integer({ min: 0, max: 167 }),
        fc.constantFrom('c' as const, 'f' as const),
        fc.constantFrom<RatingValue>(0, 5, 10),
        ({ values, years }, index, key, raiseTo) => {
          const ratings = toRatings(standard, values);
          const target = ratings[index];
          if (!target) return;
          const before = target[key] ?? -1;
          fc.pre(raiseTo > before);
          const raised = ratings.map((r, i) => (i === index ? { ...r, [key]: raiseTo } : r));
          const a = evaluateEligibility(standard, ratings, { operatingYears: years });
          const b = evaluateEligibility(standard, raised, { operatingYears: years });
          expect(b.level).toBeGreaterThanOrEqual(a.level);
          expect(b.total).toBeGreaterThan(a.total - 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reaches the next level by applying the suggested changes whenever the gap says it is reachable', () => {
    let reachableSeen = 0;
    fc.assert(
      fc.property(assessment(168), ({ values, years }) => {
        const ratings = toRatings(standard, values);
        const result = evaluateEligibility(standard, ratings, { operatingYears: years });
        const gap = result.gap;
        if (!gap) return;
        const after = evaluateEligibility(standard, apply(ratings, gap.changes), { operatingYears: years });
        // Whatever the blockers, the changes meet every criterion ratings can meet.
        expect(attainableCriteriaMet(after, gap.level)).toBe(true);
        expect(after.total).toBe(gap.totalAfterChanges);
        if (gap.reachable) {
          reachableSeen++;
          expect(after.level).toBeGreaterThanOrEqual(gap.level);
        } else {
          expect(gap.blockers.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
    expect(reachableSeen).toBeGreaterThan(30);
  });

  it('suggests no change that could be left out', () => {
    fc.assert(
      fc.property(assessment(168), ({ values, years }) => {
        const ratings = toRatings(standard, values);
        const gap = evaluateEligibility(standard, ratings, { operatingYears: years }).gap;
        fc.pre(gap?.reachable === true && gap.changes.length > 0);
        if (!gap) return;
        // Leaving out any one change must fail: checked on a sample to bound the run time.
        for (const skip of [0, Math.floor(gap.changes.length / 2), gap.changes.length - 1]) {
          const fewer = gap.changes.filter((_, i) => i !== skip);
          const after = evaluateEligibility(standard, apply(ratings, fewer), { operatingYears: years });
          expect(after.level).toBeLessThan(gap.level);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('the gap on a standard small enough to try every set of changes', () => {
  /** The fewest raise-to-10 changes reaching `level`, by trying every subset. */
  function bruteForceFewest(ratings: readonly ClauseRating[], years: number, level: number): number | null {
    const slots: { clause: number; key: 'c' | 'f' }[] = [];
    for (const r of ratings) {
      if (r.c !== 10) slots.push({ clause: r.clause, key: 'c' });
      if (r.f !== 10) slots.push({ clause: r.clause, key: 'f' });
    }
    let best: number | null = null;
    for (let mask = 0; mask < 1 << slots.length; mask++) {
      let bits = 0;
      for (let m = mask; m; m &= m - 1) bits++;
      if (best !== null && bits >= best) continue;
      const changed = ratings.map((r) => {
        let next = { ...r };
        slots.forEach((slot, i) => {
          if (mask & (1 << i) && slot.clause === r.clause) next = { ...next, [slot.key]: 10 };
        });
        return next;
      });
      if (evaluateEligibility(tinyStandard, changed, { operatingYears: years }).level >= level) best = bits;
    }
    return best;
  }

  it('suggests exactly as few changes as the best possible set', () => {
    fc.assert(
      fc.property(assessment(6), ({ values, years }) => {
        const ratings = toRatings(tinyStandard, values);
        const result = evaluateEligibility(tinyStandard, ratings, { operatingYears: years });
        const gap = result.gap;
        if (!gap) return;
        const fewest = bruteForceFewest(ratings, years, gap.level);
        if (gap.reachable) expect(gap.changes.length).toBe(fewest);
        else expect(fewest).toBeNull();
      }),
      { numRuns: 400 },
    );
  });
});
