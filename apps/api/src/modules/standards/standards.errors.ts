// The errors of standard versions and their clauses.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const standardErrors = {
  'standard.not_found': {
    'zh-Hans': '没有标准版本 {ref}',
    'zh-Hant': '沒有標準版本 {ref}',
    en: 'no standard version {ref}',
  },
  'clause.unknown': {
    'zh-Hans': '{standard} 中没有条目 {clause}',
    'zh-Hant': '{standard} 中沒有條目 {clause}',
    en: 'clause {clause} is not in {standard}',
  },
} as const satisfies Catalog<`standard.${string}` | `clause.${string}`>;
