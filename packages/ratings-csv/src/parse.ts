import {
  type ClauseRating,
  format,
  type Locale,
  type RatingValue,
  type Standard,
  standardRef,
} from '@ccmm/engine';
import { CsvError, type Info, parse } from 'csv-parse/sync';
import { type CsvProblemCode, csvMessages } from './messages.ts';

/** One row of the import format: clause,c_rate,f_rate[,note]. */
export interface ImportedRating extends ClauseRating {
  readonly note: string | null;
  readonly line: number;
}

export interface CsvProblem {
  readonly code: CsvProblemCode;
  /** 1-based line in the file; null when the problem is the whole file. */
  readonly line: number | null;
  readonly message: string;
}

export interface ParsedRatings {
  /** Empty whenever there is a problem: an import is all or nothing. */
  readonly ratings: readonly ImportedRating[];
  readonly problems: readonly CsvProblem[];
}

export const HEADER = ['clause', 'c_rate', 'f_rate', 'note'] as const;

/** A text a spreadsheet would run as a formula (after any ' already there): exports guard it with a '. */
export const FORMULA_START = /^'*[=+\-@\t\r]/;
export const NOTE_MAX_LENGTH = 2000;

/** Line of the first byte that is not valid UTF-8, or null when the whole text is. */
function firstInvalidUtf8Line(bytes: Uint8Array): number | null {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes);
    return null;
  } catch {
    // Find the offending line by decoding line by line: rare path, only for a bad file.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          decoder.decode(bytes.subarray(start, i));
        } catch {
          return line;
        }
        line++;
        start = i + 1;
      }
    }
    return 1;
  }
}

/**
 * Parses a ratings file as auditors export it from a spreadsheet (UTF-8, header row, an empty
 * cell for unscored) and checks every row against the standard version. Every problem is
 * reported with its line; nothing is thrown for bad input.
 */
export function parseRatingsCsv(
  input: Uint8Array | string,
  standard: Standard,
  locale: Locale,
): ParsedRatings {
  const problems: CsvProblem[] = [];
  const problem = (code: CsvProblemCode, line: number | null, params: Record<string, string | number> = {}) =>
    problems.push({
      code,
      line,
      message: format(csvMessages[code], locale, { line: line ?? '', ...params }),
    });
  const fail = (): ParsedRatings => ({ ratings: [], problems });

  let text: string;
  if (typeof input === 'string') text = input;
  else {
    if ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff)) {
      problem('csv.utf16', null);
      return fail();
    }
    const badLine = firstInvalidUtf8Line(input);
    if (badLine !== null) {
      problem('csv.not_utf8', badLine);
      return fail();
    }
    text = new TextDecoder('utf-8').decode(input);
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    problem('csv.empty', null);
    return fail();
  }

  // csv-parse counts a line break written as CRLF inside a quoted note as two lines, so lines are
  // counted here instead: a record starts on the line after the end (info.bytes) of the previous one.
  const utf8 = new TextEncoder().encode(text);
  let counted = 0;
  let lineOfCounted = 1;
  const lineAtByte = (offset: number): number => {
    for (; counted < offset && counted < utf8.length; counted++) {
      const byte = utf8[counted];
      if (byte === 0x0a || (byte === 0x0d && utf8[counted + 1] !== 0x0a)) lineOfCounted++;
    }
    return lineOfCounted;
  };

  // With info: true each record comes with its info (csv-parse's types omit this form).
  let records: { record: string[]; info: Pick<Info, 'bytes'> }[];
  let lastRecordEnd = 0;
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      info: true,
      skip_empty_lines: false,
      on_record: (record, context) => {
        lastRecordEnd = context.bytes;
        return record;
      },
    }) as unknown as typeof records;
  } catch (error) {
    if (error instanceof CsvError) {
      // The bad record starts after the last good one; csv-parse's own "at line N" is dropped.
      const reason = error.message.replace(/^[^:]*:\s*/, '').replace(/ at line \d+/, '');
      problem('csv.malformed', lineAtByte(lastRecordEnd), { reason });
      return fail();
    }
    throw error;
  }

  const header = records[0]?.record.map((cell) => cell.trim().toLowerCase()) ?? [];
  const headerOk =
    (header.length === 3 || header.length === 4) && header.every((cell, i) => cell === HEADER[i]);
  if (!headerOk) {
    problem('csv.missing_header', 1, { found: (records[0]?.record ?? []).join(',').slice(0, 80) });
    return fail();
  }

  const clauses = new Set(standard.clauses.map((c) => c.number));
  const firstLineOf = new Map<number, number>();
  const ratings: ImportedRating[] = [];
  let previousEnd = records[0]?.info.bytes ?? 0;
  for (const { record, info } of records.slice(1)) {
    const line = lineAtByte(previousEnd);
    previousEnd = info.bytes;
    if (record.length === 1 && record[0]?.trim() === '') continue; // an empty line
    if (record.length < 3 || record.length > 4) {
      problem('csv.column_count', line, { count: record.length });
      continue;
    }
    const [clauseCell = '', cCell = '', fCell = '', noteCell = ''] = record.map((cell) => cell.trim());
    let rowOk = true;
    const clause = /^\d{1,6}$/.test(clauseCell) ? Number(clauseCell) : null;
    if (clause === null) {
      problem('csv.invalid_clause', line, { value: clauseCell });
      rowOk = false;
    } else if (!clauses.has(clause)) {
      problem('csv.unknown_clause', line, { value: clause, standard: standardRef(standard) });
      rowOk = false;
    } else if (firstLineOf.has(clause)) {
      problem('csv.duplicate_clause', line, { value: clause, first: firstLineOf.get(clause) ?? '' });
      rowOk = false;
    } else firstLineOf.set(clause, line);
    const rate = (cell: string, name: string): RatingValue | null | undefined => {
      if (cell === '') return null;
      if (cell === '0' || cell === '5' || cell === '10') return Number(cell) as RatingValue;
      problem('csv.invalid_rating', line, { rate: name, value: cell });
      return undefined;
    };
    const c = rate(cCell, 'C-Rate');
    const f = rate(fCell, 'F-Rate');
    if ([...noteCell].length > NOTE_MAX_LENGTH) {
      problem('csv.note_too_long', line, { length: [...noteCell].length, max: NOTE_MAX_LENGTH });
      rowOk = false;
    }
    if (rowOk && clause !== null && c !== undefined && f !== undefined) {
      // Our export guards a note that a spreadsheet would run as a formula with a leading ';
      // the import takes it off again, so a note comes back exactly as written.
      const note = FORMULA_START.test(noteCell) && noteCell.startsWith("'") ? noteCell.slice(1) : noteCell;
      ratings.push({ clause, c, f, note: note === '' ? null : note, line });
    }
  }
  return problems.length > 0 ? fail() : { ratings, problems };
}
