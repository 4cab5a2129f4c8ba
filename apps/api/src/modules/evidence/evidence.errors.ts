// The errors of evidence files.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const evidenceErrors = {
  'evidence.not_found': {
    'zh-Hans': '证据不存在或无权查看',
    'zh-Hant': '證據不存在或無權查看',
    en: 'no such evidence, or not yours to see',
  },
  'evidence.not_contributor': {
    'zh-Hans': '只有被指派的审核员（或自评估时本中心的用户）可以添加或删除证据',
    'zh-Hant': '只有被指派的審核員（或自評估時本中心的使用者）可以新增或刪除證據',
    en: 'only the assigned auditors (or, in a self-assessment, the center’s users) may add or remove evidence',
  },
  'evidence.file_required': {
    'zh-Hans': '请在 file 字段中附上一个（且只一个）文件',
    'zh-Hant': '請在 file 欄位中附上一個（且只一個）檔案',
    en: 'attach exactly one file, in the field named file',
  },
  'evidence.sha256_mismatch': {
    'zh-Hans': '收到的文件与设备计算的 SHA-256（{sha256}）不符：文件在传输中损坏，请重新上传',
    'zh-Hant': '收到的檔案與設備計算的 SHA-256（{sha256}）不符：檔案在傳輸中損壞，請重新上傳',
    en: 'the file received does not have the SHA-256 the device computed ({sha256}): it was damaged on the way, upload it again',
  },
  'evidence.check_in_photo': {
    'zh-Hans': '这张照片是签到记录的一部分，签到记录只增不改，照片不能删除',
    'zh-Hant': '這張照片是簽到記錄的一部分，簽到記錄只增不改，照片不能刪除',
    en: 'this photo is part of a check-in, and check-ins are never changed: it cannot be removed',
  },
  'evidence.empty': {
    'zh-Hans': '文件是空的',
    'zh-Hant': '檔案是空的',
    en: 'the file is empty',
  },
  'evidence.type_not_allowed': {
    'zh-Hans': '不接受此类文件（{type}）：可上传 PDF、图片、音频、视频、Office 文档和纯文本',
    'zh-Hant': '不接受此類檔案（{type}）：可上傳 PDF、圖片、音訊、影片、Office 文件和純文字',
    en: 'this kind of file is not accepted ({type}): upload PDF, images, audio, video, Office documents or plain text',
  },
  'evidence.no_clause': {
    'zh-Hans': '证据至少要关联一个条目',
    'zh-Hant': '證據至少要關聯一個條目',
    en: 'link the evidence to at least one clause',
  },
  // Evidence quotas (see EVIDENCE_MAX_* in config.ts): {limit} is readable, {bytes} exact.
  'evidence.quota_files': {
    'zh-Hans': '本评估的证据文件已达上限 {limit} 个：请先删除不需要的文件',
    'zh-Hant': '本評估的證據檔案已達上限 {limit} 個：請先刪除不需要的檔案',
    en: 'this assessment already holds its limit of {limit} evidence files: remove some before adding more',
  },
  'evidence.quota_bytes': {
    'zh-Hans': '加上此文件，本评估的证据文件总大小将超过上限 {limit}（{bytes} 字节）',
    'zh-Hant': '加上此檔案，本評估的證據檔案總大小將超過上限 {limit}（{bytes} 位元組）',
    en: 'this file would take the assessment’s evidence files over their limit of {limit} ({bytes} bytes) in total',
  },
  'evidence.quota_organization_bytes': {
    'zh-Hans': '加上此文件，本机构所有评估的证据文件总大小将超过上限 {limit}（{bytes} 字节）',
    'zh-Hant': '加上此檔案，本機構所有評估的證據檔案總大小將超過上限 {limit}（{bytes} 位元組）',
    en: 'this file would take the evidence files of all the organization’s assessments over their limit of {limit} ({bytes} bytes) in total',
  },
} as const satisfies Catalog<`evidence.${string}`>;
