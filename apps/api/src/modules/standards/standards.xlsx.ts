import { type Catalog, format, type Locale } from '@ccmm/engine';
import { checkPackValue, formatPath, type PathSegment, type StandardPack } from '@ccmm/standard';
import ExcelJS from 'exceljs';
import { errors } from '../../errors.ts';
import type { ParsedUpload, UploadProblem } from './standards.usecases.ts';

// A standard pack as a workbook, for the body's staff who work in spreadsheets: one row per
// clause (sheet `clauses`), per section (`sections`), per level criterion (`levels`), per clause
// group (`groups`), and the edition's own fields as key/value rows (`edition`). The rates, the
// scale and the reading rules come from the published edition named by `base`. Headers are the
// pack's field names (the same in every language), so a problem names its sheet, row and column.

const LOCALES = ['zh-Hans', 'zh-Hant', 'en'] as const;
const texts = (field: string) => LOCALES.map((l) => `${field}.${l}`);

const SHEETS = {
  clauses: ['number', 'section', 'topic', ...texts('summary'), ...texts('evidence')],
  sections: ['id', 'parent', ...texts('title')],
  topics: ['section', 'id', ...texts('title')],
  groups: ['id', ...texts('name'), 'domains'],
  levels: [
    'level',
    'code',
    ...texts('name'),
    ...texts('description'),
    'kind',
    'rate',
    'group',
    'atLeastPercent',
    'atLeast',
  ],
} as const;

const EDITION_KEYS = [
  'standard',
  'version',
  'base',
  'publishedOn',
  ...texts('title'),
  ...texts('source.description'),
  'source.copyright',
] as const;

const INTEGER_FIELDS = new Set(['number', 'level', 'atLeastPercent', 'atLeast']);

