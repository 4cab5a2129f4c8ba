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
} as const satisfies Catalog<`assessment.${string}`>;
