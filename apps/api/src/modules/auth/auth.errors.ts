// The errors of signing in, sessions and the first setup.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const authErrors = {
  'auth.invalid_key': {
    'zh-Hans': 'API 密钥无效、已过期或已被撤销',
    'zh-Hant': 'API 密鑰無效、已過期或已被撤銷',
    en: 'the API key is not valid, has expired or was revoked',
  },
  'auth.key_scope': {
    'zh-Hans': '此 API 密钥无权调用该接口',
    'zh-Hant': '此 API 密鑰無權調用該接口',
    en: 'this API key’s scopes do not allow this call',
  },
  'auth.api_key_not_found': {
    'zh-Hans': '未找到该 API 密钥',
    'zh-Hant': '未找到該 API 密鑰',
    en: 'no such API key',
  },
  'auth.two_factor_code_required': {
    'zh-Hans': '请输入身份验证器应用中的 6 位验证码（或一个恢复码）',
    'zh-Hant': '請輸入身份驗證器應用中的 6 位驗證碼（或一個恢復碼）',
    en: 'enter the 6-digit code from your authenticator app (or a recovery code)',
  },
  'auth.two_factor_code_invalid': {
    'zh-Hans': '验证码不正确或已使用过，请输入身份验证器中当前的验证码',
    'zh-Hant': '驗證碼不正確或已使用過，請輸入身份驗證器中目前的驗證碼',
    en: 'the code is wrong or was used already: enter the current one from your authenticator',
  },
  'auth.two_factor_required': {
    'zh-Hans': '您的角色须开启两步验证：请先在“账户安全”中设置身份验证器',
    'zh-Hant': '您的角色須開啟兩步驗證：請先在「帳戶安全」中設定身份驗證器',
    en: 'your role needs two-step sign-in: set up an authenticator under Account security first',
  },
  'auth.two_factor_not_started': {
    'zh-Hans': '请先开始设置两步验证，再输入验证码确认',
    'zh-Hant': '請先開始設定兩步驗證，再輸入驗證碼確認',
    en: 'start setting up two-step sign-in before confirming it with a code',
  },
  'auth.two_factor_mandatory': {
    'zh-Hans': '您的角色必须使用两步验证，不能关闭',
    'zh-Hant': '您的角色必須使用兩步驗證，不能關閉',
    en: 'your role must use two-step sign-in: it cannot be turned off',
  },
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
