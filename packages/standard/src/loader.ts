import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, type Locale } from '@ccmm/engine';
import { type Document, isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { type ZodError, z } from 'zod';
import {
  formatPath,
  mappingMessages,
  type PackProblem,
  type PathSegment,
  packMessage,
  type Severity,
} from './problems.ts';
import {
  type ClauseMappingFile,
  clauseMappingSchema,
  type StandardPack,
  standardPackSchema,
} from './schema.ts';
import { checkMapping, checkPack } from './validate.ts';

export interface LoadedPack {
  readonly file: string;
  /** Present when the pack has no errors (warnings allowed). */
  readonly pack: StandardPack | null;
  readonly problems: readonly PackProblem[];
  /**
   * sha256 of the pack's content (canonical JSON, so comments and layout do not count): a
   * published version whose hash changes has changed, which is refused.
   */
  readonly contentHash: string | null;
}

const zodLocales = { 'zh-Hans': z.locales.zhCN, 'zh-Hant': z.locales.zhTW, en: z.locales.en } as const;

/** Where a path points in the YAML source, or where its nearest existing parent does. */
function lineOf(doc: Document, lines: LineCounter, path: readonly PathSegment[]): number | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      // For a key that is missing inside a map, the map's own line is the useful place.
      return lines.linePos(node.range[0]).line;
    }
    if (depth === 0 && (isMap(doc.contents) || isSeq(doc.contents))) {
      return lines.linePos(doc.contents.range?.[0] ?? 0).line;
    }
  }
  return null;
}

function zodProblems(error: ZodError, file: string, doc: Document, lines: LineCounter): PackProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    return {
      severity: 'error',
      code: `schema.${issue.code}`,
      file,
      path: formatPath(path),
      line: lineOf(doc, lines, path),
      message: issue.message,
    };
  });
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

interface ParsedYaml {
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly problems: PackProblem[];
}

function parseYaml(text: string, file: string, locale: Locale): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problems: PackProblem[] = doc.errors.map((e) => ({
    severity: 'error',
    code: 'pack.yaml_syntax',
    file,
    path: '',
    line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
    message: packMessage('pack.yaml_syntax', locale, { reason: e.message.split('\n')[0] ?? e.code }),
  }));
  return { doc, lines, problems };
}

/** Parses and validates a pack's text (YAML or JSON). Every problem is listed, none thrown. */
export function parsePack(text: string, file: string, locale: Locale = 'en'): LoadedPack {
  const { doc, lines, problems } = parseYaml(text, file, locale);
  if (problems.length > 0) return { file, pack: null, problems, contentHash: null };

  const parsed = standardPackSchema.safeParse(doc.toJS(), { error: zodLocales[locale]().localeError });
  if (!parsed.success) {
    return { file, pack: null, problems: zodProblems(parsed.error, file, doc, lines), contentHash: null };
  }
  const pack = parsed.data;
  const found: PackProblem[] = checkPack(pack, locale).map((f) => ({
    severity: f.severity,
    code: f.code,
    file,
    path: formatPath(f.path),
    line: lineOf(doc, lines, f.path),
    message: f.message,
  }));
  const expected = `${pack.standard}/${pack.version}`;
  const actual = `${basename(dirname(file))}/${basename(file).replace(/\.(ya?ml|json)$/, '')}`;
  if (file.includes('/') && actual !== expected) {
    found.push({
      severity: 'warning',
      code: 'pack.file_name_mismatch',
      file,
      path: '',
      line: null,
      message: packMessage('pack.file_name_mismatch', locale, { expected: `${expected}.yaml` }),
    });
  }
  const ok = !found.some((p) => p.severity === 'error');
  return { file, pack: ok ? pack : null, problems: found, contentHash: ok ? contentHash(pack) : null };
}

/** A problem of a pack given as a value (not text): where by path segments, for the caller to place. */
export interface ValueProblem {
  readonly severity: Severity;
  readonly code: string;
  readonly path: readonly PathSegment[];
  readonly message: string;
}

/**
 * Validates a pack given as a value (built from a spreadsheet, say): the schema, then the
 * semantic checks, every problem listed with its path.
 */
export function checkPackValue(
  value: unknown,
  locale: Locale = 'en',
): { pack: StandardPack | null; problems: ValueProblem[] } {
  const parsed = standardPackSchema.safeParse(value, { error: zodLocales[locale]().localeError });
  if (!parsed.success) {
    return {
      pack: null,
      problems: parsed.error.issues.map((issue) => ({
        severity: 'error',
        code: `schema.${issue.code}`,
        path: issue.path.filter((p): p is PathSegment => typeof p !== 'symbol'),
        message: issue.message,
      })),
    };
  }
  const problems: ValueProblem[] = checkPack(parsed.data, locale).map((f) => ({ ...f }));
  return { pack: problems.some((p) => p.severity === 'error') ? null : parsed.data, problems };
}

export async function loadPackFile(file: string, locale: Locale = 'en'): Promise<LoadedPack> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      file,
      pack: null,
      problems: [
        {
          severity: 'error',
          code: 'pack.unreadable',
          file,
          path: '',
          line: null,
          message: packMessage('pack.unreadable', locale, { reason }),
        },
      ],
      contentHash: null,
    };
  }
  return parsePack(text, file, locale);
}

