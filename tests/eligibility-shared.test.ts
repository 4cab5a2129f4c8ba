import { type ClauseRating, evaluateEligibility, type Standard } from '@ccmm/engine';
import { describe, expect, it } from 'vitest';
import { tinyStandard } from './helpers/tiny-standard.ts';

const ratings = (c: 0 | 5 | 10, f: 0 | 5 | 10): ClauseRating[] =>
  tinyStandard.clauses.map((clause) => ({ clause: clause.number, c, f }));

describe('pieces of a result shared between evaluations', () => {
  it('gives the same criterion, level and change objects to evaluations with the same counts, frozen', () => {
    const first = evaluateEligibility(tinyStandard, ratings(5, 0), { operatingYears: 0 });
    const second = evaluateEligibility(tinyStandard, ratings(5, 0), { operatingYears: 0 });
    expect(second).toEqual(first);
    expect(second.criteria[0]).toBe(first.criteria[0]);
    expect(second.levels).toBe(first.levels);
    expect(second.gap?.changes[0]).toBe(first.gap?.changes[0]);
    for (const shared of [
      first.criteria[0],
      first.levels,
      first.gap?.changes[0],
      first.domains[0]?.compliant,
    ])
      expect(Object.isFrozen(shared)).toBe(true);
    // A caller writing into a shared piece fails loudly instead of changing other results.
    expect(() => {
      (first.criteria[0] as { actual: number }).actual = 99;
    }).toThrow(TypeError);
  });

  it('loses no suggested change when overlapping clause groups pick more rates than the standard has', () => {
    // Every clause is in "all" as well as in "core" or "innovation": a rate can be picked twice.
    const overlapping: Standard = {
      ...tinyStandard,
      clauseGroups: [
        ...tinyStandard.clauseGroups,
        { id: 'all', name: tinyStandard.title, domains: ['1.0', '2.0'] },
      ],
      levels: tinyStandard.levels.map((level) => ({
        ...level,
        criteria: [
          ...level.criteria,
          { kind: 'compliantShare', rate: 'C', group: 'all', atLeastPercent: 100 },
          { kind: 'compliantShare', rate: 'F', group: 'all', atLeastPercent: 100 },
        ],
      })),
    };
    const result = evaluateEligibility(overlapping, ratings(0, 0), { operatingYears: 5 });
    const raised = new Set(result.gap?.changes.map((c) => `${c.clause}${c.rate}`));
    // L1 needs every rate of every clause at 10: the changes must name all twelve.
    expect(raised.size).toBe(12);
  });
});
