import type { Locale, Standard } from '@ccmm/engine';
import ExcelJS from 'exceljs';
import type { RatingRow } from './ratings.repository.ts';

const headers: Record<Locale, string[]> = {
  'zh-Hans': ['条目', '章节', '要求摘要', 'C-Rate 方法合规', 'F-Rate 执行到位', '备注'],
  'zh-Hant': ['條目', '章節', '要求摘要', 'C-Rate 方法合規', 'F-Rate 執行到位', '備註'],
  en: ['Clause', 'Section', 'Requirement (summary)', 'C-Rate', 'F-Rate', 'Note'],
};

/** Every clause of the version with its ratings, for reading in a spreadsheet. */
export async function ratingsToXlsx(standard: Standard, rows: readonly RatingRow[], locale: Locale) {
  const byClause = new Map(rows.map((r) => [r.clause, r]));
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CC-CMM platform';
  const sheet = workbook.addWorksheet('Ratings', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers[locale].map((header, i) => ({ header, width: [8, 10, 60, 16, 16, 40][i] ?? 12 }));
  sheet.getRow(1).font = { bold: true };
  for (const clause of standard.clauses) {
    const r = byClause.get(clause.number);
    sheet.addRow([
      clause.number,
      clause.section,
      clause.summary[locale],
      r?.c ?? null,
      r?.f ?? null,
      r?.note ?? null,
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
