// The errors of no one area: the request itself (refused before or by the router, the parser,
// the schema), what the API stands on (the database, the disk) and the last resort.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const sharedErrors = {
  'request.invalid': {
    'zh-Hans': '请求内容不符合要求',
    'zh-Hant': '請求內容不符合要求',
    en: 'the request is not valid',
  },
  'request.body_too_large': {
    'zh-Hans': '请求内容过大（上限 {limit} 字节）',
    'zh-Hant': '請求內容過大（上限 {limit} 位元組）',
    en: 'the request body is too large (limit {limit} bytes)',
  },
  'request.unsupported_media_type': {
    'zh-Hans': '不支持的内容类型 {type}',
    'zh-Hant': '不支援的內容類型 {type}',
    en: 'unsupported content type {type}',
  },
  'request.malformed': {
    'zh-Hans': '请求内容无法解析：{reason}',
    'zh-Hant': '請求內容無法解析：{reason}',
    en: 'the request body cannot be parsed: {reason}',
  },
  'request.not_found': {
    'zh-Hans': '没有这个地址：{method} {url}',
    'zh-Hant': '沒有這個位址：{method} {url}',
    en: 'no such route: {method} {url}',
  },
  'request.too_many': {
    'zh-Hans': '请求过于频繁，请 {after} 后再试',
    'zh-Hant': '請求過於頻繁，請 {after} 後再試',
    en: 'too many requests: try again in {after}',
  },
  'request.nothing_to_change': {
    'zh-Hans': '没有要修改的内容：请至少提供以下字段之一：{fields}',
    'zh-Hant': '沒有要修改的內容：請至少提供以下欄位之一：{fields}',
    en: 'nothing to change: give at least one of the fields {fields}',
  },
  // Refused by the router, before any route: a path segment that is not valid percent-encoding,
  // or one longer than any id (see server-options.ts).
  'request.bad_url': {
    'zh-Hans': '地址中有无法解码的部分',
    'zh-Hant': '位址中有無法解碼的部分',
    en: 'part of the URL cannot be decoded',
  },
  'request.url_too_long': {
    'zh-Hans': '地址中有一段过长',
    'zh-Hant': '位址中有一段過長',
    en: 'a part of the URL is too long',
  },
  // Refused by the HTTP parser, before any header is read: the server answers these in Chinese
  // and English together (see server-options.ts).
  'request.headers_too_large': {
    'zh-Hans': '请求头或地址过长',
    'zh-Hant': '請求標頭或位址過長',
    en: 'the request headers or URL are too large',
  },
  'request.timeout': {
    'zh-Hans': '请求未能及时发送完毕',
    'zh-Hant': '請求未能及時傳送完畢',
    en: 'the request was not received in time',
  },
  'request.bad_http': {
    'zh-Hans': '无法解析的 HTTP 请求',
    'zh-Hant': '無法解析的 HTTP 請求',
    en: 'the HTTP request cannot be parsed',
  },
  'database.unavailable': {
    'zh-Hans': '数据库暂时无法连接，请稍后再试',
    'zh-Hant': '資料庫暫時無法連線，請稍後再試',
    en: 'the database cannot be reached just now: try again shortly',
  },
  'database.migrations_pending': {
    'zh-Hans': '数据库缺少本版本的 {missing} 个迁移（已应用 {applied} / 共 {expected}），请先完成迁移',
    'zh-Hant': '資料庫缺少本版本的 {missing} 個遷移（已應用 {applied} / 共 {expected}），請先完成遷移',
    en: 'the database lacks {missing} of this version’s migrations ({applied} of {expected} applied): migrate it first',
  },
  'server.shutting_down': {
    'zh-Hans': '服务器正在关闭，请稍后重试',
    'zh-Hant': '伺服器正在關閉，請稍後重試',
    en: 'the server is shutting down: try again shortly',
  },
  'server.overloaded': {
    'zh-Hans': '服务器当前负载过高，请在 {after} 秒后重试',
    'zh-Hant': '伺服器目前負載過高，請在 {after} 秒後重試',
    en: 'the server is overloaded just now: try again in {after} seconds',
  },
  'storage.full': {
    'zh-Hans': '服务器存储空间已满，未保存任何内容，请联系管理员',
    'zh-Hant': '伺服器儲存空間已滿，未儲存任何內容，請聯絡管理員',
    en: 'the server’s storage is full; nothing was saved: tell your administrator',
  },
  internal: {
    'zh-Hans': '服务器内部错误，请稍后再试',
    'zh-Hant': '伺服器內部錯誤，請稍後再試',
    en: 'something went wrong on the server: try again later',
  },
} as const satisfies Catalog<
  | `request.${string}`
  | `database.${string}`
  | 'server.shutting_down'
  | 'server.overloaded'
  | 'storage.full'
  | 'internal'
>;
