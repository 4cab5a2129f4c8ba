import { type EligibilityResult, evaluateEligibility, type Standard } from '@ccmm/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { allRatings, groupClauses, loadShipped2017, ratingsOfShape, type Shape } from './helpers/standard.ts';

let standard: Standard;
beforeAll(async () => {
  standard = await loadShipped2017();
});

const criterion = (result: EligibilityResult, id: string) => {
  const found = result.criteria.find((c) => c.id === id);
  if (!found) throw new Error(`no criterion ${id}`);
  return found;
};

/** Smallest k with k * 100 >= p * n, by counting: independent of the engine's arithmetic. */
function smallestCount(percent: number, n: number): number {
  let k = 0;
  while (k * 100 < percent * n) k++;
  return k;
}

/** Every criterion of L1…Ln exactly at its threshold, straight from the pack's level table. */
function thresholdShape(level: number): { shape: Shape; years: number } {
  const compliant: Record<string, { C: number; F: number }> = {};
  let total = 0;
  let years = 0;
  for (const l of standard.levels.filter((x) => x.level <= level)) {
    for (const c of l.criteria) {
      if (c.kind === 'compliantShare') {
        const size = groupClauses(standard, c.group).length;
        const counts = compliant[c.group] ?? { C: 0, F: 0 };
        counts[c.rate] = Math.max(counts[c.rate], smallestCount(c.atLeastPercent, size));
        compliant[c.group] = counts;
      } else if (c.kind === 'totalPoints') total = Math.max(total, c.atLeast);
      else years = Math.max(years, c.atLeast);
    }
  }
  return { shape: { compliant, total }, years };
}

describe('the thresholds the issue names, at and next to each', () => {
  it('counts 119 of the 148 clauses of 1.0–4.0 at C-Rate 10 as 80%, and 118 as short of it', () => {
    expect(groupClauses(standard, 'core')).toHaveLength(148);
    const at = evaluateEligibility(
      standard,
      ratingsOfShape(standard, { compliant: { core: { C: 119, F: 148 } }, total: 2670 }),
      { operatingYears: 0 },
    );
    const below = evaluateEligibility(
      standard,
      ratingsOfShape(standard, { compliant: { core: { C: 118, F: 148 } }, total: 2670 }),
      { operatingYears: 0 },
    );
    expect(criterion(at, 'L1.C-core')).toMatchObject({ required: 119, actual: 119, met: true, margin: 0 });
    expect(criterion(below, 'L1.C-core')).toMatchObject({
      required: 119,
      actual: 118,
      met: false,
      margin: -1,
    });
    expect(at.level).toBe(1);
    expect(below.level).toBe(0);
  });

  it('counts 14 of the 20 clauses of 5.0 at F-Rate 10 as 70%, and 13 as short of it', () => {
    expect(groupClauses(standard, 'innovation')).toHaveLength(20);
    const shape = (f: number) =>
      ratingsOfShape(standard, {
        compliant: { core: { C: 148, F: 148 }, innovation: { C: 20, F: f } },
        total: 3300,
      });
    const at = evaluateEligibility(standard, shape(14), { operatingYears: 3 });
    const below = evaluateEligibility(standard, shape(13), { operatingYears: 3 });
    expect(criterion(at, 'L4.F-innovation')).toMatchObject({ required: 14, actual: 14, met: true });
    expect(criterion(below, 'L4.F-innovation')).toMatchObject({ required: 14, actual: 13, met: false });
    expect(at.level).toBe(4);
    expect(below.level).toBe(3);
  });

  it('meets L1 with a total of 2250 and misses it with 2245', () => {
    const shape = (total: number) =>
      ratingsOfShape(standard, { compliant: { core: { C: 119, F: 89 } }, total });
    const at = evaluateEligibility(standard, shape(2250), { operatingYears: 0 });
    const below = evaluateEligibility(standard, shape(2245), { operatingYears: 0 });
    expect(at.total).toBe(2250);
    expect(below.total).toBe(2245);
    expect(criterion(at, 'L1.total').met).toBe(true);
    expect(criterion(below, 'L1.total')).toMatchObject({ met: false, margin: -5 });
    expect([at.level, below.level]).toEqual([1, 0]);
  });

  it('needs 2 full operating years for L3: 2 reach it, 1 stops at L2 with the years as the only gap', () => {
    const ratings = allRatings(standard, 10);
    const two = evaluateEligibility(standard, ratings, { operatingYears: 2 });
    const one = evaluateEligibility(standard, ratings, { operatingYears: 1 });
    expect(two.level).toBe(3);
    expect(one.level).toBe(2);
    expect(one.gap?.needs.map((n) => n.criterion)).toEqual(['L3.years']);
    expect(one.gap?.changes).toEqual([]);
    expect(one.gap?.blockers).toEqual([
      { code: 'gap.operating_years', criterion: 'L3.years', required: 2, actual: 1 },
    ]);
  });
});

