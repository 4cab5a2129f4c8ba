// The errors of certificates and their status.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const certificateErrors = {
  'certificate.not_found': {
    'zh-Hans': '证书不存在或无权查看',
    'zh-Hant': '證書不存在或無權查看',
    en: 'no such certificate, or not yours to see',
  },
  'certificate.withdrawn': {
    'zh-Hans': '证书已撤销，状态不能再改变',
    'zh-Hant': '證書已撤銷，狀態不能再改變',
    en: 'the certificate is withdrawn: its status cannot change any more',
  },
  'certificate.until_required': {
    'zh-Hans': '暂停证书须注明结束日期（不早于今天）',
    'zh-Hant': '暫停證書須註明結束日期（不早於今天）',
    en: 'a suspension needs an end date (today or later)',
  },
} as const satisfies Catalog<`certificate.${string}`>;
