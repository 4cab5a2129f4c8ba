import type { ClauseRating } from '@ccmm/engine';
import { HEADER } from './parse.ts';

function cell(value: string | number | null | undefined): string {
  const text = value == null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Writes ratings in the import format, so an export can be edited and imported again. It starts
 * with a byte-order mark so that spreadsheets open it as UTF-8 (the import skips it).
 */
export function ratingsToCsv(ratings: Iterable<ClauseRating & { readonly note?: string | null }>): string {
  const lines = [HEADER.join(',')];
  for (const r of ratings) lines.push([r.clause, r.c, r.f, r.note].map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
