import { GLOSSARY, HANT_PHRASES, LOCALES } from '@ccmm/engine';
import { describe, expect, it } from 'vitest';
import {
  API_ERROR_FILES,
  generateWebHant,
  incompleteMessagesOf,
  leavesOf,
  messagesOf,
  PER_MESSAGE_FILES,
  read,
  TEXT_ONLY_FILES,
  toHant,
  WEB_DICTIONARIES,
} from './catalogues.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the zh-Hant strings', () => {
  it('of every per-message catalogue are what the generator gives from their zh-Hans', () => {
    const drifted = PER_MESSAGE_FILES.flatMap((file) =>
      messagesOf(file)
        .filter((m) => m.hant !== toHant(m.hans))
        .map((m) => `${file} ${m.path}: ${m.hant} ≠ ${toHant(m.hans)}`),
    );
    expect(drifted, 'run `pnpm derive-hant` instead of editing zh-Hant by hand').toEqual([]);
  });

  it('of the web are zh-Hant.ts exactly as generated from zh-Hans.ts', () => {
    const generated = generateWebHant(read(WEB_DICTIONARIES['zh-Hans']));
    const expected = new Map(leavesOf(WEB_DICTIONARIES['zh-Hant'], generated).map((l) => [l.path, l.text]));
    const actual = leavesOf(WEB_DICTIONARIES['zh-Hant']);
    const drifted = actual
      .filter((l) => expected.get(l.path) !== l.text)
      .map((l) => `${l.path}: ${l.text} ≠ ${expected.get(l.path)}`);
    expect(drifted, 'run `pnpm derive-hant` instead of editing zh-Hant.ts by hand').toEqual([]);
    expect(actual.map((l) => l.path)).toEqual([...expected.keys()]);
  });

  it('keep the official names and fix what OpenCC gets wrong', () => {
    expect(toHant('标杆级')).toBe('標桿級');
    expect(toHant('最多只能选择 10 家')).toBe('最多只能選擇 10 家');
    expect(toHant('CC-CMM 认证平台')).toBe('CC-CMM 認證平台');
    expect(toHant('退出登录')).toBe('登出');
    expect(toHant('确定删除证据“{name}”吗？')).toBe('確定刪除證據「{name}」嗎？');
    expect(toHant('运营年限')).toBe('營運年限');
    expect(toHant('认证审核')).toBe('認證審核');
  });

  it('list each exception once, and every exception changes what OpenCC alone would write', () => {
    const froms = HANT_PHRASES.map(([from]) => from);
    expect(new Set(froms).size).toBe(froms.length);
    for (const [from, to] of HANT_PHRASES) expect(from).not.toBe(to);
  });
});

describe('the web dictionaries', () => {
  const leaves = Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      new Map(leavesOf(WEB_DICTIONARIES[locale]).map((l) => [l.path, l.text])),
    ]),
  );
  const keys = [...(leaves['zh-Hans']?.keys() ?? [])];

  it('have the same keys in every language', () => {
    for (const locale of LOCALES)
      expect([...(leaves[locale]?.keys() ?? [])].sort(), locale).toEqual([...keys].sort());
  });

  it('use the same placeholders in every language', () => {
    const differ = keys.filter((key) => {
      const hans = placeholders(leaves['zh-Hans']?.get(key) ?? '');
      return LOCALES.some((l) => placeholders(leaves[l]?.get(key) ?? '').join() !== hans.join());
    });
    expect(differ).toEqual([]);
  });
});

describe('the per-message catalogues', () => {
  it('give every message in all three languages', () => {
    const incomplete = PER_MESSAGE_FILES.flatMap((file) =>
      incompleteMessagesOf(file).map((path) => `${file} ${path}`),
    );
    expect(incomplete).toEqual([]);
  });

  it("include every area's API errors", () => {
    expect(API_ERROR_FILES).toContain('apps/api/src/shared.errors.ts');
    expect(API_ERROR_FILES).toContain('apps/api/src/modules/assessments/assessments.errors.ts');
    expect(API_ERROR_FILES.length).toBeGreaterThan(10);
    for (const file of API_ERROR_FILES) expect(messagesOf(file).length, file).toBeGreaterThan(0);
  });

  // English may word a sentence with other placeholders ({clauses}, {need}); the two Chinese may not.
  it('use the same placeholders in both Chinese scripts', () => {
    const differ = PER_MESSAGE_FILES.flatMap((file) =>
      messagesOf(file)
        .filter((m) => placeholders(m.hans).join() !== placeholders(m.hant).join())
        .map((m) => `${file} ${m.path}`),
    );
    expect(differ).toEqual([]);
  });
});

describe('the glossary', () => {
  const files = [...PER_MESSAGE_FILES, ...Object.values(WEB_DICTIONARIES), ...TEXT_ONLY_FILES].filter(
    (file) => !file.endsWith('glossary.ts'),
  );

  it.each(files)('is followed by %s', (file) => {
    const text = read(file);
    const found = GLOSSARY.flatMap((term) =>
      term.wrong.flatMap((wrong) =>
        [...text.matchAll(new RegExp(wrong, 'g'))].map(
          (m) =>
            `line ${text.slice(0, m.index).split('\n').length}: ${m[0]} (say ${term.term['zh-Hans']}/${term.term['zh-Hant']}: ${term.note})`,
        ),
      ),
    );
    expect(found).toEqual([]);
  });

  it('spells each term the way the generator derives its zh-Hant', () => {
    for (const { term } of GLOSSARY) expect(toHant(term['zh-Hans'])).toBe(term['zh-Hant']);
  });
});
