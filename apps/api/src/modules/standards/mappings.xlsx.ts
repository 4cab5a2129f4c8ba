import type { Locale } from '@ccmm/engine';
import {
  type ClauseMappingFile,
  checkMappingValue,
  formatPath,
  type PathSegment,
  type StandardPack,
} from '@ccmm/standard';
import ExcelJS from 'exceljs';
import { errors } from '../../errors.ts';
import type { UploadProblem } from './standards.usecases.ts';
import { cellValue, columnLetter, missingColumn, missingSheet } from './standards.xlsx.ts';

// A mapping between two editions (ccmm-mapping/1) as a workbook, for the body's staff who work
// in spreadsheets: the editions it connects as key/value rows (sheet `mapping`), one row per
// clause of the old edition (`clauses`: `from`, `to` — one clause, several separated by commas
// for a split, empty for removed —, `kind` optional), one row per new clause (`added`). Headers
// are the format's field names, so a problem names its sheet, row and column.

const SHEETS = { clauses: ['from', 'to', 'kind'], added: ['number'] } as const;
const KEYS = ['standard', 'from', 'to'] as const;

/** The template: every clause of `from` mapped to the same number where `to` has it. */
export async function mappingToXlsx(from: StandardPack, to: StandardPack): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CC-CMM platform';
  const sheet = (name: string, headers: readonly string[], rows: unknown[][]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = headers.map((h) => ({ header: h, width: Math.max(12, h.length + 2) }));
    ws.getRow(1).font = { bold: true };
    for (const row of rows) ws.addRow(row.map((v) => v ?? null));
  };
  sheet(
    'mapping',
    ['key', 'value'],
    [
      ['standard', from.standard],
      ['from', from.version],
      ['to', to.version],
    ],
  );
  const targets = new Set(to.clauses.map((c) => c.number));
  const sources = new Set(from.clauses.map((c) => c.number));
  sheet(
    'clauses',
    SHEETS.clauses,
    from.clauses.map((c) => [c.number, targets.has(c.number) ? c.number : null, null]),
  );
  sheet(
    'added',
    SHEETS.added,
    to.clauses.filter((c) => !sources.has(c.number)).map((c) => [c.number]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** "12" → 12, "12, 13" → [12, 13]; anything else as it is (the schema then names it). */
function clauseNumbers(value: string | number | undefined, list: boolean): unknown {
  if (value === undefined) return list ? null : undefined;
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  if (list && /^\d+(\s*[,，;、\s]\s*\d+)+$/.test(value)) return value.split(/[,，;、\s]+/).map(Number);
  return value;
}

interface Place {
  readonly sheet: string;
  readonly row: number | null;
  readonly headers: readonly string[];
}

/**
 * Reads a workbook back into a mapping and checks it as an uploaded YAML mapping is checked
 * (against both editions, found through `find`), every problem placed at its sheet, row and
 * column.
 */
export async function xlsxToMapping(
  buffer: Buffer,
  locale: Locale,
  find: (ref: string) => StandardPack | undefined,
): Promise<{ mapping: ClauseMappingFile | null; problems: UploadProblem[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw errors.badRequest('standard.xlsx_unreadable', {
      reason: error instanceof Error ? error.message.slice(0, 200) : String(error),
    });
  }
  const problems: UploadProblem[] = [];
  const structural = (sheet: string, row: number | null, message: string) =>
    problems.push({
      severity: 'error',
      code: 'xlsx.structure',
      path: '',
      line: null,
      sheet,
      row,
      column: null,
      message,
    });

  const keyRows = new Map<string, number>();
  const value: Record<string, unknown> = { format: 'ccmm-mapping/1' };
  const head = workbook.getWorksheet('mapping');
  if (!head) structural('mapping', null, missingSheet(locale, 'mapping'));
  head?.eachRow((row, number) => {
    if (number === 1) return;
    const key = cellValue(row.getCell(1));
    const v = cellValue(row.getCell(2));
    if (typeof key !== 'string' || !(KEYS as readonly string[]).includes(key) || v === undefined) return;
    keyRows.set(key, number);
    value[key] = String(v);
  });

  const places = new Map<string, Place>();
  const rowsOf = (name: keyof typeof SHEETS) => {
    const ws = workbook.getWorksheet(name);
    if (!ws) {
      // No `added` sheet: the new clauses are not listed (the format allows that).
      if (name === 'clauses') structural(name, null, missingSheet(locale, name));
      return null;
    }
    const headers: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
      headers[col - 1] = String(cellValue(cell) ?? '');
    });
    for (const h of SHEETS[name].filter((h) => h !== 'kind' && !headers.includes(h)))
      structural(name, 1, missingColumn(locale, h));
    const out: { row: number; cells: Record<string, string | number | undefined>; headers: string[] }[] = [];
    ws.eachRow((row, number) => {
      if (number === 1) return;
      const cells: Record<string, string | number | undefined> = {};
      let any = false;
      headers.forEach((h, i) => {
        const v = cellValue(row.getCell(i + 1));
        if (v === undefined) return;
        any = true;
        cells[h] = v;
      });
      if (any) out.push({ row: number, cells, headers });
    });
    return out;
  };

  const clauseRows = rowsOf('clauses');
  const addedRows = rowsOf('added');
  if (problems.length > 0) return { mapping: null, problems };
  const clauses = (clauseRows ?? []).map(({ row, cells, headers }, i) => {
    places.set(formatPath(['clauses', i]), { sheet: 'clauses', row, headers });
    return {
      from: clauseNumbers(cells.from, false),
      to: clauseNumbers(cells.to, true),
      ...(cells.kind !== undefined ? { kind: String(cells.kind) } : {}),
    };
  });
  if (addedRows) {
    value.added = addedRows.map(({ row, cells, headers }, i) => {
      places.set(formatPath(['added', i]), { sheet: 'added', row, headers });
      return clauseNumbers(cells.number, false);
    });
  }
  value.clauses = clauses;

  const checked = checkMappingValue(value, locale, find);
  for (const p of checked.problems) {
    problems.push({
      severity: p.severity,
      code: p.code,
      path: formatPath(p.path),
      line: null,
      ...placeOf(p.path),
      message: p.message,
    });
  }
  return { mapping: checked.mapping, problems };

  function placeOf(path: readonly PathSegment[]): {
    sheet: string;
    row: number | null;
    column: string | null;
  } {
    if (path[0] !== 'clauses' && path[0] !== 'added') {
      const row = keyRows.get(String(path[0] ?? '')) ?? null;
      return { sheet: 'mapping', row, column: row ? 'B' : null };
    }
    const place = places.get(formatPath(path.slice(0, 2)));
    if (!place) return { sheet: String(path[0]), row: null, column: null };
    const header = path[0] === 'added' ? 'number' : typeof path[2] === 'string' ? path[2] : null;
    const index = header === null ? -1 : place.headers.indexOf(header);
    return { sheet: place.sheet, row: place.row, column: index >= 0 ? columnLetter(index) : null };
  }
}
