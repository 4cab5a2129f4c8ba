// The errors of standard versions (editions), their clauses and the mappings between them.
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
  'standard.invalid': {
    'zh-Hans': '标准包有 {count} 处错误，未保存任何内容',
    'zh-Hant': '標準包有 {count} 處錯誤，未儲存任何內容',
    en: 'the standard pack has {count} problems; nothing was stored',
  },
  'standard.exists': {
    'zh-Hans': '标准版本 {ref} 已存在：修订请使用新的版本号',
    'zh-Hant': '標準版本 {ref} 已存在：修訂請使用新的版本號',
    en: 'standard version {ref} exists already: a revision takes a new version',
  },
  'standard.published': {
    'zh-Hans': '标准版本 {ref} 已发布，不可更改：修订请上传新的版本并注明原因',
    'zh-Hant': '標準版本 {ref} 已發佈，不可更改：修訂請上傳新的版本並註明原因',
    en: 'standard version {ref} is published and cannot change: upload a revision as a new version with its reason',
  },
  'standard.from_file': {
    'zh-Hans': '标准版本 {ref} 来自 standards/ 目录中的文件，只能通过修改该文件更改',
    'zh-Hant': '標準版本 {ref} 來自 standards/ 目錄中的檔案，只能通過修改該檔案更改',
    en: 'standard version {ref} comes from a file in standards/ and changes only through that file',
  },
  'standard.ref_mismatch': {
    'zh-Hans': '上传的标准包是 {actual}，而不是 {expected}',
    'zh-Hant': '上傳的標準包是 {actual}，而不是 {expected}',
    en: 'the uploaded pack is {actual}, not {expected}',
  },
  'standard.not_published': {
    'zh-Hans': '标准版本 {ref} 仍是草稿：发布后才能使用',
    'zh-Hant': '標準版本 {ref} 仍是草稿：發佈後才能使用',
    en: 'standard version {ref} is a draft: it can be used once published',
  },
  'standard.revision_invalid': {
    'zh-Hans': '修订版必须修订同一标准的已发布版本：{replaces} 不符合',
    'zh-Hant': '修訂版必須修訂同一標準的已發佈版本：{replaces} 不符合',
    en: 'a revision revises a published version of the same standard: {replaces} is not one',
  },
  'standard.mapping_invalid': {
    'zh-Hans': '对照表有 {count} 处错误，未保存任何内容',
    'zh-Hant': '對照表有 {count} 處錯誤，未儲存任何內容',
    en: 'the mapping has {count} problems; nothing was stored',
  },
  'standard.mapping_exists': {
    'zh-Hans': '{from} 到 {to} 的对照表已存在',
    'zh-Hant': '{from} 到 {to} 的對照表已存在',
    en: 'a mapping from {from} to {to} exists already',
  },
  'standard.mapping_not_found': {
    'zh-Hans': '没有 {from} 到 {to} 的对照表',
    'zh-Hant': '沒有 {from} 到 {to} 的對照表',
    en: 'there is no mapping from {from} to {to}',
  },
  'standard.xlsx_unreadable': {
    'zh-Hans': '无法读取 XLSX 文件：{reason}',
    'zh-Hant': '無法讀取 XLSX 檔案：{reason}',
    en: 'cannot read the XLSX file: {reason}',
  },
  'standard.upload_missing': {
    'zh-Hans': '请以 application/yaml 正文或 multipart 的 file 字段上传标准包',
    'zh-Hant': '請以 application/yaml 正文或 multipart 的 file 欄位上傳標準包',
    en: 'send the pack as an application/yaml body or as the multipart field file',
  },
} as const satisfies Catalog<`standard.${string}` | `clause.${string}`>;
