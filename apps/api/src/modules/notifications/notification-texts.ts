import type { Catalog } from '@ccmm/engine';

// What a notification says, per kind, in the reader's language; zh-Hant generated: pnpm derive-hant.

export const NOTIFICATION_TEXTS = {
  surveillance_due_60: {
    'zh-Hans': '证书 {certificate} 的监督审核应于 {due} 前完成（不到 60 天）',
    'zh-Hant': '證書 {certificate} 的監督審核應於 {due} 前完成（不到 60 天）',
    en: 'Certificate {certificate}: the surveillance audit is due by {due} (less than 60 days)',
  },
  surveillance_due_30: {
    'zh-Hans': '证书 {certificate} 的监督审核应于 {due} 前完成（不到 30 天）',
    'zh-Hant': '證書 {certificate} 的監督審核應於 {due} 前完成（不到 30 天）',
    en: 'Certificate {certificate}: the surveillance audit is due by {due} (less than 30 days)',
  },
  surveillance_overdue: {
    'zh-Hans': '证书 {certificate} 的监督审核已逾期（应于 {due} 前完成）',
    'zh-Hant': '證書 {certificate} 的監督審核已逾期（應於 {due} 前完成）',
    en: 'Certificate {certificate}: the surveillance audit due by {due} is overdue',
  },
  certificate_expiring: {
    'zh-Hans': '证书 {certificate} 将于 {expires} 到期（不到 90 天），请安排再认证审核',
    'zh-Hant': '證書 {certificate} 將於 {expires} 到期（不到 90 天），請安排再認證審核',
    en: 'Certificate {certificate} expires on {expires} (less than 90 days): plan the recertification audit',
  },
  certificate_suspended: {
    'zh-Hans': '证书 {certificate} 自 {on} 起暂停',
    'zh-Hant': '證書 {certificate} 自 {on} 起暫停',
    en: 'Certificate {certificate} is suspended from {on}',
  },
  certificate_withdrawn: {
    'zh-Hans': '证书 {certificate} 自 {on} 起撤销',
    'zh-Hant': '證書 {certificate} 自 {on} 起撤銷',
    en: 'Certificate {certificate} is withdrawn from {on}',
  },
  finding_due_7: {
    'zh-Hans': '{organization} 第 {number} 项发现的纠正措施应于 {due} 前完成（不到 7 天）',
    'zh-Hant': '{organization} 第 {number} 項發現的糾正措施應於 {due} 前完成（不到 7 天）',
    en: '{organization}, finding {number}: the corrective action is due by {due} (less than 7 days)',
  },
  finding_overdue: {
    'zh-Hans': '{organization} 第 {number} 项发现的纠正措施已逾期（应于 {due} 前完成）',
    'zh-Hant': '{organization} 第 {number} 項發現的糾正措施已逾期（應於 {due} 前完成）',
    en: '{organization}, finding {number}: the corrective action due by {due} is overdue',
  },
  'mail.open': { 'zh-Hans': '查看', 'zh-Hant': '查看', en: 'Open' },
  'mail.preferences': {
    'zh-Hans': '您可以在平台的通知页面关闭邮件通知。',
    'zh-Hant': '您可以在平台的通知頁面關閉郵件通知。',
    en: 'You can turn e-mail notifications off on the platform’s notifications page.',
  },
} as const satisfies Catalog<string>;

export type NotificationKind = Exclude<keyof typeof NOTIFICATION_TEXTS, `mail.${string}`>;
