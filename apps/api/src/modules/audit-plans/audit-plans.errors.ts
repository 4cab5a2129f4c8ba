// The errors of audit plans: the team, its days on site and the competence of its raters.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const planErrors = {
  'plan.not_an_audit': {
    'zh-Hans': '只有认证审核和监督审核有审核计划',
    'zh-Hant': '只有認證審核和監督審核有審核計劃',
    en: 'only certification and surveillance audits have an audit plan',
  },
  'plan.closed': {
    'zh-Hans': '审核已提交（状态：{status}），计划不能再更改',
    'zh-Hant': '審核已提交（狀態：{status}），計劃不能再更改',
    en: 'the audit was submitted (status: {status}); its plan can no longer change',
  },
  'plan.one_lead': {
    'zh-Hans': '审核组须有且只有一名组长',
    'zh-Hant': '審核組須有且只有一名組長',
    en: 'the audit team needs exactly one lead auditor',
  },
  'plan.dates_reversed': {
    'zh-Hans': '现场审核结束日期 {to} 早于开始日期 {from}',
    'zh-Hant': '現場審核結束日期 {to} 早於開始日期 {from}',
    en: 'the last day on site ({to}) is before the first ({from})',
  },
  'plan.unknown_domain': {
    'zh-Hans': '标准 {standard} 中没有领域 {domain}',
    'zh-Hant': '標準 {standard} 中沒有領域 {domain}',
    en: 'the standard {standard} has no domain {domain}',
  },
  'plan.no_competence': {
    'zh-Hans': '审核员 {name} 没有能力记录，不能评分',
    'zh-Hant': '審核員 {name} 沒有能力記錄，不能評分',
    en: 'the auditor {name} has no competence record and cannot rate',
  },
  'plan.competence_expired': {
    'zh-Hans': '审核员 {name} 的能力记录于 {validUntil} 到期，早于审核日期 {assessedOn}',
    'zh-Hant': '審核員 {name} 的能力記錄於 {validUntil} 到期，早於審核日期 {assessedOn}',
    en: 'the competence of the auditor {name} ran out on {validUntil}, before the audit date {assessedOn}',
  },
  'plan.competence_industry': {
    'zh-Hans': '审核员 {name} 的能力记录不含该机构的行业（{industry}）',
    'zh-Hant': '審核員 {name} 的能力記錄不含該機構的行業（{industry}）',
    en: 'the competence of the auditor {name} does not cover the organization’s industry ({industry})',
  },
  'plan.domain_not_assigned': {
    'zh-Hans': '审核计划未把条目 {clauses} 所在的领域分配给您（您负责的领域：{domains}）',
    'zh-Hant': '審核計劃未把條目 {clauses} 所在的領域分配給您（您負責的領域：{domains}）',
    en: 'the audit plan does not assign you the domain of clause {clauses} (your domains: {domains})',
  },
} as const satisfies Catalog<`plan.${string}`>;
