import { describe, expect, it } from 'vitest';
import { sampledClauses, unknownInSample } from './audit-sample.ts';
import { evaluateEligibility } from './eligibility.ts';
import { standardLayout } from './layout.ts';
import type { LocalizedText, Standard } from './standard.ts';

const t = (en: string): LocalizedText => ({ 'zh-Hans': en, 'zh-Hant': en, en });

/** Two domains; the first nests 1.1 → 1.1.1 and 1.1.2, the second has one flat section. */
const nested: Standard = {
  standard: 'nested',
  version: '1',
  title: t('Nested'),
  rates: [
    { id: 'C', name: t('Method'), description: t('method') },
    { id: 'F', name: t('Execution'), description: t('execution') },
  ],
  scale: {
    values: [
      { value: 10, meaning: t('fully') },
      { value: 5, meaning: t('partly') },
      { value: 0, meaning: t('not') },
    ],
    compliantValue: 10,
    unscoredCountsAs: 0,
  },
  readingRules: [],
  domains: [
    {
      id: '1.0',
      title: t('Core'),
      sections: [
        {
          id: '1.1',
          title: t('Outer'),
          sections: [
            { id: '1.1.1', title: t('Inner one'), topics: [{ id: 'a', title: t('Topic A') }] },
            { id: '1.1.2', title: t('Inner two') },
          ],
        },
        { id: '1.2', title: t('Flat') },
      ],
    },
    { id: '2.0', title: t('Innovation'), sections: [{ id: '2.1', title: t('Only') }] },
  ],
  clauseGroups: [{ id: 'core', name: t('core'), domains: ['1.0'] }],
  levels: [{ level: 1, code: 'L1', name: t('One'), criteria: [{ kind: 'totalPoints', atLeast: 10 }] }],
  clauses: [
    { number: 1, section: '1.1', summary: t('1') },
    { number: 2, section: '1.1.1', topic: 'a', summary: t('2') },
    { number: 3, section: '1.1.1', summary: t('3') },
    { number: 4, section: '1.1.2', summary: t('4') },
    { number: 5, section: '1.2', summary: t('5') },
    { number: 6, section: '2.1', summary: t('6') },
  ],
};

describe('a standard’s layout', () => {
  it('lists every section depth first, a domain’s sections together, with its parent and depth', () => {
    const { sections } = standardLayout(nested);
    expect(sections.map((s) => [s.id, s.domain, s.parent, s.depth])).toEqual([
      ['1.1', '1.0', null, 0],
      ['1.1.1', '1.0', '1.1', 1],
      ['1.1.2', '1.0', '1.1', 1],
      ['1.2', '1.0', null, 0],
      ['2.1', '2.0', null, 0],
    ]);
  });

  it('nests each domain’s sections as the pack does', () => {
    const [core] = standardLayout(nested).domains;
    expect(core?.sections.map((s) => s.id)).toEqual(['1.1', '1.2']);
    expect(core?.sections[0]?.sections.map((s) => s.id)).toEqual(['1.1.1', '1.1.2']);
    expect(core?.sections[1]?.sections).toEqual([]);
  });

  it('places a clause in its own section and counts it in every section above it', () => {
    const { sectionById, domains } = standardLayout(nested);
    expect(sectionById.get('1.1')?.clauses).toEqual([1]);
    expect(sectionById.get('1.1')?.clauseCount).toBe(4);
    expect(sectionById.get('1.1.1')?.clauses).toEqual([2, 3]);
    expect(domains.map((d) => d.clauseCount)).toEqual([5, 1]);
  });

  it('keeps a section’s topics so a page can title the clauses under them', () => {
    expect(
      standardLayout(nested)
        .sectionById.get('1.1.1')
        ?.topics.map((x) => x.id),
    ).toEqual(['a']);
  });

  it('gives each area the points its clauses reach at the top of the scale, as an evaluation does', () => {
    const layout = standardLayout(nested);
    const empty = evaluateEligibility(nested, [], { operatingYears: 0 });
    expect(layout.maxTotal).toBe(empty.maxTotal);
    expect(layout.domains.map((d) => [d.id, d.maxPoints])).toEqual(
      empty.domains.map((d) => [d.id, d.maxPoints]),
    );
    expect(layout.sections.map((s) => [s.id, s.domain, s.depth, s.maxPoints])).toEqual(
      empty.sections.map((s) => [s.id, s.domain, s.depth, s.maxPoints]),
    );
  });

  it('counts a clause whose section is unknown in the total only', () => {
    const stray = { ...nested, clauses: [...nested.clauses, { number: 7, section: '9.9', summary: t('7') }] };
    const layout = standardLayout(stray);
    expect(layout.maxTotal).toBe(7 * 20);
    expect(layout.domains.map((d) => d.clauseCount)).toEqual([5, 1]);
  });

  it('is computed once per standard', () => {
    expect(standardLayout(nested)).toBe(standardLayout(nested));
  });
});

describe('a surveillance sample', () => {
  it('holds every clause of its domains, nested ones too, and the listed clauses, in order', () => {
    expect(sampledClauses(nested, { domains: ['2.0'], clauses: [3] })).toEqual([3, 6]);
    expect(sampledClauses(nested, { domains: ['1.0'], clauses: [] })).toEqual([1, 2, 3, 4, 5]);
  });

  it('is the whole standard when there is none', () => {
    expect(sampledClauses(nested, null)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('names the domains and clauses the standard does not have', () => {
    expect(unknownInSample(nested, { domains: ['1.0', '9.0'], clauses: [6, 7] })).toEqual({
      domains: ['9.0'],
      clauses: [7],
    });
  });
});