describe('every criterion of every attainable level, at its threshold and one step below', () => {
  for (const level of [1, 2, 3, 4]) {
    it(`reaches L${level} with every criterion of L1–L${level} exactly at its threshold`, () => {
      const { shape, years } = thresholdShape(level);
      const result = evaluateEligibility(standard, ratingsOfShape(standard, shape), {
        operatingYears: years,
      });
      expect(result.level).toBe(level);
      for (const c of result.criteria.filter((x) => x.level <= level)) {
        expect(c.met, c.id).toBe(true);
        expect(c.margin, c.id).toBeGreaterThanOrEqual(0);
      }
      // At the threshold of this level's own criteria the margin is exactly zero.
      for (const c of result.criteria.filter((x) => x.level === level)) expect(c.margin, c.id).toBe(0);
    });

    it(`drops below L${level} when any one criterion of L${level} is one step short, to the last level that still holds`, () => {
      const { shape, years } = thresholdShape(level);
      const own = standard.levels.find((l) => l.level === level)?.criteria ?? [];
      expect(own.length).toBeGreaterThan(0);
      for (const c of own) {
        let ratings = ratingsOfShape(standard, shape);
        let operatingYears = years;
        let id: string;
        // The first level whose own version of this criterion the lowered value fails.
        let failsFrom: (l: Standard['levels'][number]) => boolean;
        if (c.kind === 'compliantShare') {
          const counts = shape.compliant[c.group] ?? { C: 0, F: 0 };
          const lowered = counts[c.rate] - 1;
          const size = groupClauses(standard, c.group).length;
          ratings = ratingsOfShape(standard, {
            ...shape,
            compliant: { ...shape.compliant, [c.group]: { ...counts, [c.rate]: lowered } },
          });
          id = `L${level}.${c.rate}-${c.group}`;
          failsFrom = (l) =>
            l.criteria.some(
              (x) =>
                x.kind === 'compliantShare' &&
                x.group === c.group &&
                x.rate === c.rate &&
                smallestCount(x.atLeastPercent, size) > lowered,
            );
        } else if (c.kind === 'totalPoints') {
          ratings = ratingsOfShape(standard, { ...shape, total: shape.total - 5 });
          id = `L${level}.total`;
          failsFrom = (l) => l.criteria.some((x) => x.kind === 'totalPoints' && x.atLeast > shape.total - 5);
        } else {
          operatingYears = years - 1;
          id = `L${level}.years`;
          failsFrom = (l) => l.criteria.some((x) => x.kind === 'operatingYears' && x.atLeast > years - 1);
        }
        const firstFailing = standard.levels.find(failsFrom)?.level ?? level;
        const result = evaluateEligibility(standard, ratings, { operatingYears });
        expect(firstFailing).toBeLessThanOrEqual(level);
        expect(result.level, id).toBe(firstFailing - 1);
        expect(criterion(result, id).met, id).toBe(false);
        const unmetHere = result.criteria.filter((x) => x.level === level && !x.met).map((x) => x.id);
        expect(unmetHere, id).toEqual([id]);
      }
    });
  }
});

