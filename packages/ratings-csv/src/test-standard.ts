import type { LocalizedText, Standard } from '@ccmm/engine';

// A tiny standard version for the ratings-file tests: clauses 1 to 5 in one domain, one section
// and one clause group, with a single level. The parser only needs the clause numbers and the
// standard's name, but the object is a whole Standard so it stays usable wherever one is wanted.

const text = (en: string, zhHans: string, zhHant: string): LocalizedText => ({
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
  en,
});

export const TEST_CLAUSES = [1, 2, 3, 4, 5] as const;

export const testStandard: Standard = {
  standard: 'test-std',
  version: '1',
  title: text('Test standard', '测试标准', '測試標準'),
  rates: [
    { id: 'C', name: text('Method', '方法', '方法'), description: text('Method', '方法', '方法') },
    { id: 'F', name: text('Execution', '执行', '執行'), description: text('Execution', '执行', '執行') },
  ],
  scale: {
    values: [
      { value: 10, meaning: text('Meets', '符合', '符合') },
      { value: 5, meaning: text('Partly meets', '部分符合', '部分符合') },
      { value: 0, meaning: text('Does not meet', '不符合', '不符合') },
    ],
    compliantValue: 10,
    unscoredCountsAs: 0,
  },
  domains: [
    {
      id: '1.0',
      title: text('Domain', '领域', '領域'),
      sections: [{ id: '1.1', title: text('Section', '章节', '章節') }],
    },
  ],
  clauses: TEST_CLAUSES.map((number) => ({
    number,
    section: '1.1',
    summary: text(`Clause ${number}`, `条目 ${number}`, `條目 ${number}`),
  })),
  clauseGroups: [{ id: 'all', name: text('All clauses', '全部条目', '全部條目'), domains: ['1.0'] }],
  levels: [
    {
      level: 1,
      code: 'L1',
      name: text('Level one', '一级', '一級'),
      criteria: [{ kind: 'compliantShare', rate: 'C', group: 'all', atLeastPercent: 80 }],
    },
  ],
  readingRules: [{ id: 'rule', text: text('A rule', '规则', '規則') }],
};
