// The errors of the assessment report and its sign-off.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const reportErrors = {
  'report.not_signer': {
    'zh-Hans': '只有本次审核的审核组长和该中心的管理员可以签署报告',
    'zh-Hant': '只有本次審核的審核組長和該中心的管理員可以簽署報告',
    en: 'only the audit’s lead auditor and the audited center’s admin sign the report off',
  },
  'report.not_submitted': {
    'zh-Hans': '评估状态为“{status}”：报告在审核提交后才能签署',
    'zh-Hant': '評估狀態為「{status}」：報告在審核提交後才能簽署',
    en: 'the assessment is {status}: the report is signed off once the audit is submitted',
  },
  'report.already_signed': {
    'zh-Hans': '{name} 已于 {on} 签署',
    'zh-Hant': '{name} 已於 {on} 簽署',
    en: '{name} signed it off on {on}',
  },
} as const satisfies Catalog<`report.${string}`>;
