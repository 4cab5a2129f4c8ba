// The errors of rating clauses, one at a time or imported.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const ratingErrors = {
  'rating.duplicate_clause': {
    'zh-Hans': '第 {line} 项：条目 {clause} 重复出现',
    'zh-Hant': '第 {line} 項：條目 {clause} 重複出現',
    en: 'entry {line}: clause {clause} appears twice',
  },
  'rating.conflict': {
    'zh-Hans': '条目 {clause} 已被他人修改（当前版本 {current}），请刷新后再改',
    'zh-Hant': '條目 {clause} 已被他人修改（目前版本 {current}），請重新整理後再改',
    en: 'clause {clause} was changed by someone else (now version {current}): reload it and try again',
  },
  'rating.import_refused': {
    'zh-Hans': '导入内容有 {count} 处问题，未作任何更改',
    'zh-Hant': '匯入內容有 {count} 處問題，未作任何更改',
    en: 'the import has {count} problems; nothing was changed',
  },
} as const satisfies Catalog<`rating.${string}`>;
