// The report's own words in each locale: headings, table headers, the sentences around the
// figures, as one per-message catalogue (zh-Hant generated: pnpm derive-hant). The engine's
// sentences (criteria, needs, blockers, changes) come from @ccmm/engine.
import {
  type AssessmentKind,
  type AssessmentStatus,
  type Catalog,
  type FindingKind,
  type FindingState,
  format,
  type Locale,
  type SignOffParty,
  type TeamRole,
} from '@ccmm/engine';
import { FINDING_KIND_NAMES, FINDING_STATE_NAMES } from '../findings/finding-labels.ts';

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
  // Every kind and status named: the compiler refuses a new one left to show in raw English.
  kinds: Record<AssessmentKind, string>;
  statuses: Record<AssessmentStatus, string>;
  team: string;
  onSite: (from: string, to: string, manDays: number) => string;
  member: string;
  role: string;
  roles: Record<TeamRole, string>;
  findings: string;
  findingsSummary: (major: number, minor: number, other: number, open: number) => string;
  noFindings: string;
  findingKinds: Record<FindingKind, string>;
  findingStates: Record<FindingState, string>;
  number: string;
  statement: string;
  dueOn: string;
  signOff: string;
  parties: Record<SignOffParty, string>;
  signedOn: (name: string, on: string) => string;
  notSigned: string;
  photos: string;
  photoOf: (n: number, caption: string) => string;
  checkIns: string;
  noCheckIns: string;
  checkInKind: string;
  checkInKinds: Record<'in' | 'out', string>;
  deviceTime: string;
  receivedAt: string;
  location: string;
  distance: string;
  photoHash: string;
  noLocation: string;
  noPhoto: string;
  far: (name: string, kind: string, at: string, distance: string) => string;
  explained: (text: string) => string;
  unexplained: string;
};

