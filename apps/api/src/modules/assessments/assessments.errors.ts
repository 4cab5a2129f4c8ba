// The errors of assessments: starting, rating rights, submitting.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const assessmentErrors = {
  'assessment.not_found': {
    'zh-Hans': '评估不存在或无权查看',
    'zh-Hant': '評估不存在或無權查看',
    en: 'no such assessment, or not yours to see',
  },
  'assessment.kind_not_allowed': {
    'zh-Hans': '中心只能发起自评估',
    'zh-Hant': '中心只能發起自評估',
    en: 'a center can start self-assessments only',
  },
  'assessment.closed': {
    'zh-Hans': '评估状态为“{status}”，评分已不可修改',
    'zh-Hant': '評估狀態為「{status}」，評分已不可修改',
    en: 'the assessment is {status}: its ratings can no longer change',
  },
  'assessment.not_rater': {
    'zh-Hans': '只有被指派的审核员（或自评估时本中心的用户）可以评分',
    'zh-Hant': '只有被指派的審核員（或自評估時本中心的使用者）可以評分',
    en: 'only the assigned auditors (or, in a self-assessment, the center’s users) may rate',
  },
  'assessment.incomplete': {
    'zh-Hans': '还有 {count} 个条目未评分，不能提交',
    'zh-Hant': '還有 {count} 個條目未評分，不能提交',
    en: '{count} clauses are not fully rated yet: the assessment cannot be submitted',
  },
  'assessment.before_opening': {
    'zh-Hans': '评估日期 {assessedOn} 早于机构开始运营日期 {operatingSince}',
    'zh-Hant': '評估日期 {assessedOn} 早於機構開始營運日期 {operatingSince}',
    en: 'the assessment date {assessedOn} is before the organization began operating ({operatingSince})',
  },
  'assessment.sample_not_surveillance': {
    'zh-Hans': '只有监督审核可以选择抽样',
    'zh-Hant': '只有監督審核可以選擇抽樣',
    en: 'only a surveillance audit takes a sample',
  },
  'assessment.sample_empty': {
    'zh-Hans': '抽样至少要包含一个条目',
    'zh-Hant': '抽樣至少要包含一個條目',
    en: 'the sample must hold at least one clause',
  },
  'assessment.sample_unknown': {
    'zh-Hans': '标准 {standard} 中没有抽样里的领域 {domains} 或条目 {clauses}',
    'zh-Hant': '標準 {standard} 中沒有抽樣裡的領域 {domains} 或條目 {clauses}',
    en: 'the standard {standard} has no domain {domains} or clause {clauses} of the sample',
  },
  'assessment.nothing_to_carry': {
    'zh-Hans': '该机构在标准 {standard} 上没有已作出决定的审核，监督审核无评分可沿用',
    'zh-Hant': '該機構在標準 {standard} 上沒有已作出決定的審核，監督審核無評分可沿用',
    en: 'the organization has no decided audit on {standard}: a surveillance audit has no ratings to carry over',
  },
  'assessment.sample_unconfirmed': {
    'zh-Hans': '抽样中还有 {count} 个条目沿用上次审核的评分，尚未确认或修改，不能提交',
    'zh-Hant': '抽樣中還有 {count} 個條目沿用上次審核的評分，尚未確認或修改，不能提交',
    en: '{count} sampled clauses still hold the ratings carried over from the last audit, neither confirmed nor changed: the audit cannot be submitted',
  },
} as const satisfies Catalog<`assessment.${string}`>;
