import { describe, expect, it } from 'vitest';
import { HEADER, parseRatingsCsv } from './parse.ts';
import { ratingsToCsv, toCsv } from './serialize.ts';
import { testStandard } from './test-standard.ts';

const ratings = [
  { clause: 1, c: 10, f: 10, note: 'plain note' },
  { clause: 2, c: 5, f: null, note: 'commas, "quotes" and\na line break' },
  { clause: 3, c: null, f: null, note: null },
  { clause: 4, c: 0, f: 5, note: '备注：已整改，待复核\r\n第二行「引號」' },
  { clause: 5, c: 10, f: 0, note: '"starts with a quote' },
] as const;

describe('ratingsToCsv', () => {
  it('writes a file that imports back to the same ratings and notes', () => {
    const csv = ratingsToCsv(ratings);
    const parsed = parseRatingsCsv(csv, testStandard, 'en');
    expect(parsed.problems).toEqual([]);
    expect(parsed.ratings.map(({ clause, c, f, note }) => ({ clause, c, f, note }))).toEqual(
      ratings.map((r) => ({ ...r })),
    );
  });

  it('imports back identically from the UTF-8 bytes a browser download would hold', () => {
    const csv = ratingsToCsv(ratings);
    const fromBytes = parseRatingsCsv(new TextEncoder().encode(csv), testStandard, 'zh-Hans');
    expect(fromBytes).toEqual(parseRatingsCsv(csv, testStandard, 'zh-Hans'));
    expect(fromBytes.ratings).toHaveLength(ratings.length);
  });

  it('gives each imported row the line it is on, even after notes with line breaks', () => {
    const csv = ratingsToCsv(ratings);
    const physicalLines = csv.split(/\r?\n/);
    const parsed = parseRatingsCsv(csv, testStandard, 'en');
    for (const rating of parsed.ratings) {
      expect(physicalLines[rating.line - 1]).toMatch(new RegExp(`^${rating.clause},`));
    }
  });

  it('starts with a byte-order mark and the full header, and ends every row with CRLF', () => {
    const csv = ratingsToCsv([{ clause: 1, c: 10, f: 5 }]);
    expect(csv.startsWith(`\uFEFF${HEADER.join(',')}\r\n`)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([HEADER.join(','), '1,10,5,', '']);
  });

  it('writes unscored rates and missing notes as empty cells', () => {
    const csv = ratingsToCsv([{ clause: 3, c: null, f: 0, note: null }]);
    expect(csv.slice(1).split('\r\n')[1]).toBe('3,,0,');
  });

  it('quotes only the cells that need it, doubling inner quotes', () => {
    const csv = ratingsToCsv([
      { clause: 1, c: 10, f: 10, note: 'no comma here' },
      { clause: 2, c: 10, f: 10, note: 'say "hi", twice' },
    ]);
    const [, first, second] = csv.slice(1).split('\r\n');
    expect(first).toBe('1,10,10,no comma here');
    expect(second).toBe('2,10,10,"say ""hi"", twice"');
  });

  it('writes only the header for no ratings, which imports as nothing', () => {
    const csv = ratingsToCsv([]);
    expect(parseRatingsCsv(csv, testStandard, 'en')).toEqual({ ratings: [], problems: [] });
  });
});

describe('toCsv', () => {
  it('quotes separators and keeps a spreadsheet from running a text as a formula', () => {
    const csv = toCsv(
      ['name', 'n'],
      [
        ['=HYPERLINK("x")', -5],
        ['a,b', 1.5],
        [null, 0],
      ],
    );
    expect(csv).toBe('\uFEFFname,n\r\n"\'=HYPERLINK(""x"")",-5\r\n"a,b",1.5\r\n,0\r\n');
  });
});

describe('a note a spreadsheet would run as a formula', () => {
  it('is guarded in the export and comes back exactly as written', () => {
    const notes = ['=HYPERLINK("http://x")', '- 缺少培训记录', '@all', "'quoted", "'=1+1"];
    const csv = ratingsToCsv(notes.map((note, i) => ({ clause: i + 1, c: 10, f: 5, note })));
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("'- 缺少培训记录");
    const parsed = parseRatingsCsv(csv, testStandard, 'en');
    expect(parsed.problems).toEqual([]);
    expect(parsed.ratings.map((r) => r.note)).toEqual(notes);
  });
});
