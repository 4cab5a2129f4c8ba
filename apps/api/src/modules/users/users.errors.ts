// The errors of user accounts.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const userErrors = {
  'user.email_taken': {
    'zh-Hans': '邮箱 {email} 已被使用',
    'zh-Hant': '電郵 {email} 已被使用',
    en: 'the e-mail {email} is already in use',
  },
  'user.organization_required': {
    'zh-Hans': '中心用户必须属于一个机构',
    'zh-Hant': '中心使用者必須屬於一個機構',
    en: 'center users belong to an organization: give organizationId',
  },
  'user.organization_not_allowed': {
    'zh-Hans': '该角色不属于任何机构',
    'zh-Hant': '該角色不屬於任何機構',
    en: 'this role belongs to no organization: leave organizationId out',
  },
  'user.not_found': { 'zh-Hans': '用户不存在', 'zh-Hant': '使用者不存在', en: 'no such user' },
  'user.not_consultant': {
    'zh-Hans': '该用户不是顾问',
    'zh-Hant': '該使用者不是顧問',
    en: 'that user is not a consultant',
  },
  'user.not_auditor': {
    'zh-Hans': '用户 {id} 不是审核员',
    'zh-Hant': '使用者 {id} 不是審核員',
    en: 'user {id} is not an auditor',
  },
} as const satisfies Catalog<`user.${string}`>;
