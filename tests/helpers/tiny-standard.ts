import type { LocalizedText, Standard } from '@ccmm/engine';

const t = (en: string): LocalizedText => ({ 'zh-Hans': en, 'zh-Hant': en, en });

/**
 * A six-clause standard (four core, two innovation) small enough to check the gap against
 * every possible set of changes.
 */
export const tinyStandard: Standard = {
  standard: 'tiny',
  version: '1',
  title: t('Tiny'),
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
  readingRules: [{ id: 'r', text: t('rules') }],
  domains: [
    { id: '1.0', title: t('Core'), sections: [{ id: '1.1', title: t('Core section') }] },
    { id: '2.0', title: t('Innovation'), sections: [{ id: '2.1', title: t('Innovation section') }] },
  ],
  clauseGroups: [
    { id: 'core', name: t('core'), domains: ['1.0'] },
    { id: 'innovation', name: t('innovation'), domains: ['2.0'] },
  ],
  levels: [
    {
      level: 1,
      code: 'L1',
      name: t('One'),
      criteria: [
        { kind: 'compliantShare', rate: 'C', group: 'core', atLeastPercent: 50 },
        { kind: 'compliantShare', rate: 'F', group: 'core', atLeastPercent: 25 },
        { kind: 'totalPoints', atLeast: 55 },
      ],
    },
    {
      level: 2,
      code: 'L2',
      name: t('Two'),
      criteria: [
        { kind: 'compliantShare', rate: 'C', group: 'core', atLeastPercent: 75 },
        { kind: 'compliantShare', rate: 'F', group: 'innovation', atLeastPercent: 50 },
        { kind: 'totalPoints', atLeast: 95 },
        { kind: 'operatingYears', atLeast: 1 },
      ],
    },
    {
      level: 3,
      code: 'L3',
      name: t('Three'),
      criteria: [
        { kind: 'compliantShare', rate: 'C', group: 'core', atLeastPercent: 100 },
        { kind: 'compliantShare', rate: 'F', group: 'core', atLeastPercent: 100 },
        { kind: 'totalPoints', atLeast: 110 },
      ],
    },
  ],
  clauses: [1, 2, 3, 4, 5, 6].map((number) => ({
    number,
    section: number <= 4 ? '1.1' : '2.1',
    summary: t(`Clause ${number}`),
  })),
};
