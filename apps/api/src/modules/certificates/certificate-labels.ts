// The certificate's words: Chinese in the script of the center's name (Simplified or
// Traditional), each with its English beside it. zh-Hant is generated (pnpm derive-hant).
import type { Catalog, Locale } from '@ccmm/engine';

const labels = {
  title: {
    'zh-Hans': '客户中心能力成熟度认证证书',
    'zh-Hant': '客戶中心能力成熟度認證證書',
    en: 'CERTIFICATE OF CUSTOMER CENTER CAPABILITY MATURITY',
  },
  certify: { 'zh-Hans': '兹证明', 'zh-Hant': '茲證明', en: 'This is to certify that' },
  sites: { 'zh-Hans': '运营场所', 'zh-Hant': '營運場所', en: 'Sites' },
  scope: { 'zh-Hans': '认证范围', 'zh-Hant': '認證範圍', en: 'Scope' },
  meets: {
    'zh-Hans': '符合以下标准的要求，经评审达到能力成熟度等级',
    'zh-Hant': '符合以下標準的要求，經評審達到能力成熟度等級',
    en: 'meets the requirements of the standard below and is certified at maturity level',
  },
  number: { 'zh-Hans': '证书编号', 'zh-Hant': '證書編號', en: 'Certificate No.' },
  standard: { 'zh-Hans': '认证标准', 'zh-Hant': '認證標準', en: 'Standard' },
  issued: { 'zh-Hans': '颁发日期', 'zh-Hant': '頒發日期', en: 'Issued on' },
  renewed: { 'zh-Hans': '换证日期', 'zh-Hant': '換證日期', en: 'Renewed on' },
  expires: { 'zh-Hans': '有效期至', 'zh-Hant': '有效期至', en: 'Valid until' },
  revision: { 'zh-Hans': '修订版本', 'zh-Hant': '修訂版本', en: 'Revision' },
  surveillance: { 'zh-Hans': '监督审核', 'zh-Hant': '監督審核', en: 'Surveillance due' },
  snapshot: { 'zh-Hans': '评分快照', 'zh-Hant': '評分快照', en: 'Ratings snapshot' },
  scan: {
    'zh-Hans': '扫码验证证书真伪',
    'zh-Hant': '掃碼驗證證書真偽',
    en: 'Scan to verify this certificate',
  },
  body: { 'zh-Hans': '认证机构', 'zh-Hant': '認證機構', en: 'Certifying body' },
  separator: { 'zh-Hans': '、', 'zh-Hant': '、', en: ', ' },
  colon: { 'zh-Hans': '：', 'zh-Hant': '：', en: ': ' },
  statusLine: { 'zh-Hans': '本证书当前状态', 'zh-Hant': '本證書目前狀態', en: 'Current status' },
  statusSuspended: { 'zh-Hans': '已暂停', 'zh-Hant': '已暫停', en: 'SUSPENDED' },
  statusWithdrawn: { 'zh-Hans': '已撤销', 'zh-Hant': '已撤銷', en: 'WITHDRAWN' },
  statusExpired: { 'zh-Hans': '已过期', 'zh-Hant': '已過期', en: 'EXPIRED' },
  statusSuperseded: { 'zh-Hans': '已被取代', 'zh-Hant': '已被取代', en: 'SUPERSEDED' },
} as const satisfies Catalog<string>;

type Key = keyof typeof labels;

function inLocale(locale: Locale) {
  const all = Object.fromEntries(Object.entries(labels).map(([key, m]) => [key, m[locale]])) as Record<
    Key,
    string
  >;
  return {
    ...all,
    status: {
      suspended: all.statusSuspended,
      withdrawn: all.statusWithdrawn,
      superseded: all.statusSuperseded,
      expired: all.statusExpired,
    },
  };
}

export const CHINESE = { Hans: inLocale('zh-Hans'), Hant: inLocale('zh-Hant') } as const;
export const ENGLISH = inLocale('en');

export type ChineseLabels = (typeof CHINESE)[keyof typeof CHINESE];
