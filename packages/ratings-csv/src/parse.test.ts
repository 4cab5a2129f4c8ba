import { format, LOCALES, standardRef } from '@ccmm/engine';
import { describe, expect, it } from 'vitest';
import { csvMessages } from './messages.ts';
import { type CsvProblem, NOTE_MAX_LENGTH, type ParsedRatings, parseRatingsCsv } from './parse.ts';
import { testStandard } from './test-standard.ts';

const HEADER = 'clause,c_rate,f_rate,note';
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A file: the header, then the given lines, each ended with LF. */
const file = (...lines: string[]): string => [HEADER, ...lines].map((line) => `${line}\n`).join('');

const parse = (input: string | Uint8Array, locale: 'en' | 'zh-Hans' | 'zh-Hant' = 'en'): ParsedRatings =>
  parseRatingsCsv(input, testStandard, locale);

/** The one problem a file has, after checking that nothing was imported. */
function onlyProblem(result: ParsedRatings): CsvProblem {
  expect(result.ratings).toEqual([]);
  expect(result.problems).toHaveLength(1);
  const [problem] = result.problems;
  if (!problem) throw new Error('no problem reported');
  return problem;
}

describe('parseRatingsCsv on a good file', () => {
  it('reads a spreadsheet export with a BOM, CRLF line ends, blank lines and a quoted multi-line note', () => {
    const bytes = utf8(
      [
        '\uFEFFClause,C_Rate,F_RATE,Note',
        '1,10,10,"Policy, ""v2"" signed',
        'and filed"',
        '',
        '2,,5,',
        '3,0,,备注：已整改',
        '',
        '4,5,10',
        '',
      ].join('\r\n'),
    );
    const result = parse(bytes);
    expect(result.problems).toEqual([]);
    expect(result.ratings).toEqual([
      { clause: 1, c: 10, f: 10, note: 'Policy, "v2" signed\r\nand filed', line: 2 },
      { clause: 2, c: null, f: 5, note: null, line: 5 },
      { clause: 3, c: 0, f: null, note: '备注：已整改', line: 6 },
      { clause: 4, c: 5, f: 10, note: null, line: 8 },
    ]);
  });

  it('gives the same ratings for the text as for its UTF-8 bytes, BOM included', () => {
    const text = '\uFEFFclause,c_rate,f_rate,note\r\n1,10,5,"a, b"\r\n2,0,0,\r\n';
    const fromText = parse(text);
    expect(fromText.problems).toEqual([]);
    expect(fromText.ratings).toHaveLength(2);
    expect(parse(utf8(text))).toEqual(fromText);
  });

  it('accepts a three-column header without the note column, in any letter case', () => {
    const result = parse(' CLAUSE ,C_rate,F_Rate\n1,10,5\n5,,\n');
    expect(result.problems).toEqual([]);
    expect(result.ratings).toEqual([
      { clause: 1, c: 10, f: 5, note: null, line: 2 },
      { clause: 5, c: null, f: null, note: null, line: 3 },
    ]);
  });

  it('reads empty cells as unscored (null) rather than as 0', () => {
    const result = parse(file('1,,0', '2,0,'));
    expect(result.problems).toEqual([]);
    expect(result.ratings.map(({ clause, c, f }) => ({ clause, c, f }))).toEqual([
      { clause: 1, c: null, f: 0 },
      { clause: 2, c: 0, f: null },
    ]);
  });

  it('skips blank and whitespace-only lines without shifting the line numbers of later rows', () => {
    const result = parse(file('', '   ', '3,10,10', '', '4,5,5'));
    expect(result.problems).toEqual([]);
    expect(result.ratings.map((r) => [r.clause, r.line])).toEqual([
      [3, 4],
      [4, 6],
    ]);
  });

  it('imports nothing, and reports nothing, from a file that is only the header', () => {
    expect(parse(`${HEADER}\r\n`)).toEqual({ ratings: [], problems: [] });
  });

  it(`accepts a note of exactly ${NOTE_MAX_LENGTH} characters, counting Chinese characters as one each`, () => {
    const note = '备'.repeat(NOTE_MAX_LENGTH);
    const result = parse(file(`1,10,10,${note}`));
    expect(result.problems).toEqual([]);
    expect(result.ratings[0]?.note).toBe(note);
  });
});

