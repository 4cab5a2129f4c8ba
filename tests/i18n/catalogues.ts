// Every message catalogue of the product, read as TypeScript source, and the zh-Hant generator:
// OpenCC (cn → tw) followed by the engine's HANT_PHRASES. derive-hant.ts writes with it;
// catalogues.test.ts checks with it, so a hand-edited zh-Hant string fails the tests.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HANT_PHRASES } from '@ccmm/engine';
import { Converter } from 'opencc-js/cn2t';
import ts from 'typescript';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

const API_SRC = 'apps/api/src';

/**
 * The API's error catalogues: shared.errors.ts and each area's modules/<area>/<area>.errors.ts,
 * found on disk so a new area's cannot be left out.
 */
export const API_ERROR_FILES: readonly string[] = [
  `${API_SRC}/shared.errors.ts`,
  ...readdirSync(join(ROOT, API_SRC, 'modules'))
    .sort()
    .map((area) => `${API_SRC}/modules/${area}/${area}.errors.ts`)
    .filter((file) => existsSync(join(ROOT, file))),
];

/** Catalogues of messages shaped { 'zh-Hans', 'zh-Hant', en } (engine's Catalog). */
export const PER_MESSAGE_FILES: readonly string[] = [
  'packages/engine/src/explain.ts',
  'packages/engine/src/kpis.ts',
  'packages/engine/src/benchmarking.ts',
  'packages/engine/src/glossary.ts',
  'packages/standard/src/problems.ts',
  'packages/ratings-csv/src/messages.ts',
  'apps/cli/src/messages.ts',
  'apps/api/src/modules/reports/report-labels.ts',
  'apps/api/src/modules/certificates/certificate-labels.ts',
  'apps/api/src/modules/ratings/ratings.export.ts',
  'apps/api/src/modules/findings/findings.export.ts',
  'apps/api/src/modules/findings/finding-labels.ts',
  'apps/api/src/modules/standards/standards.xlsx.ts',
  'apps/api/src/modules/standards/transition.ts',
  'apps/api/src/modules/outbox/mail-messages.ts',
  'apps/api/src/modules/notifications/notification-texts.ts',
  ...API_ERROR_FILES,
];

/** The web's per-locale dictionaries; zh-Hant.ts is generated from zh-Hans.ts. */
export const WEB_DICTIONARIES = {
  'zh-Hans': 'apps/web/src/lib/i18n/zh-Hans.ts',
  'zh-Hant': 'apps/web/src/lib/i18n/zh-Hant.ts',
  en: 'apps/web/src/lib/i18n/en.ts',
} as const;

/**
 * Read as text only: another module owns these files, the glossary still applies to them.
 * Their zh-Hant is not generated. (None left: the API's errors became per-message catalogues.)
 */
export const TEXT_ONLY_FILES: readonly string[] = [];

const opencc = Converter({ from: 'cn', to: 'tw' });

/** The zh-Hant of a zh-Hans string, as the generator writes it. */
export function toHant(hans: string): string {
  let text = opencc(hans);
  for (const [from, to] of HANT_PHRASES) text = text.replaceAll(from, to);
  return text;
}

export function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

function parse(file: string, text = read(file)): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  if (!ts.isPropertyAssignment(p)) return undefined;
  const n = p.name;
  return ts.isIdentifier(n) || ts.isStringLiteral(n) ? n.text : undefined;
}

function literal(node: ts.Expression): ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node : undefined;
}

export type Pair = {
  readonly file: string;
  /** Where it is: the property names down to the message. */
  readonly path: string;
  readonly hans: string;
  readonly hant: string;
  readonly en: string | undefined;
  /** The zh-Hant literal in the source (start, end). */
  readonly at: readonly [number, number];
  readonly quote: '`' | "'";
};

