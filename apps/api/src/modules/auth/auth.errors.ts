// The errors of signing in, sessions and the first setup.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const authErrors = {
  'auth.required': {
    'zh-Hans': '请先登录',
    'zh-Hant': '請先登入',
    en: 'sign in first',
  },
  'auth.invalid_token': {
    'zh-Hans': '登录已失效，请重新登录',
    'zh-Hant': '登入已失效，請重新登入',
    en: 'the session has expired or is not valid: sign in again',
  },
  'auth.forbidden': {
    'zh-Hans': '您的角色无权执行此操作',
    'zh-Hant': '您的角色無權執行此操作',
    en: 'your role may not do this',
  },
  'auth.bad_credentials': {
    'zh-Hans': '邮箱或密码不正确',
    'zh-Hant': '電郵或密碼不正確',
    en: 'wrong e-mail or password',
  },
  'auth.too_many_attempts': {
    'zh-Hans': '登录失败次数过多，请 {after} 后再试',
    'zh-Hant': '登入失敗次數過多，請 {after} 後再試',
    en: 'too many failed sign-ins: try again in {after}',
  },
  'auth.account_inactive': {
    'zh-Hans': '该账户已停用，请联系管理员',
    'zh-Hant': '該帳戶已停用，請聯絡管理員',
    en: 'this account has been deactivated: ask your administrator',
  },
  'setup.done': {
    'zh-Hans': '系统已完成初始设置',
    'zh-Hant': '系統已完成初始設定',
    en: 'the installation is already set up',
  },
} as const satisfies Catalog<`auth.${string}` | 'setup.done'>;
