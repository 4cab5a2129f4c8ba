// The errors of applications for certification. Codes and messages in one per-message
// catalogue (zh-Hant generated: pnpm derive-hant); errors.ts merges every area's.
import type { Catalog } from '@ccmm/engine';

export const applicationErrors = {
  'application.not_found': {
    'zh-Hans': '认证申请不存在',
    'zh-Hant': '認證申請不存在',
    en: 'no such application for certification',
  },
  'application.decided': {
    'zh-Hans': '申请 {reference} 已于 {on} 处理过，不能再次处理',
    'zh-Hant': '申請 {reference} 已於 {on} 處理過，不能再次處理',
    en: 'application {reference} was already handled on {on}',
  },
} as const satisfies Catalog<string>;
