// The errors of webhooks.
// Codes and messages in one per-message catalogue (zh-Hant generated: pnpm derive-hant);
// errors.ts merges every area's into the one ErrorCode.
import type { Catalog } from '@ccmm/engine';

export const webhookErrors = {
  'webhook.url_invalid': {
    'zh-Hans': '网址无效：{url}',
    'zh-Hant': '網址無效：{url}',
    en: 'not a valid URL: {url}',
  },
  'webhook.url_not_https': {
    'zh-Hans': 'Webhook 只能使用 HTTPS 地址（https://…）',
    'zh-Hant': 'Webhook 只能使用 HTTPS 位址（https://…）',
    en: 'webhooks are sent over HTTPS only (https://…)',
  },
  'webhook.url_not_public': {
    'zh-Hans': 'Webhook 地址必须是公网地址，不能是本机或内网地址：{host}',
    'zh-Hant': 'Webhook 位址必須是公網位址，不能是本機或內網位址：{host}',
    en: 'a webhook must point to a public address, not this machine or a private network: {host}',
  },
  'webhook.unknown_event': {
    'zh-Hans': '没有这个事件：{event}（可用的事件：{events}）',
    'zh-Hant': '沒有這個事件：{event}（可用的事件：{events}）',
    en: 'no such event: {event} (one of {events})',
  },
  'webhook.not_found': { 'zh-Hans': 'Webhook 不存在', 'zh-Hant': 'Webhook 不存在', en: 'no such webhook' },
} as const satisfies Catalog<`webhook.${string}`>;
