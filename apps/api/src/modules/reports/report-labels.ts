// The report's own words in each locale: headings, table headers, the sentences around the
// figures. The engine's sentences (criteria, needs, blockers, changes) come from @ccmm/engine.
import type { Locale } from '@ccmm/engine';

export type ReportLabels = {
  title: string;
  summary: string;
  organization: string;
  operatingSince: string;
  assessment: string;
  kind: string;
  status: string;
  assessedOn: string;
  standard: string;
  generatedAt: string;
  result: string;
  levelReached: (code: string, name: string) => string;
  noLevel: string;
  total: (total: number, max: number) => string;
  completeness: (scored: number, expected: number) => string;
  incomplete: (n: number) => string;
  criteria: string;
  level: string;
  criterion: string;
  required: string;
  actual: string;
  met: string;
  yes: string;
  no: string;
  chartDomains: string;
  chartSections: string;
  gap: (code: string, name: string) => string;
  topLevel: string;
  needs: string;
  blockers: string;
  changes: (n: number, after: number) => string;
  noChanges: string;
  clauses: string;
  clause: string;
  section: string;
  summaryCol: string;
  note: string;
  page: (n: number, m: number) => string;
  kinds: Record<string, string>;
  statuses: Record<string, string>;
};

export const REPORT_LABELS: Record<Locale, ReportLabels> = {
  'zh-Hans': {
    title: '客户中心能力成熟度评估报告',
    summary: '概要',
    organization: '组织',
    operatingSince: '开始运营',
    assessment: '评估编号',
    kind: '评估类型',
    status: '状态',
    assessedOn: '评估日期',
    standard: '标准',
    generatedAt: '生成时间',
    result: '评估结果',
    levelReached: (code, name) => `达到 ${code} ${name}`,
    noLevel: '未达到 L1',
    total: (t, m) => `总分 ${t} / ${m}`,
    completeness: (s, e) => `已评 ${s} / ${e} 项评分`,
    incomplete: (n) => `${n} 个条目尚未评完：未评的评分按 0 分计。`,
    criteria: '各等级条件',
    level: '等级',
    criterion: '条件',
    required: '要求',
    actual: '实际',
    met: '结果',
    yes: '满足',
    no: '未满足',
    chartDomains: '各领域得分',
    chartSections: '各小节得分',
    gap: (code, name) => `距 ${code} ${name} 的差距`,
    topLevel: '已达到最高等级，没有下一等级的差距。',
    needs: '尚缺',
    blockers: '无法通过评分弥补的条件',
    changes: (n, after) => `建议调整（最少 ${n} 项，调整后总分 ${after}）`,
    noChanges: '没有可以通过评分完成的调整。',
    clauses: '条目评分',
    clause: '条目',
    section: '小节',
    summaryCol: '要求摘要',
    note: '备注',
    page: (n, m) => `第 ${n} 页 / 共 ${m} 页`,
    kinds: { self: '自评', certification: '认证审核', surveillance: '监督审核' },
    statuses: { draft: '草稿', in_progress: '进行中', submitted: '已提交' },
  },
  'zh-Hant': {
    title: '客戶中心能力成熟度評估報告',
    summary: '概要',
    organization: '組織',
    operatingSince: '開始運營',
    assessment: '評估編號',
    kind: '評估類型',
    status: '狀態',
    assessedOn: '評估日期',
    standard: '標準',
    generatedAt: '產生時間',
    result: '評估結果',
    levelReached: (code, name) => `達到 ${code} ${name}`,
    noLevel: '未達到 L1',
    total: (t, m) => `總分 ${t} / ${m}`,
    completeness: (s, e) => `已評 ${s} / ${e} 項評分`,
    incomplete: (n) => `${n} 個條目尚未評完：未評的評分按 0 分計。`,
    criteria: '各等級條件',
    level: '等級',
    criterion: '條件',
    required: '要求',
    actual: '實際',
    met: '結果',
    yes: '滿足',
    no: '未滿足',
    chartDomains: '各領域得分',
    chartSections: '各小節得分',
    gap: (code, name) => `距 ${code} ${name} 的差距`,
    topLevel: '已達到最高等級，沒有下一等級的差距。',
    needs: '尚缺',
    blockers: '無法透過評分彌補的條件',
    changes: (n, after) => `建議調整（最少 ${n} 項，調整後總分 ${after}）`,
    noChanges: '沒有可以透過評分完成的調整。',
    clauses: '條目評分',
    clause: '條目',
    section: '小節',
    summaryCol: '要求摘要',
    note: '備註',
    page: (n, m) => `第 ${n} 頁 / 共 ${m} 頁`,
    kinds: { self: '自評', certification: '認證審核', surveillance: '監督審核' },
    statuses: { draft: '草稿', in_progress: '進行中', submitted: '已提交' },
  },
  en: {
    title: 'Customer Center Capability Maturity Assessment Report',
    summary: 'Summary',
    organization: 'Organization',
    operatingSince: 'Operating since',
    assessment: 'Assessment',
    kind: 'Kind',
    status: 'Status',
    assessedOn: 'Assessed on',
    standard: 'Standard',
    generatedAt: 'Generated at',
    result: 'Result',
    levelReached: (code, name) => `${code} ${name} reached`,
    noLevel: 'L1 not reached',
    total: (t, m) => `Total ${t} of ${m}`,
    completeness: (s, e) => `${s} of ${e} ratings scored`,
    incomplete: (n) => `${n} clauses are not fully rated: unscored ratings count as 0.`,
    criteria: 'Criteria of every level',
    level: 'Level',
    criterion: 'Criterion',
    required: 'Required',
    actual: 'Actual',
    met: 'Result',
    yes: 'Met',
    no: 'Not met',
    chartDomains: 'Points per domain',
    chartSections: 'Points per section',
    gap: (code, name) => `Gap to ${code} ${name}`,
    topLevel: 'The highest level is reached: there is no next level.',
    needs: 'Still needed',
    blockers: 'What ratings cannot close',
    changes: (n, after) => `Suggested changes (fewest: ${n}; total afterwards ${after})`,
    noChanges: 'No rating changes can close the gap.',
    clauses: 'Clause ratings',
    clause: 'Clause',
    section: 'Section',
    summaryCol: 'Requirement (summary)',
    note: 'Note',
    page: (n, m) => `Page ${n} of ${m}`,
    kinds: {
      self: 'Self-assessment',
      certification: 'Certification audit',
      surveillance: 'Surveillance audit',
    },
    statuses: { draft: 'Draft', in_progress: 'In progress', submitted: 'Submitted' },
  },
};
