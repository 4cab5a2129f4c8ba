import type { Locale, Message } from '@ccmm/engine';
import ExcelJS from 'exceljs';

// A table for people to read in a spreadsheet: localized headers with their widths, and rows.
// One writer for every export (ratings, findings): XLSX here, CSV beside it.

export interface Column {
  readonly header: Message;
  /** Width in characters (XLSX). */
  readonly width: number;
}

export type Cell = string | number | null;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function tableToXlsx(
  sheetName: string,
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  locale: Locale,
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CC-CMM platform';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c) => ({ header: c.header[locale], width: c.width }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** RFC 4180 CSV with a BOM (so spreadsheet programs read the Chinese as UTF-8) and CRLF lines. */
export function tableToCsv(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  locale: Locale,
): string {
  const cell = (value: Cell) => {
    const text = value === null ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  const lines = [columns.map((c) => cell(c.header[locale])), ...rows.map((r) => r.map(cell))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}
