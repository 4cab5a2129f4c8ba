import { clausesOutsideDomains, evaluateEligibility, type Standard, standardLayout } from '@ccmm/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadShipped2017 } from './helpers/standard.ts';

let standard: Standard;
beforeAll(async () => {
  standard = await loadShipped2017();
});

describe('the layout of the shipped 2017 standard', () => {
  it('has the domains, sections and maxima an evaluation with no ratings reports', () => {
    const layout = standardLayout(standard);
    const empty = evaluateEligibility(standard, [], { operatingYears: 0 });
    expect(layout.maxTotal).toBe(empty.maxTotal);
    expect(layout.domains.map((d) => [d.id, d.clauseCount, d.maxPoints])).toEqual(
      empty.domains.map((d) => [d.id, d.clauses, d.maxPoints]),
    );
    expect(
      layout.sections.map((s) => [s.id, s.domain, s.parent, s.depth, s.clauseCount, s.maxPoints]),
    ).toEqual(empty.sections.map((s) => [s.id, s.domain, s.parent, s.depth, s.clauses, s.maxPoints]));
  });

  it('places each of the 168 clauses in exactly one section', () => {
    const placed = standardLayout(standard).sections.flatMap((s) => s.clauses);
    expect(placed.sort((a, b) => a - b)).toEqual(standard.clauses.map((c) => c.number).sort((a, b) => a - b));
    expect(placed).toHaveLength(168);
  });
});

describe('the clauses outside a rater’s domains', () => {
  it('are those whose section lies in another domain; no domains means every domain', () => {
    const layout = standardLayout(standard);
    const [first, second] = layout.domains;
    if (!first || !second) throw new Error('the 2017 standard has several domains');
    const inFirst = layout.sections.filter((s) => s.domain === first.id).flatMap((s) => s.clauses);
    const inSecond = layout.sections.filter((s) => s.domain === second.id).flatMap((s) => s.clauses);
    expect(inFirst).toHaveLength(first.clauseCount);
    const asked = [...inFirst.slice(0, 3), ...inSecond.slice(0, 2)];
    expect(clausesOutsideDomains(standard, [first.id], asked)).toEqual(inSecond.slice(0, 2));
    expect(clausesOutsideDomains(standard, [first.id, second.id], asked)).toEqual([]);
    expect(clausesOutsideDomains(standard, [], asked)).toEqual([]);
    // A number the standard does not have is in no domain.
    expect(clausesOutsideDomains(standard, [first.id], [9999])).toEqual([9999]);
  });
});
