// The errors of invitations, password resets and account changes.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const accountErrors = {
  'account.link_invalid': {
    'zh-Hans': '该链接无效或已被使用',
    'zh-Hant': '該連結無效或已被使用',
    en: 'this link is not valid or has already been used',
  },
  'account.link_expired': {
    'zh-Hans': '该链接已过期，请重新申请',
    'zh-Hant': '該連結已過期，請重新申請',
    en: 'this link has expired: ask for a new one',
  },
  'account.role_not_yours': {
    'zh-Hans': '中心管理员只能邀请或管理本中心的中心角色',
    'zh-Hant': '中心管理員只能邀請或管理本中心的中心角色',
    en: 'a center admin invites and manages only its own center’s roles',
  },
  'account.wrong_password': {
    'zh-Hans': '当前密码不正确',
    'zh-Hant': '目前密碼不正確',
    en: 'the current password is wrong',
  },
  'account.not_yourself': {
    'zh-Hans': '不能停用自己或更改自己的角色',
    'zh-Hant': '不能停用自己或更改自己的角色',
    en: 'you cannot deactivate yourself or change your own role',
  },
  'account.too_many_requests': {
    'zh-Hans': '请求过多，请 {after} 后再试',
    'zh-Hant': '請求過多，請 {after} 後再試',
    en: 'too many requests: try again in {after}',
  },
} as const satisfies Catalog<`account.${string}`>;