/** The template: the edition given, one row per clause (and per section, criterion, group). */
export async function packToXlsx(pack: StandardPack, baseRef: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CC-CMM platform';
  const sheet = (name: string, headers: readonly string[], rows: unknown[][]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = headers.map((h) => ({ header: h, width: Math.max(12, h.length + 2) }));
    ws.getRow(1).font = { bold: true };
    for (const row of rows) ws.addRow(row.map((v) => v ?? null));
  };
  const t = (value: Record<string, string> | undefined) => LOCALES.map((l) => value?.[l] ?? null);
  const edition: Record<string, unknown> = {
    standard: pack.standard,
    version: pack.version,
    base: baseRef,
    publishedOn: pack.publishedOn ?? null,
    'source.copyright': pack.source.copyright,
  };
  for (const l of LOCALES) {
    edition[`title.${l}`] = pack.title[l];
    edition[`source.description.${l}`] = pack.source.description[l];
  }
  sheet(
    'edition',
    ['key', 'value'],
    EDITION_KEYS.map((k) => [k, edition[k]]),
  );
  const sectionRows: unknown[][] = [];
  const topicRows: unknown[][] = [];
  const visit = (s: StandardPack['domains'][number]['sections'][number], parent: string) => {
    sectionRows.push([s.id, parent, ...t(s.title)]);
    for (const topic of s.topics ?? []) topicRows.push([s.id, topic.id, ...t(topic.title)]);
    for (const child of s.sections ?? []) visit(child, s.id);
  };
  for (const d of pack.domains) {
    sectionRows.push([d.id, null, ...t(d.title)]);
    for (const s of d.sections) visit(s, d.id);
  }
  sheet('sections', SHEETS.sections, sectionRows);
  sheet('topics', SHEETS.topics, topicRows);
  sheet(
    'groups',
    SHEETS.groups,
    pack.clauseGroups.map((g) => [g.id, ...t(g.name), g.domains.join(', ')]),
  );
  sheet(
    'levels',
    SHEETS.levels,
    pack.levels.flatMap((l) =>
      l.criteria.map((c) => [
        l.level,
        l.code,
        ...t(l.name),
        ...t(l.description),
        c.kind,
        'rate' in c ? c.rate : null,
        'group' in c ? c.group : null,
        'atLeastPercent' in c ? c.atLeastPercent : null,
        'atLeast' in c ? c.atLeast : null,
      ]),
    ),
  );
  sheet(
    'clauses',
    SHEETS.clauses,
    pack.clauses.map((c) => [c.number, c.section, c.topic ?? null, ...t(c.summary), ...t(c.evidence)]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Place {
  readonly sheet: string;
  readonly row: number | null;
  /** The columns of the sheet, by header. */
  readonly headers: readonly string[];
}

/** A cell's value as text or number (rich text and formulas read as what they show). */
export function cellValue(cell: ExcelJS.Cell): string | number | undefined {
  const v = cell.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object' && 'richText' in v)
    return (
      v.richText
        .map((r) => r.text)
        .join('')
        .trim() || undefined
    );
  if (typeof v === 'object' && 'result' in v) {
    const r = v.result;
    return typeof r === 'number' || typeof r === 'string' ? r : undefined;
  }
  return cell.text?.trim() || undefined;
}

function setIn(target: Record<string, unknown>, dotted: string, value: unknown) {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys.at(-1) as string] = value;
}

/** "1" → 1 for integer fields; anything else as it is (the schema then names it). */
function typed(header: string, value: string | number): unknown {
  if (INTEGER_FIELDS.has(header) && typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  if (!INTEGER_FIELDS.has(header) && typeof value === 'number') return String(value);
  return value;
}

export const columnLetter = (index: number): string => {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
};

/**
 * Reads a workbook back into a pack and checks it as an uploaded YAML pack is checked, every
 * problem placed at its sheet, row and column. `baseOf` gives the published edition whose rates,
 * scale and reading rules the workbook's `base` names.
 */
export async function xlsxToPack(
  buffer: Buffer,
  locale: Locale,
  baseOf: (ref: string) => StandardPack | undefined,
): Promise<ParsedUpload> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw errors.badRequest('standard.xlsx_unreadable', {
      reason: error instanceof Error ? error.message.slice(0, 200) : String(error),
    });
  }
  const problems: UploadProblem[] = [];
  const places = new Map<string, Place>();
  const structural = (sheet: string, row: number | null, column: string | null, message: string) =>
    problems.push({
      severity: 'error',
      code: 'xlsx.structure',
      path: '',
      line: null,
      sheet,
      row,
      column,
      message,
    });

  /** The data rows of a sheet as objects keyed by header, with their row numbers. */
  const rowsOf = (name: keyof typeof SHEETS) => {
    const ws = workbook.getWorksheet(name);
    const expected = SHEETS[name];
    if (!ws) {
      structural(name, null, null, missingSheet(locale, name));
      return [];
    }
    const headers: string[] = [];
    ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => {
      headers[col - 1] = String(cellValue(cell) ?? '');
    });
    const missing = expected.filter((h) => !headers.includes(h));
    for (const h of missing) structural(name, 1, null, missingColumn(locale, h));
    const out: { row: number; value: Record<string, unknown>; headers: string[] }[] = [];
    ws.eachRow((row, number) => {
      if (number === 1) return;
      const value: Record<string, unknown> = {};
      let any = false;
      headers.forEach((h, i) => {
        if (!expected.includes(h as never)) return;
        const v = cellValue(row.getCell(i + 1));
        if (v === undefined) return;
        any = true;
        setIn(value, h, typed(h, v));
      });
      if (any) out.push({ row: number, value, headers });
    });
    return out;
  };

  // The edition's own fields: key/value rows.
  const edition: Record<string, unknown> = {};
  const editionRows = new Map<string, number>();
  const editionSheet = workbook.getWorksheet('edition');
  if (!editionSheet) structural('edition', null, null, missingSheet(locale, 'edition'));
  editionSheet?.eachRow((row, number) => {
    if (number === 1) return;
    const key = cellValue(row.getCell(1));
    const value = cellValue(row.getCell(2));
    if (typeof key !== 'string' || value === undefined) return;
    editionRows.set(key, number);
    setIn(edition, key, typeof value === 'number' && key !== 'publishedOn' ? String(value) : value);
  });
  const baseRef = typeof edition.base === 'string' ? edition.base : '';
  delete edition.base;
  const base = baseOf(baseRef);
  if (!base) {
    problems.push({
      severity: 'error',
      code: 'xlsx.base',
      path: 'base',
      line: null,
      sheet: 'edition',
      row: editionRows.get('base') ?? null,
      column: 'B',
      message: unknownBase(locale, baseRef),
    });
  }

  // Sections: a row without a parent is a domain; the others nest under their parent.
  type SectionNode = Record<string, unknown> & { id?: unknown; sections?: SectionNode[]; topics?: unknown[] };
  const domains: SectionNode[] = [];
  const byId = new Map<string, { node: SectionNode; path: PathSegment[] }>();
  for (const { row, value, headers } of rowsOf('sections')) {
    const { parent, ...node } = value as SectionNode & { parent?: unknown };
    let path: PathSegment[];
    if (parent === undefined) {
      path = ['domains', domains.length];
      domains.push({ ...node, sections: [] });
      byId.set(String(node.id), { node: domains.at(-1) as SectionNode, path });
    } else {
      const up = byId.get(String(parent));
      if (!up) {
        structural(
          'sections',
          row,
          columnLetter(headers.indexOf('parent')),
          unknownParent(locale, String(parent)),
        );
        continue;
      }
      up.node.sections ??= [];
      path = [...up.path, 'sections', up.node.sections.length];
      const child: SectionNode = { ...node };
      up.node.sections.push(child);
      byId.set(String(node.id), { node: child, path });
    }
    places.set(formatPath(path), { sheet: 'sections', row, headers });
  }
  // Sections without children hold none (the schema wants a missing list, not an empty one).
  const prune = (node: SectionNode) => {
    if (node.sections && node.sections.length === 0 && !domains.includes(node)) delete node.sections;
    node.sections?.forEach(prune);
  };
  domains.forEach(prune);
  for (const { row, value, headers } of rowsOf('topics')) {
    const { section, ...topic } = value;
    const owner = byId.get(String(section));
    if (!owner) {
      structural(
        'topics',
        row,
        columnLetter(headers.indexOf('section')),
        unknownParent(locale, String(section)),
      );
      continue;
    }
    owner.node.topics ??= [];
    places.set(formatPath([...owner.path, 'topics', owner.node.topics.length]), {
      sheet: 'topics',
      row,
      headers,
    });
    owner.node.topics.push(topic);
  }

  const clauseGroups = rowsOf('groups').map(({ row, value, headers }, g) => {
    places.set(formatPath(['clauseGroups', g]), { sheet: 'groups', row, headers });
    const domainsText = value.domains;
    return {
      ...value,
      domains: typeof domainsText === 'string' ? domainsText.split(/[,，\s]+/).filter(Boolean) : domainsText,
    };
  });

  // Levels: one row per criterion; a level's own fields from its first row.
  const levels: Record<string, unknown>[] = [];
  for (const { row, value, headers } of rowsOf('levels')) {
    const { level, code, name, description, kind, rate, group, atLeastPercent, atLeast } = value;
    let current = levels.at(-1);
    if (!current || current.level !== level) {
      current = { level, code, name, ...(description ? { description } : {}), criteria: [] };
      places.set(formatPath(['levels', levels.length]), { sheet: 'levels', row, headers });
      levels.push(current);
    }
    const criteria = current.criteria as unknown[];
    places.set(formatPath(['levels', levels.length - 1, 'criteria', criteria.length]), {
      sheet: 'levels',
      row,
      headers,
    });
    criteria.push(
      kind === 'compliantShare'
        ? { kind, rate, group, atLeastPercent }
        : {
            kind,
            atLeast,
            ...(rate !== undefined ? { rate } : {}),
            ...(group !== undefined ? { group } : {}),
          },
    );
  }

  const clauses = rowsOf('clauses').map(({ row, value, headers }, i) => {
    places.set(formatPath(['clauses', i]), { sheet: 'clauses', row, headers });
    return value;
  });

  if (problems.length > 0) return { pack: null, problems };
  const value = {
    format: 'ccmm-standard/1',
    ...edition,
    status: 'draft',
    rates: base?.rates,
    scale: base?.scale,
    readingRules: base?.readingRules,
    domains,
    clauseGroups,
    levels,
    clauses,
  };
  const checked = checkPackValue(value, locale);
  for (const p of checked.problems) {
    problems.push({
      severity: p.severity,
      code: p.code,
      path: formatPath(p.path),
      line: null,
      ...placeOf(p.path),
      message: p.message,
    });
  }
  return { pack: checked.pack, problems };

  /** The sheet, row and column a pack path came from: its longest placed prefix, then the header. */
  function placeOf(path: readonly PathSegment[]): {
    sheet: string;
    row: number | null;
    column: string | null;
  } {
    if (
      path[0] !== 'domains' &&
      path[0] !== 'clauseGroups' &&
      path[0] !== 'levels' &&
      path[0] !== 'clauses'
    ) {
      const key = path.map(String).join('.');
      const row = editionRows.get(key) ?? null;
      return { sheet: 'edition', row, column: row ? 'B' : null };
    }
    for (let depth = path.length; depth > 0; depth--) {
      const place = places.get(formatPath(path.slice(0, depth)));
      if (!place) continue;
      const rest = path.slice(depth).filter((s): s is string => typeof s === 'string');
      // A level's criterion list lives on the level's rows; the rest names a column.
      for (let n = rest.length; n > 0; n--) {
        const header = rest.slice(0, n).join('.');
        const index = place.headers.indexOf(header);
        if (index >= 0) return { sheet: place.sheet, row: place.row, column: columnLetter(index) };
      }
      return { sheet: place.sheet, row: place.row, column: null };
    }
    return { sheet: String(path[0]), row: null, column: null };
  }
}

