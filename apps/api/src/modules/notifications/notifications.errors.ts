// The errors of the notification inbox.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const notificationErrors = {
  'notification.not_found': { 'zh-Hans': '通知不存在', 'zh-Hant': '通知不存在', en: 'no such notification' },
} as const satisfies Catalog<`notification.${string}`>;