describe('parseRatingsCsv on a bad row names the problem and its line', () => {
  it('refuses a clause that is not in the standard version, naming the version', () => {
    const problem = onlyProblem(parse(file('1,10,10', '6,10,10')));
    expect(problem.code).toBe('csv.unknown_clause');
    expect(problem.line).toBe(3);
    expect(problem.message).toContain(standardRef(testStandard));
  });

  it('refuses a rating of 7', () => {
    const problem = onlyProblem(parse(file('1,10,10', '2,5,5', '3,7,10')));
    expect(problem.code).toBe('csv.invalid_rating');
    expect(problem.line).toBe(4);
    expect(problem.message).toContain('7');
  });

  it('refuses "10.0", which is not written as one of 0, 5 or 10', () => {
    const problem = onlyProblem(parse(file('1,10,10.0')));
    expect(problem.code).toBe('csv.invalid_rating');
    expect(problem.line).toBe(2);
    expect(problem.message).toContain('F-Rate');
    expect(problem.message).toContain('10.0');
  });

  it('refuses a clause rated twice and names the line where it first appears', () => {
    const problem = onlyProblem(parse(file('1,10,10', '2,5,5', '1,0,0')));
    expect(problem.code).toBe('csv.duplicate_clause');
    expect(problem.line).toBe(4);
    expect(problem.message).toBe(
      format(csvMessages['csv.duplicate_clause'], 'en', { line: 4, value: 1, first: 2 }),
    );
  });

  it('reports a missing header on line 1 when the first line is already data', () => {
    const problem = onlyProblem(parse('1,10,10\n2,10,10\n'));
    expect(problem.code).toBe('csv.missing_header');
    expect(problem.line).toBe(1);
    expect(problem.message).toContain('1,10,10');
  });

  it('reports a header with the columns in another order as missing', () => {
    expect(onlyProblem(parse('c_rate,clause,f_rate\n10,1,10\n')).code).toBe('csv.missing_header');
  });

  it('refuses rows with too few or too many columns, each with its line and column count', () => {
    const result = parse(file('1,10', '2,10,10', '3,10,10,note,extra'));
    expect(result.ratings).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.line])).toEqual([
      ['csv.column_count', 2],
      ['csv.column_count', 4],
    ]);
    expect(result.problems[0]?.message).toContain('2 columns');
    expect(result.problems[1]?.message).toContain('5 columns');
  });

  it('refuses a clause number that is not a whole number', () => {
    const result = parse(file('1.5,10,10', 'abc,10,10', '-2,10,10'));
    expect(result.ratings).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.line])).toEqual([
      ['csv.invalid_clause', 2],
      ['csv.invalid_clause', 3],
      ['csv.invalid_clause', 4],
    ]);
  });

  it(`refuses a note longer than ${NOTE_MAX_LENGTH} characters`, () => {
    const problem = onlyProblem(parse(file('1,10,10', `2,10,10,${'x'.repeat(NOTE_MAX_LENGTH + 1)}`)));
    expect(problem.code).toBe('csv.note_too_long');
    expect(problem.line).toBe(3);
    expect(problem.message).toContain(String(NOTE_MAX_LENGTH + 1));
  });

  it('reports an unclosed quote as malformed on the line where the quoted cell opens', () => {
    const problem = onlyProblem(parse(file('1,10,10,ok', '2,10,10,"never closed', '3,5,5', '4,5,5')));
    expect(problem.code).toBe('csv.malformed');
    expect(problem.line).toBe(3);
  });

  it('reports a stray quote inside an unquoted cell as malformed on its line', () => {
    const problem = onlyProblem(parse(file('1,10,10,ok', '2,10,10,ab"c')));
    expect(problem.code).toBe('csv.malformed');
    expect(problem.line).toBe(3);
  });
});

describe('parseRatingsCsv on a file that is not UTF-8 text', () => {
  it('reports GBK bytes as not UTF-8, on the line where they are', () => {
    // 备注 in GBK.
    const bytes = new Uint8Array([...utf8(`${HEADER}\n1,10,10,`), 0xb1, 0xb8, 0xd7, 0xa2, 0x0a]);
    const problem = onlyProblem(parse(bytes));
    expect(problem.code).toBe('csv.not_utf8');
    expect(problem.line).toBe(2);
  });

  it('finds GBK bytes on a later line too', () => {
    const bytes = new Uint8Array([...utf8(file('1,10,10', '2,10,10')), ...utf8('3,5,5,'), 0xb1, 0xb8]);
    expect(onlyProblem(parse(bytes))).toMatchObject({ code: 'csv.not_utf8', line: 4 });
  });

  it('reports a UTF-16 LE file with its byte-order mark as UTF-16, for the whole file', () => {
    const text = file('1,10,10');
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + i * 2] = text.charCodeAt(i);
    expect(onlyProblem(parse(bytes))).toMatchObject({ code: 'csv.utf16', line: null });
  });

  it('reports an empty file, a BOM alone and blank lines alone as empty', () => {
    for (const input of [new Uint8Array(), utf8('\uFEFF'), '\r\n\n  \n']) {
      expect(onlyProblem(parse(input))).toMatchObject({ code: 'csv.empty', line: null });
    }
  });
});

