// The errors of certification: impartiality (conflicts of interest), the body's review and decision.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const certificationErrors = {
  'conflict.dates_reversed': {
    'zh-Hans': '开始日期 {since} 晚于结束日期 {until}',
    'zh-Hant': '開始日期 {since} 晚於結束日期 {until}',
    en: 'the start date {since} is after the end date {until}',
  },
  'impartiality.conflict': {
    'zh-Hans': '审核员 {name} 与该机构存在利益冲突（{kind}），不能被指派',
    'zh-Hant': '審核員 {name} 與該機構存在利益衝突（{kind}），不能被指派',
    en: 'auditor {name} has a conflict of interest with this organization ({kind}) and cannot be assigned',
  },
  'certification.not_an_audit': {
    'zh-Hans': '只有认证审核或监督审核才能评审和决定',
    'zh-Hant': '只有認證審核或監督審核才能評審和決定',
    en: 'only certification and surveillance audits are reviewed and decided',
  },
  'certification.not_submitted': {
    'zh-Hans': '评估状态为“{status}”：须先提交才能评审和决定',
    'zh-Hant': '評估狀態為「{status}」：須先提交才能評審和決定',
    en: 'the assessment is {status}: it must be submitted before it is reviewed and decided',
  },
  'certification.reviewer_is_auditor': {
    'zh-Hans': '您是该次审核的审核员，不能评审或决定它',
    'zh-Hant': '您是該次審核的審核員，不能評審或決定它',
    en: 'you audited this assessment: you may not review or decide it',
  },
  'certification.level_required': {
    'zh-Hans': '授予认证须注明等级',
    'zh-Hant': '授予認證須註明等級',
    en: 'a certification names the level',
  },
  'certification.level_exceeds_eligibility': {
    'zh-Hans': '等级 L{level} 高于评分所达到的等级 L{eligible}',
    'zh-Hant': '等級 L{level} 高於評分所達到的等級 L{eligible}',
    en: 'level L{level} is above the level the ratings reach (L{eligible})',
  },
  'certification.reason_required': {
    'zh-Hans': '请写明理由',
    'zh-Hant': '請寫明理由',
    en: 'give a written reason',
  },
  'certification.comments_required': {
    'zh-Hans': '退回审核员时请写明意见',
    'zh-Hant': '退回審核員時請寫明意見',
    en: 'returning the audit to its auditors needs comments',
  },
  'certification.certificate_outstanding': {
    'zh-Hans': '该评估的证书 {number} 仍然有效：须先撤销才能作出新的决定',
    'zh-Hant': '該評估的證書 {number} 仍然有效：須先撤銷才能作出新的決定',
    en: 'certificate {number} of this assessment still stands: withdraw it before a new decision',
  },
  'certification.skips_levels': {
    'zh-Hans': '所定等级 L{to} 越过了 L{skipped}：机构现有证书为 L{from}，等级通常逐级提升',
    'zh-Hant': '所定等級 L{to} 越過了 L{skipped}：機構現有證書為 L{from}，等級通常逐級提升',
    en: 'level L{to} skips L{skipped}: the organization’s current certificate is L{from}, and levels are usually reached one at a time',
  },
  'certification.skips_levels_first': {
    'zh-Hans': '所定等级 L{to} 越过了 L{skipped}：机构尚无证书，等级通常从 L1 起逐级提升',
    'zh-Hant': '所定等級 L{to} 越過了 L{skipped}：機構尚無證書，等級通常從 L1 起逐級提升',
    en: 'level L{to} skips L{skipped}: the organization holds no certificate yet, and levels are usually reached from L1 up',
  },
} as const satisfies Catalog<`certification.${string}` | `impartiality.${string}` | `conflict.${string}`>;