const XLSX_MESSAGES = {
  missingSheet: {
    'zh-Hans': '缺少工作表 {name}',
    'zh-Hant': '缺少工作表 {name}',
    en: 'the sheet {name} is missing',
  },
  missingColumn: {
    'zh-Hans': '缺少列 {name}',
    'zh-Hant': '缺少列 {name}',
    en: 'the column {name} is missing',
  },
  unknownParent: {
    'zh-Hans': '上级章节 {id} 不在此行之前的章节中',
    'zh-Hant': '上級章節 {id} 不在此行之前的章節中',
    en: 'the parent section {id} is not among the sections above this row',
  },
  unknownBase: {
    'zh-Hans': 'base 应为已发布的标准版本（取其评分、量表与解读规则），而不是“{ref}”',
    'zh-Hant': 'base 應為已發佈的標準版本（取其評分、量表與解讀規則），而不是「{ref}」',
    en: 'base names the published version whose rates, scale and reading rules this edition takes, not “{ref}”',
  },
} as const satisfies Catalog<string>;

export const missingSheet = (l: Locale, name: string) => format(XLSX_MESSAGES.missingSheet, l, { name });
export const missingColumn = (l: Locale, name: string) => format(XLSX_MESSAGES.missingColumn, l, { name });
const unknownParent = (l: Locale, id: string) => format(XLSX_MESSAGES.unknownParent, l, { id });
const unknownBase = (l: Locale, ref: string) => format(XLSX_MESSAGES.unknownBase, l, { ref });
