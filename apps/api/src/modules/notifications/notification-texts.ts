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
  audit_assigned: {
    'zh-Hans': '您被指派参加 {organization} 的审核（审核日期 {on}）',
    'zh-Hant': '您被指派參加 {organization} 的審核（審核日期 {on}）',
    en: 'You are assigned to the audit of {organization} (audit date {on})',
  },
  assessment_submitted: {
    'zh-Hans': '{organization} 的审核（{on}）已提交，等待评审与决定',
    'zh-Hant': '{organization} 的審核（{on}）已提交，等待評審與決定',
    en: 'The audit of {organization} ({on}) was submitted and awaits review and decision',
  },
  decision_certify: {
    'zh-Hans': '{organization} 的认证决定：认证为 L{level}',
    'zh-Hant': '{organization} 的認證決定：認證為 L{level}',
    en: '{organization}: certification decided at level L{level}',
  },
  decision_maintain: {
    'zh-Hans': '{organization} 的监督审核决定：证书保持 L{level}',
    'zh-Hant': '{organization} 的監督審核決定：證書保持 L{level}',
    en: '{organization}: after the surveillance audit the certificate stays at L{level}',
  },
  decision_lower: {
    'zh-Hans': '{organization} 的监督审核决定：证书降为 L{level}',
    'zh-Hant': '{organization} 的監督審核決定：證書降為 L{level}',
    en: '{organization}: after the surveillance audit the certificate is lowered to L{level}',
  },
  decision_refuse: {
    'zh-Hans': '{organization} 的审核决定：不予认证',
    'zh-Hant': '{organization} 的審核決定：不予認證',
    en: '{organization}: the audit was decided with a refusal of certification',
  },
  decision_return: {
    'zh-Hans': '{organization} 的审核已退回审核员，请按评审意见修改后再提交',
    'zh-Hant': '{organization} 的審核已退回審核員，請按評審意見修改後再提交',
    en: 'The audit of {organization} was returned to its auditors: revise it as the review says and submit it again',
  },
  complaint_received: {
    'zh-Hans': '收到关于 {organization} 的投诉 {reference}',
    'zh-Hant': '收到關於 {organization} 的投訴 {reference}',
    en: 'Complaint {reference} about {organization} received',
  },
  appeal_received: {
    'zh-Hans': '收到 {organization} 对认证决定的申诉 {reference}',
    'zh-Hant': '收到 {organization} 對認證決定的申訴 {reference}',
    en: 'Appeal {reference} by {organization} against a certification decision received',
  },
  application_received: {
    'zh-Hans': '{organization} 提交了认证申请 {reference}',
    'zh-Hant': '{organization} 提交了認證申請 {reference}',
    en: '{organization} applied for certification ({reference})',
  },
  'mail.open': { 'zh-Hans': '查看', 'zh-Hant': '查看', en: 'Open' },
  'mail.preferences': {
    'zh-Hans': '您可以在平台的通知页面关闭邮件通知。',
    'zh-Hant': '您可以在平台的通知頁面關閉郵件通知。',
    en: 'You can turn e-mail notifications off on the platform’s notifications page.',
  },
} as const satisfies Catalog<string>;

export type NotificationKind = Exclude<keyof typeof NOTIFICATION_TEXTS, `mail.${string}`>;
