import type { ClauseRating } from '@ccmm/engine';
import { HEADER } from './parse.ts';

export type CsvCell = string | number | boolean | null | undefined;

function cell(value: CsvCell, guardFormulas: boolean): string {
  if (value == null) return '';
  let text = String(value);
  // A text starting with = + - @ would run as a formula in a spreadsheet; numbers are left alone.
  if (guardFormulas && typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV table (RFC 4180, CRLF) that spreadsheets open as UTF-8: it starts with a byte-order
 * mark (the ratings import skips it). Every export of the product is written by this.
 */
export function toCsv(
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
  { guardFormulas = true } = {},
): string {
  const write = (row: readonly CsvCell[]) => row.map((v) => cell(v, guardFormulas)).join(',');
  const lines = [write(header)];
  for (const row of rows) lines.push(write(row));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/**
 * Writes ratings in the import format, so an export can be edited and imported again (notes
 * exactly as written: no formula guard, which would change them on the way back).
 */
export function ratingsToCsv(ratings: Iterable<ClauseRating & { readonly note?: string | null }>): string {
  return toCsv(
    HEADER,
    Array.from(ratings, (r) => [r.clause, r.c, r.f, r.note]),
    { guardFormulas: false },
  );
}
