import type { Catalog, Locale } from '@ccmm/engine';
import { type Column, tableToCsv, tableToXlsx } from '../../spreadsheet.ts';
import { FINDING_KIND_NAMES as KINDS, FINDING_STATE_NAMES as STATES } from './finding-labels.ts';
import type { listFindings } from './findings.usecases.ts';

// The findings register as a spreadsheet (CSV or XLSX) for the body and the centers
// (zh-Hant generated: pnpm derive-hant).

const HEADERS = {
  organization: { 'zh-Hans': '机构', 'zh-Hant': '機構', en: 'Organization' },
  number: { 'zh-Hans': '编号', 'zh-Hant': '編號', en: 'No.' },
  kind: { 'zh-Hans': '类型', 'zh-Hant': '類型', en: 'Kind' },
  clauses: { 'zh-Hans': '条目', 'zh-Hant': '條目', en: 'Clauses' },
  statement: { 'zh-Hans': '陈述', 'zh-Hant': '陳述', en: 'Statement' },
  state: { 'zh-Hans': '状态', 'zh-Hant': '狀態', en: 'State' },
  dueOn: { 'zh-Hans': '完成日期', 'zh-Hant': '完成日期', en: 'Due on' },
  overdue: { 'zh-Hans': '逾期', 'zh-Hant': '逾期', en: 'Overdue' },
  blocks: { 'zh-Hans': '阻碍决定', 'zh-Hant': '阻礙決定', en: 'Holds the decision back' },
  recordedBy: { 'zh-Hans': '记录人', 'zh-Hant': '記錄人', en: 'Recorded by' },
  recordedOn: { 'zh-Hans': '记录日期', 'zh-Hant': '記錄日期', en: 'Recorded on' },
} as const satisfies Catalog<string>;

const WORDS = {
  yes: { 'zh-Hans': '是', 'zh-Hant': '是', en: 'yes' },
} as const satisfies Catalog<string>;

const WIDTHS: Record<keyof typeof HEADERS, number> = {
  organization: 24,
  number: 6,
  kind: 16,
  clauses: 10,
  statement: 60,
  state: 14,
  dueOn: 12,
  overdue: 8,
  blocks: 12,
  recordedBy: 12,
  recordedOn: 12,
};

type Listed = Awaited<ReturnType<typeof listFindings>>[number];

function table(findings: readonly Listed[], locale: Locale) {
  const columns: Column[] = Object.entries(HEADERS).map(([key, header]) => ({
    header,
    width: WIDTHS[key as keyof typeof HEADERS],
  }));
  const flag = (on: boolean) => (on ? WORDS.yes[locale] : '');
  const rows = findings.map((f) => [
    f.organizationName,
    f.number,
    KINDS[f.kind][locale],
    f.clauses.join(', '),
    f.statement,
    STATES[f.state][locale],
    f.plan?.dueOn ?? null,
    flag(f.overdue),
    flag(f.blocksDecision),
    f.recordedByName,
    f.createdAt.toISOString().slice(0, 10),
  ]);
  return { columns, rows };
}

export const findingsToCsv = (findings: readonly Listed[], locale: Locale) => {
  const { columns, rows } = table(findings, locale);
  return tableToCsv(columns, rows, locale);
};

export const findingsToXlsx = (findings: readonly Listed[], locale: Locale) => {
  const { columns, rows } = table(findings, locale);
  return tableToXlsx('Findings', columns, rows, locale);
};
