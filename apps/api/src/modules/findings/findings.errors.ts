// The errors of findings and corrective actions.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const findingErrors = {
  'finding.not_found': {
    'zh-Hans': '发现项不存在或无权查看',
    'zh-Hant': '發現項不存在或無權查看',
    en: 'no such finding, or not yours to see',
  },
  'finding.not_audit': {
    'zh-Hans': '自评没有发现项：发现项属于认证审核或监督审核',
    'zh-Hant': '自評沒有發現項：發現項屬於認證審核或監督審核',
    en: 'a self-assessment has no findings: findings belong to certification and surveillance audits',
  },
  'finding.not_team': {
    'zh-Hans': '只有本次审核的审核组长和审核员可以记录和评审发现项',
    'zh-Hant': '只有本次審核的審核組長和審核員可以記錄和評審發現項',
    en: 'only the lead auditor and the auditors of this audit record and review its findings',
  },
  'finding.audit_decided': {
    'zh-Hans': '该审核已作出决定（{status}），不能再记录发现项',
    'zh-Hant': '該審核已作出決定（{status}），不能再記錄發現項',
    en: 'the audit is decided ({status}): no more findings can be recorded',
  },
  'finding.unknown_clauses': {
    'zh-Hans': '标准中没有这些条目：{clauses}',
    'zh-Hant': '標準中沒有這些條目：{clauses}',
    en: 'the standard has no clauses {clauses}',
  },
  'finding.unknown_evidence': {
    'zh-Hans': '这些证据不属于本次审核：{ids}',
    'zh-Hant': '這些證據不屬於本次審核：{ids}',
    en: 'this evidence is not the audit’s: {ids}',
  },
  'finding.not_nonconformity': {
    'zh-Hans': '观察项和改进机会不需要纠正措施',
    'zh-Hant': '觀察項和改進機會不需要糾正措施',
    en: 'observations and opportunities for improvement need no corrective action',
  },
  'finding.wrong_state': {
    'zh-Hans': '发现项当前为“{state}”：此操作须在“{expected}”时进行',
    'zh-Hant': '發現項目前為「{state}」：此操作須在「{expected}」時進行',
    en: 'the finding is {state}: this step needs it {expected}',
  },
  'finding.due_in_past': {
    'zh-Hans': '完成日期须不早于今天（{today}）',
    'zh-Hant': '完成日期須不早於今天（{today}）',
    en: 'the due date must be today ({today}) or later',
  },
  'finding.comment_required': {
    'zh-Hans': '退回纠正计划或判定纠正无效时须说明原因',
    'zh-Hant': '退回糾正計劃或判定糾正無效時須說明原因',
    en: 'rejecting a plan or finding a correction not effective needs a comment saying why',
  },
  'finding.ratings_outside': {
    'zh-Hans': '只能重新评分该发现项的条目（{clauses}），且仅在验证纠正时',
    'zh-Hant': '只能重新評分該發現項的條目（{clauses}），且僅在驗證糾正時',
    en: 'only the finding’s clauses ({clauses}) are re-rated, and only when its correction is verified',
  },
} as const satisfies Catalog<`finding.${string}`>;