export const REPORT_MESSAGES = {
  title: {
    'zh-Hans': '客户中心能力成熟度评估报告',
    'zh-Hant': '客戶中心能力成熟度評估報告',
    en: 'Customer Center Capability Maturity Assessment Report',
  },
  summary: { 'zh-Hans': '概要', 'zh-Hant': '概要', en: 'Summary' },
  organization: { 'zh-Hans': '组织', 'zh-Hant': '組織', en: 'Organization' },
  operatingSince: { 'zh-Hans': '开始运营', 'zh-Hant': '開始營運', en: 'Operating since' },
  assessment: { 'zh-Hans': '评估编号', 'zh-Hant': '評估編號', en: 'Assessment' },
  kind: { 'zh-Hans': '评估类型', 'zh-Hant': '評估類型', en: 'Kind' },
  status: { 'zh-Hans': '状态', 'zh-Hant': '狀態', en: 'Status' },
  assessedOn: { 'zh-Hans': '评估日期', 'zh-Hant': '評估日期', en: 'Assessed on' },
  standard: { 'zh-Hans': '标准', 'zh-Hant': '標準', en: 'Standard' },
  generatedAt: { 'zh-Hans': '生成时间', 'zh-Hant': '產生時間', en: 'Generated at' },
  result: { 'zh-Hans': '评估结果', 'zh-Hant': '評估結果', en: 'Result' },
  levelReached: {
    'zh-Hans': '达到 {code} {name}',
    'zh-Hant': '達到 {code} {name}',
    en: '{code} {name} reached',
  },
  noLevel: { 'zh-Hans': '未达到 L1', 'zh-Hant': '未達到 L1', en: 'L1 not reached' },
  total: {
    'zh-Hans': '总分 {total} / {max}',
    'zh-Hant': '總分 {total} / {max}',
    en: 'Total {total} of {max}',
  },
  completeness: {
    'zh-Hans': '已评 {scored} / {expected} 项评分',
    'zh-Hant': '已評 {scored} / {expected} 項評分',
    en: '{scored} of {expected} ratings scored',
  },
  incomplete: {
    'zh-Hans': '{count} 个条目尚未评完：未评的评分按 0 分计。',
    'zh-Hant': '{count} 個條目尚未評完：未評的評分按 0 分計。',
    en: '{count} clauses are not fully rated: unscored ratings count as 0.',
  },
  criteria: { 'zh-Hans': '各等级条件', 'zh-Hant': '各等級條件', en: 'Criteria of every level' },
  level: { 'zh-Hans': '等级', 'zh-Hant': '等級', en: 'Level' },
  criterion: { 'zh-Hans': '条件', 'zh-Hant': '條件', en: 'Criterion' },
  required: { 'zh-Hans': '要求', 'zh-Hant': '要求', en: 'Required' },
  actual: { 'zh-Hans': '实际', 'zh-Hant': '實際', en: 'Actual' },
  met: { 'zh-Hans': '结果', 'zh-Hant': '結果', en: 'Result' },
  yes: { 'zh-Hans': '满足', 'zh-Hant': '滿足', en: 'Met' },
  no: { 'zh-Hans': '未满足', 'zh-Hant': '未滿足', en: 'Not met' },
  chartDomains: { 'zh-Hans': '各领域得分', 'zh-Hant': '各領域得分', en: 'Points per domain' },
  chartSections: { 'zh-Hans': '各小节得分', 'zh-Hant': '各小節得分', en: 'Points per section' },
  gap: {
    'zh-Hans': '距 {code} {name} 的差距',
    'zh-Hant': '距 {code} {name} 的差距',
    en: 'Gap to {code} {name}',
  },
  topLevel: {
    'zh-Hans': '已达到最高等级，没有下一等级的差距。',
    'zh-Hant': '已達到最高等級，沒有下一等級的差距。',
    en: 'The highest level is reached: there is no next level.',
  },
  needs: { 'zh-Hans': '尚缺', 'zh-Hant': '尚缺', en: 'Still needed' },
  blockers: {
    'zh-Hans': '无法通过评分弥补的条件',
    'zh-Hant': '無法透過評分彌補的條件',
    en: 'What ratings cannot close',
  },
  changes: {
    'zh-Hans': '建议调整（最少 {count} 项，调整后总分 {after}）',
    'zh-Hant': '建議調整（最少 {count} 項，調整後總分 {after}）',
    en: 'Suggested changes (fewest: {count}; total afterwards {after})',
  },
  noChanges: {
    'zh-Hans': '没有可以通过评分完成的调整。',
    'zh-Hant': '沒有可以透過評分完成的調整。',
    en: 'No rating changes can close the gap.',
  },
  clauses: { 'zh-Hans': '条目评分', 'zh-Hant': '條目評分', en: 'Clause ratings' },
  clause: { 'zh-Hans': '条目', 'zh-Hant': '條目', en: 'Clause' },
  section: { 'zh-Hans': '小节', 'zh-Hant': '小節', en: 'Section' },
  summaryCol: { 'zh-Hans': '要求摘要', 'zh-Hant': '要求摘要', en: 'Requirement (summary)' },
  note: { 'zh-Hans': '备注', 'zh-Hant': '備註', en: 'Note' },
  page: {
    'zh-Hans': '第 {page} 页 / 共 {pages} 页',
    'zh-Hant': '第 {page} 頁 / 共 {pages} 頁',
    en: 'Page {page} of {pages}',
  },
  'kinds.self': { 'zh-Hans': '自评', 'zh-Hant': '自評', en: 'Self-assessment' },
  'kinds.certification': { 'zh-Hans': '认证审核', 'zh-Hant': '認證審核', en: 'Certification audit' },
  'kinds.surveillance': { 'zh-Hans': '监督审核', 'zh-Hant': '監督審核', en: 'Surveillance audit' },
  'statuses.draft': { 'zh-Hans': '草稿', 'zh-Hant': '草稿', en: 'Draft' },
  'statuses.in_progress': { 'zh-Hans': '进行中', 'zh-Hant': '進行中', en: 'In progress' },
  'statuses.submitted': { 'zh-Hans': '已提交', 'zh-Hant': '已提交', en: 'Submitted' },
  'statuses.in_review': { 'zh-Hans': '评审中', 'zh-Hant': '評審中', en: 'In review' },
  'statuses.decided': { 'zh-Hans': '已决定', 'zh-Hant': '已決定', en: 'Decided' },
  'statuses.returned': { 'zh-Hans': '已退回', 'zh-Hant': '已退回', en: 'Returned' },
  'statuses.refused': { 'zh-Hans': '已拒绝', 'zh-Hant': '已拒絕', en: 'Refused' },
  team: { 'zh-Hans': '审核组与日期', 'zh-Hant': '審核組與日期', en: 'Audit team and dates' },
  onSite: {
    'zh-Hans': '现场审核 {from} 至 {to}，共 {manDays} 人日',
    'zh-Hant': '現場審核 {from} 至 {to}，共 {manDays} 人日',
    en: 'On site {from} to {to}, {manDays} man-days',
  },
  member: { 'zh-Hans': '成员', 'zh-Hant': '成員', en: 'Member' },
  role: { 'zh-Hans': '角色', 'zh-Hant': '角色', en: 'Role' },
  'roles.lead': { 'zh-Hans': '审核组长', 'zh-Hant': '審核組長', en: 'Lead auditor' },
  'roles.auditor': { 'zh-Hans': '审核员', 'zh-Hant': '審核員', en: 'Auditor' },
  'roles.technical_expert': { 'zh-Hans': '技术专家', 'zh-Hant': '技術專家', en: 'Technical expert' },
  'roles.observer': { 'zh-Hans': '观察员', 'zh-Hant': '觀察員', en: 'Observer' },
  findings: { 'zh-Hans': '发现项', 'zh-Hant': '發現項', en: 'Findings' },
  findingsSummary: {
    'zh-Hans':
      '严重不符合项 {major} 项，一般不符合项 {minor} 项，观察项与改进机会 {other} 项；尚未关闭的不符合项 {open} 项。',
    'zh-Hant':
      '嚴重不符合項 {major} 項，一般不符合項 {minor} 項，觀察項與改進機會 {other} 項；尚未關閉的不符合項 {open} 項。',
    en: '{major} major and {minor} minor nonconformities, {other} observations and opportunities for improvement; {open} nonconformities not yet closed.',
  },
  noFindings: {
    'zh-Hans': '本次审核没有发现项。',
    'zh-Hant': '本次審核沒有發現項。',
    en: 'The audit recorded no findings.',
  },
  number: { 'zh-Hans': '编号', 'zh-Hant': '編號', en: 'No.' },
  statement: { 'zh-Hans': '陈述', 'zh-Hant': '陳述', en: 'Statement' },
  dueOn: { 'zh-Hans': '完成日期', 'zh-Hant': '完成日期', en: 'Due on' },
  signOff: { 'zh-Hans': '签署', 'zh-Hant': '簽署', en: 'Sign-off' },
  'parties.lead_auditor': { 'zh-Hans': '审核组长', 'zh-Hant': '審核組長', en: 'Lead auditor' },
  'parties.center': { 'zh-Hans': '受审核方代表', 'zh-Hant': '受審核方代表', en: 'For the center' },
  signedOn: {
    'zh-Hans': '{name}，{on} 在平台签署',
    'zh-Hant': '{name}，{on} 在平台簽署',
    en: '{name}, signed in the platform on {on}',
  },
  notSigned: { 'zh-Hans': '尚未签署', 'zh-Hant': '尚未簽署', en: 'not signed yet' },
  photos: { 'zh-Hans': '证据照片', 'zh-Hant': '證據照片', en: 'Evidence photos' },
  photoOf: {
    'zh-Hans': '第 {n} 项发现 · {caption}',
    'zh-Hant': '第 {n} 項發現 · {caption}',
    en: 'Finding {n} · {caption}',
  },
  checkIns: { 'zh-Hans': '现场签到记录', 'zh-Hant': '現場簽到記錄', en: 'Presence on site (check-ins)' },
  noCheckIns: {
    'zh-Hans': '本次审核没有签到记录。',
    'zh-Hant': '本次審核沒有簽到記錄。',
    en: 'No check-ins were recorded for this audit.',
  },
  checkInKind: { 'zh-Hans': '签到/签退', 'zh-Hant': '簽到/簽退', en: 'In / out' },
  'checkInKinds.in': {
    'zh-Hans': '签到（首次会议）',
    'zh-Hant': '簽到（首次會議）',
    en: 'In (opening meeting)',
  },
  'checkInKinds.out': {
    'zh-Hans': '签退（末次会议）',
    'zh-Hant': '簽退（末次會議）',
    en: 'Out (closing meeting)',
  },
  deviceTime: { 'zh-Hans': '设备时间', 'zh-Hant': '設備時間', en: 'Device time' },
  receivedAt: { 'zh-Hans': '服务器接收', 'zh-Hant': '伺服器接收', en: 'Received' },
  location: { 'zh-Hans': '位置（精度）', 'zh-Hant': '位置（精度）', en: 'Location (accuracy)' },
  distance: { 'zh-Hans': '距场所', 'zh-Hant': '距場所', en: 'From site' },
  photoHash: { 'zh-Hans': '照片 SHA-256', 'zh-Hant': '照片 SHA-256', en: 'Photo SHA-256' },
  noLocation: { 'zh-Hans': '未提供', 'zh-Hant': '未提供', en: 'not given' },
  noPhoto: { 'zh-Hans': '无照片', 'zh-Hant': '無照片', en: 'no photo' },
  far: {
    'zh-Hans': '{name}的{kind}（{at}）距中心登记场所 {distance}，超出规定距离。',
    'zh-Hant': '{name}的{kind}（{at}）距中心登記場所 {distance}，超出規定距離。',
    en: '{name}’s {kind} ({at}) was {distance} from the center’s registered site, beyond the set distance.',
  },
  explained: {
    'zh-Hans': '认证机构说明：{text}',
    'zh-Hant': '認證機構說明：{text}',
    en: 'The body’s explanation: {text}',
  },
  unexplained: {
    'zh-Hans': '尚待认证机构说明。',
    'zh-Hant': '尚待認證機構說明。',
    en: 'Awaiting the body’s explanation.',
  },
} as const satisfies Catalog<string>;

