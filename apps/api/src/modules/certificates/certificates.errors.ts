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
    'zh-Hans': '暂停证书须注明整改期限（晚于今天，不超过 {months} 个月）',
    'zh-Hant': '暫停證書須註明整改期限（晚於今天，不超過 {months} 個月）',
    en: 'a suspension needs a deadline (after today, at most {months} months away)',
  },
  'certificate.superseded': {
    'zh-Hans': '证书已被证书 {number} 取代，状态不能再改变',
    'zh-Hant': '證書已被證書 {number} 取代，狀態不能再改變',
    en: 'the certificate is superseded by certificate {number}: its status cannot change any more',
  },
  'certificate.not_suspended': {
    'zh-Hans': '证书状态为“{status}”：只有暂停的证书才能恢复',
    'zh-Hant': '證書狀態為「{status}」：只有暫停的證書才能恢復',
    en: 'the certificate is {status}: only a suspended certificate is reinstated',
  },
  'certificate.already_suspended': {
    'zh-Hans': '证书已暂停：须先恢复或撤销',
    'zh-Hant': '證書已暫停：須先恢復或撤銷',
    en: 'the certificate is already suspended: reinstate or withdraw it',
  },
} as const satisfies Catalog<`certificate.${string}`>;