export interface LoadedMapping {
  readonly file: string;
  readonly mapping: ClauseMappingFile | null;
  readonly problems: readonly PackProblem[];
}

export function parseMapping(text: string, file: string, locale: Locale = 'en'): LoadedMapping {
  const { doc, lines, problems } = parseYaml(text, file, locale);
  if (problems.length > 0) return { file, mapping: null, problems };
  const parsed = clauseMappingSchema.safeParse(doc.toJS(), { error: zodLocales[locale]().localeError });
  if (!parsed.success) return { file, mapping: null, problems: zodProblems(parsed.error, file, doc, lines) };
  return { file, mapping: parsed.data, problems: [] };
}

/**
 * Parses a mapping and checks it against the two versions it connects (found by ref through
 * `find`), every problem with its line. A version that cannot be found is a problem too.
 */
export function validateMapping(
  text: string,
  file: string,
  locale: Locale,
  find: (ref: string) => StandardPack | undefined,
): LoadedMapping {
  const { doc, lines, problems } = parseYaml(text, file, locale);
  if (problems.length > 0) return { file, mapping: null, problems };
  const parsed = clauseMappingSchema.safeParse(doc.toJS(), { error: zodLocales[locale]().localeError });
  if (!parsed.success) return { file, mapping: null, problems: zodProblems(parsed.error, file, doc, lines) };
  const mapping = parsed.data;
  const from = find(`${mapping.standard}@${mapping.from}`);
  const to = find(`${mapping.standard}@${mapping.to}`);
  const missing: PackProblem[] = (
    [
      [from, 'from', mapping.from],
      [to, 'to', mapping.to],
    ] as const
  )
    .filter(([pack]) => !pack)
    .map(([, key, version]) => ({
      severity: 'error',
      code: 'mapping.unknown_version',
      file,
      path: key,
      line: lineOf(doc, lines, [key]),
      message: format(mappingMessages['mapping.unknown_version'], locale, {
        ref: `${mapping.standard}@${version}`,
      }),
    }));
  if (!from || !to) return { file, mapping: null, problems: missing };
  const found: PackProblem[] = checkMapping(mapping, from, to, locale).map((f) => ({
    severity: f.severity,
    code: f.code,
    file,
    path: formatPath(f.path),
    line: lineOf(doc, lines, f.path),
    message: f.message,
  }));
  return { file, mapping: found.some((p) => p.severity === 'error') ? null : mapping, problems: found };
}

/**
 * Checks a mapping given as a value (built from a spreadsheet, say): the schema, the two versions
 * it connects (found by ref through `find`), then the mapping against them; every problem with
 * its path, for the caller to place.
 */
export function checkMappingValue(
  value: unknown,
  locale: Locale,
  find: (ref: string) => StandardPack | undefined,
): { mapping: ClauseMappingFile | null; problems: ValueProblem[] } {
  const parsed = clauseMappingSchema.safeParse(value, { error: zodLocales[locale]().localeError });
  if (!parsed.success) {
    return {
      mapping: null,
      problems: parsed.error.issues.map((issue) => ({
        severity: 'error',
        code: `schema.${issue.code}`,
        path: issue.path.filter((p): p is PathSegment => typeof p !== 'symbol'),
        message: issue.message,
      })),
    };
  }
  const mapping = parsed.data;
  const from = find(`${mapping.standard}@${mapping.from}`);
  const to = find(`${mapping.standard}@${mapping.to}`);
  const missing: ValueProblem[] = (
    [
      [from, 'from', mapping.from],
      [to, 'to', mapping.to],
    ] as const
  )
    .filter(([pack]) => !pack)
    .map(([, key, version]) => ({
      severity: 'error',
      code: 'mapping.unknown_version',
      path: [key],
      message: format(mappingMessages['mapping.unknown_version'], locale, {
        ref: `${mapping.standard}@${version}`,
      }),
    }));
  if (!from || !to) return { mapping: null, problems: missing };
  const found: ValueProblem[] = checkMapping(mapping, from, to, locale).map((f) => ({ ...f }));
  return { mapping: found.some((p) => p.severity === 'error') ? null : mapping, problems: found };
}

/** Every pack file under a standards directory: <standard>/<version>.yaml (or .json). */
export async function findPackFiles(standardsDir: string): Promise<string[]> {
  const entries = await readdir(standardsDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name) && !e.name.endsWith('.schema.json'))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => relative(standardsDir, path).split(/[/\\]/).length === 2)
    .sort();
}

/** The packs shipped with the product: the repository's standards/ folder. */
export const SHIPPED_STANDARDS_DIR = fileURLToPath(new URL('../../../standards/', import.meta.url));

/** "cc-cmm-oc@2017" → its parts, or null when it is not of that form. */
export function parseStandardRef(ref: string): { standard: string; version: string } | null {
  const m = /^([a-z0-9]+(?:-[a-z0-9]+)*)@([0-9A-Za-z][0-9A-Za-z.-]*)$/.exec(ref);
  return m?.[1] && m[2] ? { standard: m[1], version: m[2] } : null;
}

export function packFile(standardsDir: string, ref: { standard: string; version: string }): string {
  return join(standardsDir, ref.standard, `${ref.version}.yaml`);
}