describe('parseRatingsCsv is all or nothing', () => {
  it('reports every bad line of a file, in order, and imports none of the good ones', () => {
    const result = parse(file('1,10,10', '9,10,10', '2,7,5', '3,10,10', '3,5,5', 'x,10,10', '4,10'));
    expect(result.ratings).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.line])).toEqual([
      ['csv.unknown_clause', 3],
      ['csv.invalid_rating', 4],
      ['csv.duplicate_clause', 6],
      ['csv.invalid_clause', 7],
      ['csv.column_count', 8],
    ]);
  });

  it('reports both bad ratings of one row', () => {
    const result = parse(file('1,7,3'));
    expect(result.problems.map((p) => [p.code, p.line])).toEqual([
      ['csv.invalid_rating', 2],
      ['csv.invalid_rating', 2],
    ]);
    expect(result.problems.map((p) => p.message.includes('C-Rate') || p.message.includes('F-Rate'))).toEqual([
      true,
      true,
    ]);
  });
});

describe('parseRatingsCsv counts the lines of a multi-line quoted note', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const) {
    it(`gives the right line to rows after a three-line note in a ${name} file`, () => {
      const text = [HEADER, `1,10,10,"first${eol}second${eol}third"`, '2,10,10', '9,5,5', '3,7,5'].join(eol);
      const result = parse(`${text}${eol}`);
      expect(result.problems.map((p) => [p.code, p.line])).toEqual([
        ['csv.unknown_clause', 6],
        ['csv.invalid_rating', 7],
      ]);
    });

    it(`numbers the rows after a multi-line note as the spreadsheet does, in a ${name} file`, () => {
      const text = [HEADER, `1,10,10,"a${eol}b"`, '', '2,5,5', `3,0,0,"x${eol}${eol}y"`, '4,10,10'].join(eol);
      const result = parse(text);
      expect(result.problems).toEqual([]);
      expect(result.ratings.map((r) => [r.clause, r.line])).toEqual([
        [1, 2],
        [2, 5],
        [3, 6],
        [4, 9],
      ]);
      expect(result.ratings[0]?.note).toBe(`a${eol}b`);
    });

    it(`reports an unclosed quote after a multi-line note on the right line, in a ${name} file`, () => {
      const text = [HEADER, `1,10,10,"a${eol}b"`, '2,10,10,"open', '3,5,5', '4,5,5'].join(eol);
      expect(onlyProblem(parse(text))).toMatchObject({ code: 'csv.malformed', line: 4 });
    });
  }
});

describe('parseRatingsCsv speaks the reader’s language', () => {
  const badFiles: Record<string, string | Uint8Array> = {
    'csv.unknown_clause': file('1,10,10', '2,10,10', '8,10,10'),
    'csv.invalid_rating': file('1,10,10', '2,10,10', '3,7,10'),
    'csv.duplicate_clause': file('1,10,10', '2,10,10', '1,10,10'),
    'csv.column_count': file('1,10,10', '2,10,10', '3,10'),
    'csv.invalid_clause': file('1,10,10', '2,10,10', 'three,10,10'),
    'csv.note_too_long': file('1,10,10', '2,10,10', `3,10,10,${'长'.repeat(NOTE_MAX_LENGTH + 1)}`),
    'csv.malformed': file('1,10,10', '2,10,10', '3,10,10,"open'),
    'csv.not_utf8': new Uint8Array([...utf8(file('1,10,10', '2,10,10')), ...utf8('3,10,10,'), 0xb1, 0xb8]),
  };
  for (const [code, input] of Object.entries(badFiles)) {
    it(`words ${code} differently in zh-Hans, zh-Hant and en, each naming line 4`, () => {
      const messages = LOCALES.map((locale) => {
        const problem = onlyProblem(parse(input, locale));
        expect(problem.code).toBe(code);
        expect(problem.line).toBe(4);
        return problem.message;
      });
      expect(new Set(messages).size).toBe(LOCALES.length);
      for (const message of messages) expect(message).toMatch(/(^|\D)4(\D|$)/);
      const [hans, hant, en] = messages;
      expect(hans).toMatch(/\p{Script=Han}/u);
      expect(hant).toMatch(/\p{Script=Han}/u);
      expect(en).toMatch(/^line 4\b/);
    });
  }

  it('words whole-file problems in every language too', () => {
    const messages = LOCALES.map((locale) => onlyProblem(parse(new Uint8Array(), locale)).message);
    expect(new Set(messages).size).toBe(LOCALES.length);
    expect(messages).toEqual(LOCALES.map((locale) => format(csvMessages['csv.empty'], locale)));
  });
});
