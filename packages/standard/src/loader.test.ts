import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOCALES } from '@ccmm/engine';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import {
  findPackFiles,
  type LoadedPack,
  loadPackFile,
  parseMapping,
  parsePack,
  SHIPPED_STANDARDS_DIR,
  validateMapping,
} from './loader.ts';
import { packMessage } from './problems.ts';
import type { ClauseMappingFile, StandardPack } from './schema.ts';
import { checkMapping } from './validate.ts';

const PACK_URL = new URL('../../../standards/cc-cmm-oc/2017.yaml', import.meta.url);
const PACK_PATH = fileURLToPath(PACK_URL);
const PACK_TEXT = readFileSync(PACK_URL, 'utf8');
const TEXT_LINES = PACK_TEXT.split('\n');

/** 1-based line of the first line of `text` that contains `needle`. */
function lineContaining(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`no line contains ${needle}`);
  return index + 1;
}

/** The pack as a plain object, to break and write back with yaml's stringify. */
type PlainPack = {
  -readonly [K in keyof StandardPack]: StandardPack[K];
} & Record<string, unknown>;
const plainPack = (): PlainPack => parse(PACK_TEXT) as PlainPack;

/** Breaks a fresh copy of the pack, writes it as YAML and loads it from that text. */
function broken(edit: (pack: PlainPack) => void, locale: (typeof LOCALES)[number] = 'en') {
  const pack = plainPack();
  edit(pack);
  const text = stringify(pack);
  return { text, loaded: parsePack(text, 'broken.yaml', locale) };
}

const codes = (loaded: LoadedPack) => loaded.problems.map((p) => p.code);
const only = (loaded: LoadedPack, code: string) => {
  const found = loaded.problems.filter((p) => p.code === code);
  expect(found, `${code} in ${JSON.stringify(loaded.problems)}`).toHaveLength(1);
  const [problem] = found;
  if (!problem) throw new Error(`no ${code}`);
  return problem;
};

/** A mutable clause or level, for the edits below. */
function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`nothing at ${index}`);
  return item;
}
const mutable = <T>(value: T): { -readonly [K in keyof T]: T[K] } => value;