/** Every { 'zh-Hans', 'zh-Hant', en } message of a per-message catalogue. */
export function messagesOf(file: string, text = read(file)): Pair[] {
  const source = parse(file, text);
  const out: Pair[] = [];
  const visit = (node: ts.Node, path: string[]): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const props = new Map<string, ts.Expression>();
      for (const p of node.properties) {
        const name = propertyName(p);
        if (name !== undefined && ts.isPropertyAssignment(p)) props.set(name, p.initializer);
      }
      const hansNode = props.get('zh-Hans');
      const hantNode = props.get('zh-Hant');
      const hans = hansNode && literal(hansNode);
      const hant = hantNode && literal(hantNode);
      if (hans && hant) {
        const enNode = props.get('en');
        out.push({
          file,
          path: path.join('.'),
          hans: hans.text,
          hant: hant.text,
          en: enNode && literal(enNode)?.text,
          at: [hant.getStart(source), hant.getEnd()],
          quote: ts.isNoSubstitutionTemplateLiteral(hant) ? '`' : "'",
        });
      }
    }
    const name = ts.isPropertyAssignment(node) ? propertyName(node) : undefined;
    ts.forEachChild(node, (child) => visit(child, name === undefined ? path : [...path, name]));
  };
  visit(source, []);
  return out;
}

/**
 * Every object of a per-message catalogue that names some of the languages but not all three,
 * as its path: a message missing a language.
 */
export function incompleteMessagesOf(file: string, text = read(file)): string[] {
  const source = parse(file, text);
  const out: string[] = [];
  const locales = ['zh-Hans', 'zh-Hant', 'en'];
  const visit = (node: ts.Node, path: string[]): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const names = new Set(node.properties.map(propertyName));
      const has = locales.filter((l) => names.has(l));
      if (has.length > 0 && has.length < locales.length) {
        out.push(`${path.join('.')} (${locales.filter((l) => !names.has(l)).join(', ')} missing)`);
      }
    }
    const name = ts.isPropertyAssignment(node) ? propertyName(node) : undefined;
    ts.forEachChild(node, (child) => visit(child, name === undefined ? path : [...path, name]));
  };
  visit(source, []);
  return out;
}

export type Leaf = { readonly path: string; readonly text: string; readonly at: readonly [number, number] };

/** Every string of a per-locale dictionary, by its path of keys. */
export function leavesOf(file: string, text = read(file)): Leaf[] {
  const source = parse(file, text);
  const out: Leaf[] = [];
  const visit = (node: ts.Node, path: string[]): void => {
    if (ts.isPropertyAssignment(node)) {
      const name = propertyName(node);
      if (name === undefined) return;
      const value = literal(node.initializer);
      if (value) {
        out.push({
          path: [...path, name].join('.'),
          text: value.text,
          at: [value.getStart(source), value.getEnd()],
        });
        return;
      }
      ts.forEachChild(node, (child) => visit(child, [...path, name]));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, path));
  };
  visit(source, []);
  return out;
}

/** A string literal as biome writes it: single quotes, or backticks when it spans lines. */
export function quote(text: string, style: '`' | "'" = text.includes('\n') ? '`' : "'"): string {
  if (style === '`') return `\`${text.replace(/[\\`]/g, '\\$&').replace(/\$\{/g, '\\${')}\``;
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

/** Replaces the given source ranges, last first so the earlier offsets stay right. */
export function splice(
  text: string,
  edits: readonly { at: readonly [number, number]; text: string }[],
): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.at[0] - a.at[0])) {
    out = out.slice(0, edit.at[0]) + edit.text + out.slice(edit.at[1]);
  }
  return out;
}

/** zh-Hant.ts as generated from zh-Hans.ts: the same keys, comments and order. */
export function generateWebHant(hansSource: string): string {
  const edits = leavesOf(WEB_DICTIONARIES['zh-Hans'], hansSource).map((leaf) => ({
    at: leaf.at,
    text: quote(toHant(leaf.text)),
  }));
  const body = splice(hansSource, edits).replace(
    /^export const zhHans = \{/m,
    'export const zhHant: Messages = {',
  );
  return `// Generated from zh-Hans.ts by \`pnpm derive-hant\` (OpenCC cn → tw, then HANT_PHRASES in
// @ccmm/engine's glossary.ts). Do not edit: change zh-Hans.ts or HANT_PHRASES and re-run.
import type { Messages } from './index.ts';

${body}`;
}