describe('L5, whose published total is above what 168 clauses allow', () => {
  it('is never reached, even with every rate at 10 and decades of operation', () => {
    const result = evaluateEligibility(standard, allRatings(standard, 10), { operatingYears: 30 });
    expect(result.total).toBe(3360);
    expect(result.maxTotal).toBe(3360);
    expect(result.level).toBe(4);
    expect(result.levels.find((l) => l.level === 5)).toMatchObject({ attainable: false, reached: false });
    expect(criterion(result, 'L5.total')).toMatchObject({
      required: 3380,
      maxPossible: 3360,
      attainable: false,
    });
  });

  it('says in its gap that no ratings reach it, and why', () => {
    const result = evaluateEligibility(standard, allRatings(standard, 10), { operatingYears: 6 });
    expect(result.gap).toMatchObject({ level: 5, reachable: false, reachableByRatings: false });
    expect(result.gap?.blockers).toEqual([
      { code: 'gap.threshold_unattainable', criterion: 'L5.total', required: 3380, maxPossible: 3360 },
    ]);
  });
});

describe('how ratings count', () => {
  it('counts a 5 in the total but not as compliant', () => {
    const result = evaluateEligibility(standard, allRatings(standard, 5), { operatingYears: 0 });
    expect(result.total).toBe(168 * 2 * 5);
    expect(result.groups.every((g) => g.compliant.C === 0 && g.compliant.F === 0)).toBe(true);
    expect(result.level).toBe(0);
  });

  it('counts an unscored rate as 0 and marks the result incomplete with the clauses named', () => {
    const ratings = allRatings(standard, 10).map((r) => (r.clause === 7 ? { ...r, f: null } : r));
    const result = evaluateEligibility(standard, ratings, { operatingYears: 3 });
    expect(result.complete).toBe(false);
    expect(result.incompleteClauses).toEqual([7]);
    expect(result.total).toBe(3350);
    const complete = evaluateEligibility(standard, allRatings(standard, 10), { operatingYears: 3 });
    expect(complete.complete).toBe(true);
  });

  it('treats no ratings at all as all zero: level 0, every clause incomplete', () => {
    const result = evaluateEligibility(standard, [], { operatingYears: 10 });
    expect(result).toMatchObject({ level: 0, total: 0, complete: false, nextLevel: 1 });
    expect(result.incompleteClauses).toHaveLength(168);
  });

  it('adds domain and section points up to the total, and nested sections into their parents', () => {
    const ratings = ratingsOfShape(standard, { compliant: { core: { C: 130, F: 100 } }, total: 2600 });
    const result = evaluateEligibility(standard, ratings, { operatingYears: 2 });
    expect(result.domains.reduce((sum, d) => sum + d.points, 0)).toBe(result.total);
    expect(result.domains.reduce((sum, d) => sum + d.clauses, 0)).toBe(168);
    const top = result.sections.filter((s) => s.parent === null);
    expect(top.reduce((sum, s) => sum + s.points, 0)).toBe(result.total);
    const processes = result.sections.find((s) => s.id === '2.1');
    const children = result.sections.filter((s) => s.parent === '2.1');
    expect(children.map((s) => s.id)).toEqual(['2.1.1', '2.1.2', '2.1.3', '2.1.4']);
    expect(processes?.points).toBe(children.reduce((sum, s) => sum + s.points, 0));
    expect(processes?.clauses).toBe(29);
  });

  it('ignores ratings of clauses the version does not have, and says so', () => {
    const result = evaluateEligibility(standard, [{ clause: 169, c: 10, f: 10 }], { operatingYears: 0 });
    expect(result.total).toBe(0);
    expect(result.issues).toEqual([{ code: 'rating.unknown_clause', clause: 169 }]);
  });
});
