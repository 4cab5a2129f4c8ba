// The errors of complaints and appeals (ISO/IEC 17021-1 §9.7, §9.8).
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const complaintErrors = {
  'complaint.not_found': {
    'zh-Hans': '投诉或申诉不存在或无权查看',
    'zh-Hant': '投訴或申訴不存在或無權查看',
    en: 'no such complaint or appeal, or not yours to see',
  },
  'complaint.handler_not_body': {
    'zh-Hans': '处理人须是认证机构的人员（管理员或评审员）',
    'zh-Hant': '處理人須是認證機構的人員（管理員或評審員）',
    en: 'the handler must be a certification-body user (admin or reviewer)',
  },
  'complaint.handler_involved': {
    'zh-Hans': '{name} 参与了所涉的认证决定或审核，不能处理此投诉或申诉',
    'zh-Hant': '{name} 參與了所涉的認證決定或審核，不能處理此投訴或申訴',
    en: '{name} took part in the decision or the audit concerned and may not handle this complaint or appeal',
  },
  'complaint.not_handler': {
    'zh-Hans': '只有指派的处理人才能记录处理结果',
    'zh-Hant': '只有指派的處理人才能記錄處理結果',
    en: 'only the assigned handler records the outcome',
  },
  'complaint.closed': {
    'zh-Hans': '{reference} 已于 {closedOn} 结案',
    'zh-Hant': '{reference} 已於 {closedOn} 結案',
    en: '{reference} was closed on {closedOn}',
  },
  'complaint.no_certified_audit': {
    'zh-Hans': '证书 {number} 没有可追溯的认证决定',
    'zh-Hant': '證書 {number} 沒有可追溯的認證決定',
    en: 'certificate {number} has no certification decision to trace',
  },
  'appeal.no_decision': {
    'zh-Hans': '该评估尚无可申诉的认证决定',
    'zh-Hant': '該評估尚無可申訴的認證決定',
    en: 'this assessment has no certification decision to appeal',
  },
  'appeal.too_late': {
    'zh-Hans': '申诉期限已过：决定于 {decidedOn} 作出，须在 {days} 天内（{until} 前）提出',
    'zh-Hant': '申訴期限已過：決定於 {decidedOn} 作出，須在 {days} 天內（{until} 前）提出',
    en: 'the time to appeal has passed: the decision of {decidedOn} may be appealed within {days} days (until {until})',
  },
  'appeal.already_open': {
    'zh-Hans': '该决定已有未结的申诉 {reference}',
    'zh-Hant': '該決定已有未結的申訴 {reference}',
    en: 'this decision already has an open appeal, {reference}',
  },
} as const satisfies Catalog<`complaint.${string}` | `appeal.${string}`>;
