import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EligibilityResult, evaluateEligibility, type Locale } from '@ccmm/engine';
import { parseRatingsCsv } from '@ccmm/ratings-csv';
import { loadPackFile, packFile, SHIPPED_STANDARDS_DIR, type StandardPack } from '@ccmm/standard';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from './io.ts';
import { cliMessages } from './messages.ts';
import { run } from './run.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SAMPLE = 'docs/samples/self-assessment-2017.csv';
const PACK = 'standards/cc-cmm-oc/2017.yaml';
const YEARS = 3;

interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs ccmm in-process from the repository root, as a terminal without colors would. */
async function ccmm(argv: readonly string[], locale: Locale = 'en'): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    cwd: ROOT,
    color: false,
  };
  const code = await run(argv, io, locale);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const tempDir = mkdtempSync(join(tmpdir(), 'ccmm-cli-test-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));
let fileCount = 0;
/** Writes a file into this run's temp directory and returns its absolute path. */
function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(tempDir, `${++fileCount}-${name}`);
  writeFileSync(path, content);
  return path;
}

const lineOf = (text: string, needle: string): number => {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line contains ${needle}`);
  return index + 1;
};

let pack: StandardPack;
let expected: EligibilityResult;

beforeAll(async () => {
  // What the CLI should print is computed here, through the packages, never written down.
  const loaded = await loadPackFile(
    packFile(SHIPPED_STANDARDS_DIR, { standard: 'cc-cmm-oc', version: '2017' }),
  );
  if (!loaded.pack) throw new Error('the shipped pack does not load');
  pack = loaded.pack;
  const parsed = parseRatingsCsv(readFileSync(join(ROOT, SAMPLE)), pack, 'en');
  expect(parsed.problems).toEqual([]);
  expected = evaluateEligibility(pack, parsed.ratings, { operatingYears: YEARS });
});

const levelName = (level: number, locale: Locale) => {
  const l = pack.levels.find((x) => x.level === level);
  return l ? `${l.code} ${l.name[locale]}` : cliMessages.noLevel[locale];
};

describe('ccmm eligibility on the sample self-assessment', () => {
  it('exits 0 and prints the level reached, the total and the gap to the next level', async () => {
    const { code, out, err } = await ccmm(['eligibility', '--scores', SAMPLE, '--years', String(YEARS)]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain(`Level reached: ${levelName(expected.level, 'en')}`);
    expect(out).toContain(`Total: ${expected.total} / ${expected.maxTotal}`);
    if (expected.gap) expect(out).toContain(`Gap to ${levelName(expected.gap.level, 'en')}`);
    else expect(out).toContain(cliMessages.topLevel.en);
    for (const domain of pack.domains) expect(out).toContain(`${domain.id} ${domain.title.en}`);
  });

  it('says the sample is incomplete exactly when the engine does', async () => {
    const { out } = await ccmm(['eligibility', '--scores', SAMPLE, '--years', String(YEARS)]);
    expect(out.includes('incomplete:')).toBe(!expected.complete);
    for (const clause of expected.incompleteClauses.slice(0, 8)) expect(out).toContain(String(clause));
  });

  it('prints, with --json, the result the engine gives for the same file', async () => {
    const { code, out } = await ccmm(['eligibility', '--scores', SAMPLE, '--years', String(YEARS), '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(json).toMatchObject({
      file: SAMPLE,
      level: expected.level,
      total: expected.total,
      complete: expected.complete,
    });
    expect(Array.isArray(json.criteria)).toBe(true);
    expect(json.criteria).toHaveLength(expected.criteria.length);
    expect(json).toHaveProperty('gap');
    const { file: _file, ...result } = json;
    expect(result).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it('uses --years in the operating-years criteria', async () => {
    const { out } = await ccmm(['eligibility', '--scores', SAMPLE, '--years', '0', '--json']);
    const json = JSON.parse(out) as EligibilityResult;
    expect(json.operatingYears).toBe(0);
    const yearsCriteria = json.criteria.filter((c) => c.kind === 'operatingYears');
    expect(yearsCriteria.length).toBeGreaterThan(0);
    for (const criterion of yearsCriteria) expect(criterion.actual).toBe(0);
  });

  it('speaks Traditional Chinese with --lang zh-Hant', async () => {
    const { code, out } = await ccmm(
      ['eligibility', '--scores', SAMPLE, '--years', String(YEARS), '--lang', 'zh-Hant'],
      'en',
    );
    expect(code).toBe(0);
    expect(out).toContain(`${cliMessages.levelReached['zh-Hant']}：${levelName(expected.level, 'zh-Hant')}`);
    expect(out).toContain(pack.title['zh-Hant']);
    for (const domain of pack.domains) expect(out).toContain(domain.title['zh-Hant']);
    // Nothing in Simplified or English where the two differ.
    expect(out).not.toContain(cliMessages.levelReached['zh-Hans']);
    expect(out).not.toContain(pack.domains[0]?.title['zh-Hans'] ?? '(none)');
    expect(out).not.toContain('Level reached');
  });
});

describe('ccmm eligibility on a bad scores file', () => {
  const header = 'clause,c_rate,f_rate,note\n';
  const gbk = new Uint8Array([
    ...new TextEncoder().encode(`${header}1,10,10,`),
    0xb1,
    0xb8,
    0xd7,
    0xa2,
    0x0a,
  ]);
  const cases: [string, string | Uint8Array, number, RegExp][] = [
    ['an unknown clause', `${header}1,10,10\n999,10,10\n`, 3, /clause 999 is not in cc-cmm-oc@2017/],
    ['a rating of 7', `${header}1,10,10\n2,10,10\n3,7,10\n`, 4, /C-Rate is “7”/],
    ['a duplicated clause', `${header}1,10,10\n2,10,10\n1,5,5\n`, 4, /clause 1 is already on line 2/],
    ['a missing header', '1,10,10\n2,10,10\n', 1, /should be the header/],
    ['GBK bytes', gbk, 2, /not UTF-8/],
  ];
  for (const [what, content, line, problem] of cases) {
    it(`refuses ${what} with exit 1, naming line ${line} and the problem, without a stack trace`, async () => {
      const file = tempFile('bad.csv', content);
      const { code, out, err } = await ccmm(['eligibility', '--scores', file, '--years', '3']);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toContain(`${file}:${line}: `);
      expect(err).toMatch(problem);
      expect(err).toContain('nothing was evaluated');
      expect(err).not.toContain('    at ');
    });
  }

  it('lists every bad line of the file, not just the first', async () => {
    const file = tempFile('many.csv', `${'clause,c_rate,f_rate\n'}999,10,10\n2,7,10\n2,10,10\n`);
    const { code, err } = await ccmm(['eligibility', '--scores', file, '--years', '3']);
    expect(code).toBe(1);
    expect(err).toContain('3 problems');
    for (const line of [2, 3, 4]) expect(err).toContain(`${file}:${line}: `);
  });

  it('words the problems in the language asked for', async () => {
    const file = tempFile('bad.csv', `${header}999,10,10\n`);
    const { err } = await ccmm(['eligibility', '--scores', file, '--years', '3', '--lang', 'zh-Hant']);
    expect(err).toContain('第 2 行');
    expect(err).toContain('條目 999');
  });

  it('refuses a scores file that does not exist with exit 1 and the reason', async () => {
    const { code, err } = await ccmm(['eligibility', '--scores', join(tempDir, 'none.csv'), '--years', '3']);
    expect(code).toBe(1);
    expect(err).toContain('ENOENT');
    expect(err).not.toContain('    at ');
  });

  it('refuses a standard version that is not shipped with exit 1', async () => {
    const { code, err } = await ccmm([
      'eligibility',
      '--scores',
      SAMPLE,
      '--years',
      '3',
      '--standard',
      'cc-cmm-oc@1999',
    ]);
    expect(code).toBe(1);
    expect(err).toContain('cc-cmm-oc@1999');
    expect(err).not.toContain('    at ');
  });
});

describe('ccmm usage errors', () => {
  const cases: [string, string[], RegExp][] = [
    ['a negative --years', ['eligibility', '--scores', SAMPLE, '--years', '-1'], /years/],
    ['a --years that is not a number', ['eligibility', '--scores', SAMPLE, '--years', 'abc'], /abc/],
    ['no --years at all', ['eligibility', '--scores', SAMPLE], /--years/],
    ['a missing --scores', ['eligibility', '--years', '3'], /--scores FILE is required/],
    ['an unknown command', ['frobnicate'], /unknown command “frobnicate”/],
    [
      'a --standard that is not of the form name@version',
      ['eligibility', '--scores', SAMPLE, '--years', '3', '--standard', 'nonsense'],
      /--standard must look like cc-cmm-oc@2017, got “nonsense”/,
    ],
    ['an unknown option', ['eligibility', '--scores', SAMPLE, '--years', '3', '--colour'], /bad arguments/],
    ['validate-standard without a file', ['validate-standard'], /usage/],
  ];
  for (const [what, argv, message] of cases) {
    it(`exits 2 for ${what}, explaining on stderr`, async () => {
      const { code, out, err } = await ccmm(argv);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(message);
      expect(err).not.toContain('    at ');
    });
  }

  it('prints the usage and exits 2 when no command is given, 0 when help is asked for', async () => {
    const none = await ccmm([]);
    expect(none.code).toBe(2);
    expect(none.out).toContain(cliMessages.usage.en);
    const help = await ccmm(['help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain(cliMessages.usage.en);
  });
});

describe('ccmm validate-standard', () => {
  it('exits 0 for the shipped pack and prints the warning about the 3380 total, with its line', async () => {
    const { code, out } = await ccmm(['validate-standard', PACK]);
    expect(code).toBe(0);
    const line = lineOf(readFileSync(join(ROOT, PACK), 'utf8'), 'atLeast: 3380');
    const warning = out.split('\n').find((l) => l.includes('semantic.unattainable_total'));
    expect(warning).toBeDefined();
    expect(warning).toContain(`${PACK}:${line} `);
    expect(warning).toContain('3380');
    expect(warning).toContain('3360');
    expect(out).toContain(`${pack.standard}@${pack.version}, ${pack.clauses.length} clauses, no errors`);
  });

  it('reports, with --json, a valid pack with one warning and its content hash', async () => {
    const { code, out } = await ccmm(['validate-standard', PACK, '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(out) as {
      valid: boolean;
      clauses: number;
      errors: unknown[];
      warnings: { code: string }[];
      contentHash: string;
    };
    expect(json.valid).toBe(true);
    expect(json.clauses).toBe(pack.clauses.length);
    expect(json.errors).toEqual([]);
    expect(json.warnings.map((w) => w.code)).toEqual(['semantic.unattainable_total']);
    expect(json.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('exits 1 for a broken pack and lists each error as file:line', async () => {
    const text = readFileSync(join(ROOT, PACK), 'utf8');
    const sectionLine = lineOf(text, 'section: "1.1"');
    const levelLine = lineOf(text, 'level: 2');
    const brokenText = text.replace('section: "1.1"', 'section: "9.9"').replace('level: 2', 'level: 9');
    const file = tempFile('broken.yaml', brokenText);
    const shown = relative(ROOT, file);
    const { code, out } = await ccmm(['validate-standard', file]);
    expect(code).toBe(1);
    const lines = out.split('\n');
    const errorAt = (line: number, problemCode: string) =>
      lines.find((l) => l.startsWith(`${shown}:${line} `) && l.includes(`[${problemCode}]`));
    expect(errorAt(sectionLine, 'semantic.clause_without_section')).toContain('9.9');
    expect(errorAt(levelLine, 'semantic.level_sequence')).toBeDefined();
    expect(out).toContain(`${shown}: 2 errors, the pack is refused`);
    expect(out).not.toContain('    at ');
  });

  it('exits 1 for a file that is not YAML at all, with the line of the syntax error', async () => {
    const file = tempFile('syntax.yaml', 'format: ccmm-standard/1\nstandard: x: y\n');
    const { code, out } = await ccmm(['validate-standard', file]);
    expect(code).toBe(1);
    // A syntax error has no path inside the pack: the line comes straight after the file.
    expect(out).toContain(`${relative(ROOT, file)}:2: `);
    expect(out).toContain('[pack.yaml_syntax]');
  });

  it('speaks Traditional Chinese with --lang zh-Hant', async () => {
    const { out } = await ccmm(['validate-standard', PACK, '--lang', 'zh-Hant']);
    expect(out).toContain(cliMessages.warning['zh-Hant']);
    expect(out).toContain('要求總分 3380');
    expect(out).toContain('個條目');
  });
});

describe('the ccmm command itself', () => {
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  const spawnCcmm = (args: readonly string[]) =>
    spawnSync(tsx, ['apps/cli/src/main.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      // INIT_CWD would be where pnpm was started; the command must resolve paths from the root here.
      env: { ...process.env, CCMM_LANG: 'en', INIT_CWD: ROOT, NO_COLOR: '1' },
      timeout: 60_000,
    });

  it('exits 1 on a bad scores file, printing the line and no stack trace', () => {
    const file = tempFile('bad.csv', 'clause,c_rate,f_rate\n1,10,10\n2,7,10\n');
    const result = spawnCcmm(['eligibility', '--scores', file, '--years', '3']);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`${file}:3: `);
    expect(result.stderr).not.toContain('    at ');
  }, 60_000);

  it('prints the engine’s result as JSON for the sample file', () => {
    const result = spawnCcmm(['eligibility', '--scores', SAMPLE, '--years', String(YEARS), '--json']);
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    const { file, ...json } = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(file).toBe(SAMPLE);
    expect(json).toEqual(JSON.parse(JSON.stringify(expected)));
  }, 60_000);
});
