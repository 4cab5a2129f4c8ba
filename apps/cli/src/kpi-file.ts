import type { operations } from '@ccmm/client';
import { MONTH_PATTERN } from '@ccmm/engine';
import { parse } from 'csv-parse/sync';
import type { Ui } from './io.ts';

/** The body's values of PUT /api/organizations/:id/kpis/:month, as the client types them. */
type KpiValues =
  operations['putOrganizationsByIdKpisByMonth']['requestBody']['content']['application/json']['values'];
type KpiEntry = KpiValues[number];

/**
 * One month as the KPI route takes it. The file's words are taken as written (an unknown
 * indicator or method included): the server judges them, and says what is wrong in its answer.
 */
export interface KpiMonth {
  readonly month: string;
  readonly values: KpiValues;
}

export interface KpiFile {
  readonly months: readonly KpiMonth[];
  /** In the reader's language; any problem: nothing is sent. */
  readonly problems: readonly string[];
}

const COLUMNS = ['month', 'indicator', 'value', 'target', 'threshold_seconds', 'abandons', 'scale'] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: readonly Column[] = ['month', 'indicator', 'value'];

/**
 * A KPI file for `ccmm push-kpis`: JSON in the shape of the KPI route (`{month, values}` or an
 * array of them) or CSV `month,indicator,value[,target,threshold_seconds,abandons,scale]`, one row
 * per value. Only the file's own form is checked here; the values are the server's to judge
 * (400 kpi.invalid lists each problem in the reader's language).
 */
export function readKpiFile(name: string, text: string, ui: Ui): KpiFile {
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  return name.toLowerCase().endsWith('.json') || trimmed.startsWith('{') || trimmed.startsWith('[')
    ? fromJson(trimmed, ui)
    : fromCsv(trimmed, ui);
}

function fromJson(text: string, ui: Ui): KpiFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { months: [], problems: [ui.t('kpiBadJson', { reason: (error as Error).message })] };
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const months: KpiMonth[] = [];
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const where = Array.isArray(parsed) ? `[${index}]` : '';
    const e = entry as { month?: unknown; values?: unknown } | null;
    if (typeof e !== 'object' || e === null || !Array.isArray(e.values) || typeof e.month !== 'string') {
      problems.push(ui.t('kpiBadJson', { reason: `${where || 'the file'}: month or values missing` }));
      return;
    }
    if (!MONTH_PATTERN.test(e.month)) {
      problems.push(`${where} ${ui.t('kpiBadMonth', { value: e.month })}`.trim());
      return;
    }
    months.push({ month: e.month, values: e.values as KpiValues });
  });
  return finish(months, problems, ui);
}

function fromCsv(text: string, ui: Ui): KpiFile {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // With info: true each record comes with its info (csv-parse's types omit this form).
    rows = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    }) as unknown as typeof rows;
  } catch (error) {
    return { months: [], problems: [(error as Error).message] };
  }
  const [header, ...body] = rows;
  if (!header) return { months: [], problems: [ui.t('kpiEmpty')] };
  const columns = header.record.map((c) => c.toLowerCase());
  const problems: string[] = [];
  for (const column of columns) {
    if (!(COLUMNS as readonly string[]).includes(column)) problems.push(ui.t('kpiBadHeader', { column }));
  }
  for (const column of REQUIRED) {
    if (!columns.includes(column)) problems.push(ui.t('kpiMissingColumn', { column }));
  }
  if (problems.length > 0) return { months: [], problems };

  const byMonth = new Map<string, KpiEntry[]>();
  for (const { record, info } of body) {
    const cell = (column: Column) => record[columns.indexOf(column)]?.trim() ?? '';
    const line = (problem: string) => problems.push(ui.t('kpiLine', { line: info.lines, problem }));
    const number = (column: Column): number | undefined => {
      const raw = cell(column);
      if (raw === '') return undefined;
      const n = Number(raw);
      if (!Number.isFinite(n)) line(ui.t('kpiBadNumber', { column, value: raw }));
      return n;
    };
    const month = cell('month');
    if (!MONTH_PATTERN.test(month)) {
      line(ui.t('kpiBadMonth', { value: month }));
      continue;
    }
    const value = number('value');
    if (value === undefined) {
      line(ui.t('kpiBadNumber', { column: 'value', value: '' }));
      continue;
    }
    const target = number('target');
    const thresholdSeconds = number('threshold_seconds');
    const method = {
      ...(thresholdSeconds === undefined ? {} : { thresholdSeconds }),
      ...(cell('abandons')
        ? { abandons: cell('abandons') as NonNullable<KpiEntry['method']>['abandons'] }
        : {}),
      ...(cell('scale') ? { scale: cell('scale') as NonNullable<KpiEntry['method']>['scale'] } : {}),
    };
    const values = byMonth.get(month) ?? [];
    values.push({
      indicator: cell('indicator') as KpiEntry['indicator'],
      value,
      ...(target === undefined ? {} : { target }),
      ...(Object.keys(method).length > 0 ? { method } : {}),
    });
    byMonth.set(month, values);
  }
  return finish(
    [...byMonth].map(([month, values]) => ({ month, values })),
    problems,
    ui,
  );
}

function finish(months: KpiMonth[], problems: string[], ui: Ui): KpiFile {
  if (problems.length === 0 && months.every((m) => m.values.length === 0)) {
    return { months: [], problems: [ui.t('kpiEmpty')] };
  }
  // Oldest first, as a person reads the output.
  return { months: [...months].sort((a, b) => a.month.localeCompare(b.month)), problems };
}