describe('the shipped CC-CMM-OC 2017 pack', () => {
  const loaded = parsePack(PACK_TEXT, PACK_PATH);

  it('loads with its 168 clauses in 5 domains', () => {
    expect(loaded.pack).not.toBeNull();
    expect(loaded.pack?.clauses).toHaveLength(168);
    expect(loaded.pack?.domains).toHaveLength(5);
    expect(loaded.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('has exactly one problem: a warning that the L5 total of 3380 is above the 3360 possible', () => {
    expect(loaded.problems).toHaveLength(1);
    const [warning] = loaded.problems;
    expect(warning?.severity).toBe('warning');
    expect(warning?.code).toBe('semantic.unattainable_total');
    expect(warning?.message).toContain('3380');
    expect(warning?.message).toContain('3360');
  });

  it('places the unattainable-total warning on the atLeast: 3380 line of the file', () => {
    const [warning] = loaded.problems;
    const line = warning?.line ?? 0;
    expect(line).toBe(lineContaining(PACK_TEXT, 'atLeast: 3380'));
    expect(TEXT_LINES[line - 1]).toContain('atLeast: 3380');
    expect(warning?.path).toBe('levels[4].criteria[4].atLeast');
  });

  it('loads the same from the file as from its text', async () => {
    const fromFile = await loadPackFile(PACK_PATH);
    expect(fromFile).toEqual(loaded);
  });

  it('is found among the shipped standards', async () => {
    const files = await findPackFiles(SHIPPED_STANDARDS_DIR);
    expect(files).toContain(PACK_PATH);
  });
});

describe('a pack that breaks the schema', () => {
  it('lists every missing or mistyped field with its path and a line', () => {
    const pack = plainPack();
    const summary = mutable(at(pack.clauses, 3).summary);
    const summaryHans = summary['zh-Hans'];
    delete (summary as Partial<typeof summary>).en;
    delete (pack as Partial<PlainPack>).title;
    mutable(at(pack.clauses, 7)).number = 'eight' as unknown as number;
    const text = stringify(pack);
    const loaded = parsePack(text, 'broken.yaml');
    expect(loaded.pack).toBeNull();
    expect(loaded.contentHash).toBeNull();
    expect(loaded.problems.map((p) => [p.path, p.severity])).toEqual(
      expect.arrayContaining([
        ['title', 'error'],
        ['clauses[3].summary.en', 'error'],
        ['clauses[7].number', 'error'],
      ]),
    );
    expect(loaded.problems).toHaveLength(3);
    for (const problem of loaded.problems) expect(problem.line).toEqual(expect.any(Number));
    // A missing key is placed on the map that lacks it: clause 4's summary.
    const missingEn = loaded.problems.find((p) => p.path === 'clauses[3].summary.en');
    expect(text.split('\n')[(missingEn?.line ?? 0) - 1]).toContain(`zh-Hans: ${summaryHans}`);
    const wrongType = loaded.problems.find((p) => p.path === 'clauses[7].number');
    expect(text.split('\n')[(wrongType?.line ?? 0) - 1]).toContain('number: eight');
  });

  it('points a problem found by editing the text at the line that was edited', () => {
    const line = lineContaining(PACK_TEXT, '- number: 4');
    const text = PACK_TEXT.replace('- number: 4\n', '- number: four\n');
    const loaded = parsePack(text, 'broken.yaml');
    const problem = only(loaded, 'schema.invalid_type');
    expect(problem.path).toBe('clauses[3].number');
    expect(problem.line).toBe(line);
  });

  it('refuses a rating value of 7 in the scale', () => {
    const { text, loaded } = broken((pack) => {
      mutable(at(pack.scale.values, 0)).value = 7 as 10;
    });
    expect(loaded.pack).toBeNull();
    const problem = loaded.problems.find((p) => p.path === 'scale.values[0].value');
    expect(problem?.severity).toBe('error');
    expect(text.split('\n')[(problem?.line ?? 0) - 1]).toContain('value: 7');
  });

  it('refuses a key the format does not define', () => {
    const { text, loaded } = broken((pack) => {
      Object.assign(at(pack.clauses, 2), { colour: 'red' });
    });
    expect(loaded.pack).toBeNull();
    const problem = only(loaded, 'schema.unrecognized_keys');
    expect(problem.path).toBe('clauses[2]');
    expect(problem.message).toContain('colour');
    expect(text.split('\n')[(problem.line ?? 0) - 1]).toContain('number: 3');
  });

  it('refuses an unknown key at the top level too', () => {
    const { loaded } = broken((pack) => {
      pack.author = 'someone';
    });
    expect(only(loaded, 'schema.unrecognized_keys').message).toContain('author');
  });

  it('reports a YAML syntax error with its line', () => {
    const line = lineContaining(PACK_TEXT, 'status: published');
    const text = PACK_TEXT.replace('status: published', 'status: published: twice');
    const loaded = parsePack(text, 'broken.yaml');
    expect(loaded.pack).toBeNull();
    expect(loaded.contentHash).toBeNull();
    expect(loaded.problems.length).toBeGreaterThan(0);
    for (const problem of loaded.problems) expect(problem.code).toBe('pack.yaml_syntax');
    expect(loaded.problems[0]?.line).toBe(line);
  });

  it('reports an unclosed quote in the YAML on its line', () => {
    const line = lineContaining(PACK_TEXT, 'version: "2017"');
    const loaded = parsePack(PACK_TEXT.replace('version: "2017"', 'version: "2017'), 'broken.yaml');
    expect(codes(loaded)).toContain('pack.yaml_syntax');
    expect(loaded.problems[0]?.line).toBe(line);
  });

  it('reports a key written twice as a YAML error', () => {
    const line = lineContaining(PACK_TEXT, 'status: published');
    const text = PACK_TEXT.replace('status: published\n', 'status: published\nstatus: draft\n');
    const loaded = parsePack(text, 'broken.yaml');
    expect(loaded.pack).toBeNull();
    expect(loaded.problems[0]?.code).toBe('pack.yaml_syntax');
    expect(loaded.problems[0]?.line).toBe(line + 1);
  });
});

describe('a pack whose parts do not fit together', () => {
  it('refuses a clause number used twice, naming where it was first', () => {
    const { loaded } = broken((pack) => {
      mutable(at(pack.clauses, 5)).number = 5;
    });
    expect(loaded.pack).toBeNull();
    const problem = only(loaded, 'semantic.duplicate_clause');
    expect(problem.severity).toBe('error');
    expect(problem.path).toBe('clauses[5].number');
    expect(problem.message).toContain('clauses[4]');
    expect(problem.line).toEqual(expect.any(Number));
  });

  it('refuses a clause whose section is not in the table of contents', () => {
    const { loaded } = broken((pack) => {
      mutable(at(pack.clauses, 0)).section = '9.9';
    });
    expect(loaded.pack).toBeNull();
    const problem = only(loaded, 'semantic.clause_without_section');
    expect(problem.severity).toBe('error');
    expect(problem.path).toBe('clauses[0].section');
    expect(problem.message).toContain('9.9');
  });

  it('warns about a clause group that holds no clauses, and still loads the pack', () => {
    const { loaded } = broken((pack) => {
      const title = at(pack.domains, 0).title;
      pack.domains = [...pack.domains, { id: '6.0', title, sections: [{ id: '6.1', title }] }];
      pack.clauseGroups = [
        ...pack.clauseGroups,
        { id: 'extra', name: at(pack.clauseGroups, 0).name, domains: ['6.0'] },
      ];
    });
    const problem = only(loaded, 'semantic.empty_group');
    expect(problem.severity).toBe('warning');
    expect(problem.path).toBe('clauseGroups[2]');
    expect(problem.message).toContain('extra');
    expect(only(loaded, 'semantic.empty_section').message).toContain('6.1');
    expect(loaded.pack).not.toBeNull();
    expect(loaded.problems.every((p) => p.severity === 'warning')).toBe(true);
  });

  it('warns about a group whose only domain lost all its clauses', () => {
    const { loaded } = broken((pack) => {
      const innovationSections = new Set(at(pack.domains, 4).sections.map((s) => s.id));
      pack.clauses = pack.clauses.filter((c) => !innovationSections.has(c.section));
    });
    const problem = only(loaded, 'semantic.empty_group');
    expect(problem.message).toContain('innovation');
  });

  it('refuses a criterion that names a clause group that does not exist', () => {
    const { loaded } = broken((pack) => {
      const criterion = at(at(pack.levels, 0).criteria, 0);
      Object.assign(criterion, { group: 'nope' });
    });
    expect(loaded.pack).toBeNull();
    const problem = only(loaded, 'semantic.unknown_group');
    expect(problem.severity).toBe('error');
    expect(problem.path).toBe('levels[0].criteria[0].group');
    expect(problem.message).toContain('nope');
  });

  it('refuses levels that are not numbered 1, 2, 3… in order', () => {
    const { loaded } = broken((pack) => {
      mutable(at(pack.levels, 1)).level = 3;
    });
    expect(loaded.pack).toBeNull();
    const problem = only(loaded, 'semantic.level_sequence');
    expect(problem.severity).toBe('error');
    expect(problem.path).toBe('levels[1].level');
  });

  it('warns about a gap in the clause numbers, naming the missing number', () => {
    const { loaded } = broken((pack) => {
      pack.clauses = pack.clauses.filter((c) => c.number !== 100);
    });
    const problem = only(loaded, 'semantic.numbering_gap');
    expect(problem.severity).toBe('warning');
    expect(problem.message).toContain('100');
    expect(loaded.pack?.clauses).toHaveLength(167);
  });

  it('lists every problem of a pack that has several', () => {
    const { loaded } = broken((pack) => {
      mutable(at(pack.clauses, 5)).number = 5;
      mutable(at(pack.clauses, 10)).section = '9.9';
      Object.assign(at(at(pack.levels, 1).criteria, 0), { group: 'nope' });
      mutable(at(pack.levels, 2)).level = 7;
    });
    expect(loaded.pack).toBeNull();
    expect(codes(loaded)).toEqual(
      expect.arrayContaining([
        'semantic.duplicate_clause',
        'semantic.clause_without_section',
        'semantic.unknown_group',
        'semantic.level_sequence',
        'semantic.numbering_gap',
        'semantic.unattainable_total',
      ]),
    );
    for (const problem of loaded.problems) {
      expect(problem.file).toBe('broken.yaml');
      expect(problem.line).toEqual(expect.any(Number));
    }
  });
});

describe('pack problems in the reader’s language', () => {
  it('words a semantic problem differently in zh-Hans, zh-Hant and en', () => {
    const messages = LOCALES.map((locale) => {
      const { loaded } = broken((pack) => {
        mutable(at(pack.clauses, 5)).number = 5;
      }, locale);
      const problem = only(loaded, 'semantic.duplicate_clause');
      expect(problem.message).toBe(
        packMessage('semantic.duplicate_clause', locale, { number: 5, first: 'clauses[4]' }),
      );
      return problem.message;
    });
    expect(new Set(messages).size).toBe(3);
  });

  it('words the unattainable-total warning of the shipped pack in every language, with both totals', () => {
    const messages = LOCALES.map((locale) => {
      const [warning] = parsePack(PACK_TEXT, PACK_PATH, locale).problems;
      expect(warning?.message).toContain('3380');
      expect(warning?.message).toContain('3360');
      return warning?.message;
    });
    expect(new Set(messages).size).toBe(3);
  });

  it('words schema problems in every language too', () => {
    const messages = LOCALES.map(
      (locale) =>
        only(
          broken((pack) => {
            Object.assign(at(pack.clauses, 2), { colour: 'red' });
          }, locale).loaded,
          'schema.unrecognized_keys',
        ).message,
    );
    expect(new Set(messages).size).toBe(3);
    for (const message of messages) expect(message).toContain('colour');
  });

  it('words YAML syntax errors in every language', () => {
    const text = PACK_TEXT.replace('status: published', 'status: [published');
    const messages = LOCALES.map((locale) => parsePack(text, 'broken.yaml', locale).problems[0]?.message);
    expect(new Set(messages).size).toBe(3);
  });
});

describe('contentHash', () => {
  const original = parsePack(PACK_TEXT, PACK_PATH).contentHash;

  it('ignores comments, blank lines and layout', () => {
    const relaidOut = `# an added comment\n\n${PACK_TEXT.replace(
      'clauses:\n',
      'clauses:   # the clauses\n\n',
    )}`;
    expect(relaidOut).not.toBe(PACK_TEXT);
    expect(parsePack(relaidOut, PACK_PATH).contentHash).toBe(original);
    // Written again with another YAML style: block maps instead of flow maps, new quoting.
    expect(parsePack(stringify(parse(PACK_TEXT)), PACK_PATH).contentHash).toBe(original);
    // And as JSON.
    expect(parsePack(JSON.stringify(parse(PACK_TEXT)), PACK_PATH).contentHash).toBe(original);
  });

  it('changes when a clause summary changes', () => {
    const { loaded } = broken((pack) => {
      const summary = mutable(at(pack.clauses, 0).summary);
      summary.en = `${summary.en} (amended)`;
    });
    expect(loaded.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.contentHash).not.toBe(original);
  });

  it('is absent for a pack with errors', () => {
    const { loaded } = broken((pack) => {
      mutable(at(pack.clauses, 5)).number = 5;
    });
    expect(loaded.contentHash).toBeNull();
  });
});

describe('clause mappings between versions', () => {
  const pack = parsePack(PACK_TEXT, PACK_PATH).pack;
  if (!pack) throw new Error('the shipped pack does not load');

  const identity = (): ClauseMappingFile => ({
    format: 'ccmm-mapping/1',
    standard: pack.standard,
    from: pack.version,
    to: pack.version,
    clauses: pack.clauses.map((c) => ({ from: c.number, to: c.number })),
  });

  /** Writes a mapping as YAML, parses it back, and checks it from the pack to itself. */
  function check(mapping: ClauseMappingFile) {
    const parsed = parseMapping(stringify(mapping), 'mapping.yaml');
    expect(parsed.problems).toEqual([]);
    if (!parsed.mapping) throw new Error('the mapping does not parse');
    return checkMapping(parsed.mapping, pack as StandardPack, pack as StandardPack, 'en');
  }
  const mappingCodes = (mapping: ClauseMappingFile) => check(mapping).map((f) => f.code);

  it('accepts the identity mapping from 2017 to 2017', () => {
    expect(check(identity())).toEqual([]);
  });

  it('reports a source clause the source version does not have', () => {
    const mapping = identity();
    mapping.clauses.push({ from: 999, to: null });
    const findings = check(mapping);
    expect(findings.map((f) => f.code)).toEqual(['mapping.unknown_source_clause']);
    expect(findings[0]?.path).toEqual(['clauses', 168, 'from']);
    expect(findings[0]?.message).toContain('999');
  });

  it('reports a target clause the target version does not have', () => {
    const mapping = identity();
    mapping.clauses[0] = { from: 1, to: 999 };
    const findings = check(mapping);
    expect(findings.map((f) => f.code)).toEqual(['mapping.unknown_target_clause']);
    expect(findings[0]?.message).toContain('999');
  });

  it('reports a source clause mapped twice', () => {
    const mapping = identity();
    mapping.clauses.push({ from: 3, to: null });
    expect(mappingCodes(mapping)).toEqual(['mapping.duplicate_source']);
  });

  it('reports two source clauses that map to one target', () => {
    const mapping = identity();
    mapping.clauses[1] = { from: 2, to: 1 };
    const findings = check(mapping);
    expect(findings.map((f) => f.code)).toEqual(['mapping.merged_target']);
    expect(findings[0]?.path).toEqual(['clauses', 1, 'to']);
  });

  it('reports a source clause left out of the mapping', () => {
    const mapping = identity();
    mapping.clauses = mapping.clauses.filter((c) => c.from !== 42);
    const findings = check(mapping);
    expect(findings.map((f) => f.code)).toEqual(['mapping.unmapped_source']);
    expect(findings[0]?.message).toContain('42');
  });

  it('accepts a clause dropped explicitly with to: null', () => {
    const mapping = identity();
    mapping.clauses[41] = { from: 42, to: null };
    expect(check(mapping)).toEqual([]);
  });

  it('reports a mapping written for another version', () => {
    expect(mappingCodes({ ...identity(), to: '2030' })).toEqual(['mapping.standard_mismatch']);
  });

  it('refuses a mapping file that breaks the mapping format, with a path and line', () => {
    const parsed = parseMapping(stringify({ ...identity(), clauses: [{ from: 1, to: 'one' }] }), 'm.yaml');
    expect(parsed.mapping).toBeNull();
    expect(parsed.problems.map((p) => p.path)).toEqual(['clauses[0].to']);
    expect(parsed.problems[0]?.line).toEqual(expect.any(Number));
  });
});

describe('mappings with split, merged, removed and added clauses (the TEST FIXTURE edition)', () => {
  const fixtures = new URL('../../../tests/fixtures/editions/', import.meta.url);
  const fixtureText = readFileSync(new URL('test-fixture-1.yaml', fixtures), 'utf8');
  const mappingText = readFileSync(new URL('2017-to-test-fixture-1.yaml', fixtures), 'utf8');
  const packs = new Map([
    ['cc-cmm-oc@2017', parsePack(PACK_TEXT, PACK_PATH).pack],
    ['cc-cmm-oc@test-fixture-1', parsePack(fixtureText, 'f.yaml').pack],
  ]);
  const find = (ref: string) => packs.get(ref) ?? undefined;

  it('checks the fixture mapping clean against both editions', () => {
    const checked = validateMapping(mappingText, 'm.yaml', 'en', find);
    expect(checked.problems).toEqual([]);
    expect(checked.mapping?.added).toEqual([171]);
  });

  it('names a merge not marked as one, a split sharing a target, and a wrong kind, by line', () => {
    const text = mappingText
      .replace('{from: 21, to: 20, kind: merged}', '{from: 21, to: 20}')
      .replace('{from: 11, to: 11}', '{from: 11, to: [11, 169]}')
      .replace('{from: 12, to: 12}', '{from: 12, to: 12, kind: removed}');
    const checked = validateMapping(text, 'm.yaml', 'en', find);
    const lines = text.split('\n');
    expect(checked.problems.map((p) => [p.code, lines[(p.line ?? 0) - 1]?.trim()])).toEqual([
      ['mapping.split_shared', '- {from: 11, to: [11, 169]}'],
      ['mapping.kind_mismatch', '- {from: 12, to: 12, kind: removed}'],
      ['mapping.merged_target', '- {from: 21, to: 20}'],
    ]);
    expect(checked.mapping).toBeNull();
  });
});

describe('loadPackFile', () => {
  it('reports a file that cannot be read instead of throwing', async () => {
    const loaded = await loadPackFile(join(tmpdir(), 'ccmm-no-such-dir', 'none.yaml'));
    expect(loaded.pack).toBeNull();
    expect(codes(loaded)).toEqual(['pack.unreadable']);
    expect(loaded.problems[0]?.message).toContain('ENOENT');
  });

  it('warns when a pack file is not named after its standard and version', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ccmm-pack-'));
    const file = join(dir, 'copy.yaml');
    await writeFile(file, PACK_TEXT);
    const loaded = await loadPackFile(file);
    await rm(dir, { recursive: true, force: true });
    expect(loaded.pack).not.toBeNull();
    expect(only(loaded, 'pack.file_name_mismatch').message).toContain('cc-cmm-oc/2017.yaml');
  });
});
