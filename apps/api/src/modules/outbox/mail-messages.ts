import { type Catalog, fill, type Locale, type Role } from '@ccmm/engine';
import type { EmailPayload } from './outbox.repository.ts';

// The e-mails the product sends, in the reader's language; zh-Hant generated: pnpm derive-hant.
// Each has a subject, a paragraph, the label of its link and a closing line.

export const MAIL_TEXTS = {
  'invitation.subject': {
    'zh-Hans': '{body} 邀请您使用 CC-CMM 认证平台',
    'zh-Hant': '{body} 邀請您使用 CC-CMM 認證平台',
    en: '{body} invites you to the CC-CMM certification platform',
  },
  'invitation.body': {
    'zh-Hans':
      '{name}，您好：{inviter} 邀请您以“{role}”身份使用 CC-CMM 认证平台。请通过下面的链接设置密码（7 天内有效，仅可使用一次）。',
    'zh-Hant':
      '{name}，您好：{inviter} 邀請您以「{role}」身份使用 CC-CMM 認證平台。請通過下面的連結設定密碼（7 天內有效，僅可使用一次）。',
    en: 'Hello {name}, {inviter} invites you to the CC-CMM certification platform as {role}. Set your password through the link below (valid for 7 days, once).',
  },
  'invitation.action': { 'zh-Hans': '接受邀请', 'zh-Hant': '接受邀請', en: 'Accept the invitation' },
  'password_reset.subject': {
    'zh-Hans': '重设您的 CC-CMM 平台密码',
    'zh-Hant': '重設您的 CC-CMM 平台密碼',
    en: 'Reset your CC-CMM platform password',
  },
  'password_reset.body': {
    'zh-Hans':
      '{name}，您好：有人请求重设您的账户密码。如果是您本人，请通过下面的链接设置新密码（1 小时内有效，仅可使用一次）。',
    'zh-Hant':
      '{name}，您好：有人請求重設您的帳戶密碼。如果是您本人，請通過下面的連結設定新密碼（1 小時內有效，僅可使用一次）。',
    en: 'Hello {name}, someone asked to reset the password of your account. If it was you, set a new password through the link below (valid for 1 hour, once).',
  },
  'password_reset.action': { 'zh-Hans': '设置新密码', 'zh-Hant': '設定新密碼', en: 'Set a new password' },
  'application_declined.subject': {
    'zh-Hans': '关于 {organization} 的认证申请 {reference}',
    'zh-Hant': '關於 {organization} 的認證申請 {reference}',
    en: 'Your application {reference} for the certification of {organization}',
  },
  'application_declined.body': {
    'zh-Hans': '{name}，您好：{body} 暂不受理 {organization} 的认证申请（{reference}）。原因：{reason}',
    'zh-Hant': '{name}，您好：{body} 暫不受理 {organization} 的認證申請（{reference}）。原因：{reason}',
    en: 'Hello {name}, {body} cannot take up the application {reference} for the certification of {organization}. The reason: {reason}',
  },
  'application_declined.action': { 'zh-Hans': '重新申请', 'zh-Hant': '重新申請', en: 'Apply again' },
  'mail.ignore': {
    'zh-Hans': '如果您没有预期收到此邮件，请忽略它。',
    'zh-Hant': '如果您沒有預期收到此郵件，請忽略它。',
    en: 'If you did not expect this e-mail, you can ignore it.',
  },
} as const satisfies Catalog<string>;

/** The roles' names in an invitation (the web's names, apps/web i18n `roles`). */
export const ROLE_NAMES = {
  cb_admin: { 'zh-Hans': '认证机构管理员', 'zh-Hant': '認證機構管理員', en: 'Certification-body admin' },
  cb_reviewer: {
    'zh-Hans': '认证机构评审员',
    'zh-Hant': '認證機構評審員',
    en: 'Certification-body reviewer',
  },
  auditor: { 'zh-Hans': '审核员', 'zh-Hant': '審核員', en: 'Auditor' },
  center_admin: { 'zh-Hans': '中心管理员', 'zh-Hant': '中心管理員', en: 'Center admin' },
  center_member: { 'zh-Hans': '中心成员', 'zh-Hant': '中心成員', en: 'Center member' },
  consultant: { 'zh-Hans': '顾问', 'zh-Hant': '顧問', en: 'Consultant' },
} as const satisfies Catalog<Role>;

type Kind = 'invitation' | 'password_reset' | 'application_declined';

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** An e-mail of `kind` in `locale`: subject, plain text and HTML, each with the link. */
export function renderMail(
  kind: Kind,
  locale: Locale,
  params: Readonly<Record<string, string>>,
  link: string,
): EmailPayload {
  const t = (key: keyof typeof MAIL_TEXTS) => fill<string>(MAIL_TEXTS[key][locale], params);
  return composeMail({
    locale,
    subject: t(`${kind}.subject`),
    body: t(`${kind}.body`),
    action: t(`${kind}.action`),
    footer: t('mail.ignore'),
    link,
  });
}

/** The one layout of the product's e-mails: a paragraph, a link as a button, a closing line. */
export function composeMail(m: {
  locale: Locale;
  subject: string;
  body: string;
  action: string;
  footer: string;
  link: string;
}): EmailPayload {
  const text = `${m.body}\n\n${m.action}: ${m.link}\n\n${m.footer}\n`;
  const html = `<!doctype html><html lang="${m.locale}"><body style="font-family:sans-serif;line-height:1.6">
<p>${escapeHtml(m.body)}</p>
<p><a href="${escapeHtml(m.link)}" style="display:inline-block;padding:8px 16px;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(m.action)}</a></p>
<p style="font-size:12px;color:#555">${escapeHtml(m.link)}</p>
<p style="font-size:12px;color:#555">${escapeHtml(m.footer)}</p>
</body></html>`;
  return { subject: m.subject, text, html };
}
