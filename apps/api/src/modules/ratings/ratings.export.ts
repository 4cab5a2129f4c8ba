import type { Catalog, Locale, Standard } from '@ccmm/engine';
import { tableToXlsx } from '../../spreadsheet.ts';
import type { RatingRow } from './ratings.repository.ts';

/** The spreadsheet's column headers, in column order (zh-Hant generated: pnpm derive-hant). */
const HEADERS = {
  clause: { 'zh-Hans': '条目', 'zh-Hant': '條目', en: 'Clause' },
  section: { 'zh-Hans': '章节', 'zh-Hant': '章節', en: 'Section' },
  summary: { 'zh-Hans': '要求摘要', 'zh-Hant': '要求摘要', en: 'Requirement (summary)' },
  cRate: { 'zh-Hans': 'C-Rate 方法合规', 'zh-Hant': 'C-Rate 方法合規', en: 'C-Rate' },
  fRate: { 'zh-Hans': 'F-Rate 执行到位', 'zh-Hant': 'F-Rate 執行到位', en: 'F-Rate' },
  note: { 'zh-Hans': '备注', 'zh-Hant': '備註', en: 'Note' },
} as const satisfies Catalog<string>;

/** Every clause of the version with its ratings, for reading in a spreadsheet. */
export async function ratingsToXlsx(standard: Standard, rows: readonly RatingRow[], locale: Locale) {
  const byClause = new Map(rows.map((r) => [r.clause, r]));
  const widths = [8, 10, 60, 16, 16, 40];
  return tableToXlsx(
    'Ratings',
    Object.values(HEADERS).map((header, i) => ({ header, width: widths[i] ?? 12 })),
    standard.clauses.map((clause) => {
      const r = byClause.get(clause.number);
      return [
        clause.number,
        clause.section,
        clause.summary[locale],
        r?.c ?? null,
        r?.f ?? null,
        r?.note ?? null,
      ];
    }),
    locale,
  );
}