function labelsIn(locale: Locale): ReportLabels {
  const m = REPORT_MESSAGES;
  const text = (key: keyof typeof m) => m[key][locale];
  return {
    title: text('title'),
    summary: text('summary'),
    organization: text('organization'),
    operatingSince: text('operatingSince'),
    assessment: text('assessment'),
    kind: text('kind'),
    status: text('status'),
    assessedOn: text('assessedOn'),
    standard: text('standard'),
    generatedAt: text('generatedAt'),
    result: text('result'),
    noLevel: text('noLevel'),
    criteria: text('criteria'),
    level: text('level'),
    criterion: text('criterion'),
    required: text('required'),
    actual: text('actual'),
    met: text('met'),
    yes: text('yes'),
    no: text('no'),
    chartDomains: text('chartDomains'),
    chartSections: text('chartSections'),
    topLevel: text('topLevel'),
    needs: text('needs'),
    blockers: text('blockers'),
    noChanges: text('noChanges'),
    clauses: text('clauses'),
    clause: text('clause'),
    section: text('section'),
    summaryCol: text('summaryCol'),
    note: text('note'),
    levelReached: (code, name) => format(m.levelReached, locale, { code, name }),
    total: (total, max) => format(m.total, locale, { total, max }),
    completeness: (scored, expected) => format(m.completeness, locale, { scored, expected }),
    incomplete: (count) => format(m.incomplete, locale, { count }),
    gap: (code, name) => format(m.gap, locale, { code, name }),
    changes: (count, after) => format(m.changes, locale, { count, after }),
    page: (page, pages) => format(m.page, locale, { page, pages }),
    kinds: {
      self: text('kinds.self'),
      certification: text('kinds.certification'),
      surveillance: text('kinds.surveillance'),
    },
    statuses: {
      draft: text('statuses.draft'),
      in_progress: text('statuses.in_progress'),
      submitted: text('statuses.submitted'),
      in_review: text('statuses.in_review'),
      decided: text('statuses.decided'),
      returned: text('statuses.returned'),
      refused: text('statuses.refused'),
    },
    team: text('team'),
    onSite: (from, to, manDays) => format(m.onSite, locale, { from, to, manDays }),
    member: text('member'),
    role: text('role'),
    roles: {
      lead: text('roles.lead'),
      auditor: text('roles.auditor'),
      technical_expert: text('roles.technical_expert'),
      observer: text('roles.observer'),
    },
    findings: text('findings'),
    findingsSummary: (major, minor, other, open) =>
      format(m.findingsSummary, locale, { major, minor, other, open }),
    noFindings: text('noFindings'),
    findingKinds: Object.fromEntries(
      Object.entries(FINDING_KIND_NAMES).map(([k, v]) => [k, v[locale]]),
    ) as Record<FindingKind, string>,
    findingStates: Object.fromEntries(
      Object.entries(FINDING_STATE_NAMES).map(([k, v]) => [k, v[locale]]),
    ) as Record<FindingState, string>,
    number: text('number'),
    statement: text('statement'),
    dueOn: text('dueOn'),
    signOff: text('signOff'),
    parties: { lead_auditor: text('parties.lead_auditor'), center: text('parties.center') },
    signedOn: (name, on) => format(m.signedOn, locale, { name, on }),
    notSigned: text('notSigned'),
    photos: text('photos'),
    photoOf: (n, caption) => format(m.photoOf, locale, { n, caption }),
    checkIns: text('checkIns'),
    noCheckIns: text('noCheckIns'),
    checkInKind: text('checkInKind'),
    checkInKinds: { in: text('checkInKinds.in'), out: text('checkInKinds.out') },
    deviceTime: text('deviceTime'),
    receivedAt: text('receivedAt'),
    location: text('location'),
    distance: text('distance'),
    photoHash: text('photoHash'),
    noLocation: text('noLocation'),
    noPhoto: text('noPhoto'),
    far: (name, kind, at, distance) => format(m.far, locale, { name, kind, at, distance }),
    explained: (t) => format(m.explained, locale, { text: t }),
    unexplained: text('unexplained'),
  };
}

export const REPORT_LABELS: Record<Locale, ReportLabels> = {
  'zh-Hans': labelsIn('zh-Hans'),
  'zh-Hant': labelsIn('zh-Hant'),
  en: labelsIn('en'),
};
