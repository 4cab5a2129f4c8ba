import type { ClauseRating } from '@ccmm/engine';
import { FORMULA_START, HEADER } from './parse.ts';

export type CsvCell = string | number | boolean | null | undefined;

function cell(value: CsvCell): string {
  if (value == null) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV table (RFC 4180, CRLF) that spreadsheets open as UTF-8: it starts with a byte-order
 * mark (the ratings import skips it). Every export of the product is written by this.
 */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const write = (row: readonly CsvCell[]) => row.map(cell).join(',');
  const lines = [write(header)];
  for (const row of rows) lines.push(write(row));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Writes ratings in the import format, so an export can be edited and imported again: a note a
 * spreadsheet would run as a formula gets a leading ', which the import takes off.
 */
export function ratingsToCsv(ratings: Iterable<ClauseRating & { readonly note?: string | null }>): string {
  return toCsv(
    HEADER,
    Array.from(ratings, (r) => [r.clause, r.c, r.f, r.note]),
  );
}
