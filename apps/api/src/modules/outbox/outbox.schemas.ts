import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { timestamp } from '../../http.ts';

const message = z
  .object({
    id: z.number().int(),
    channel: z.string(),
    kind: z.string(),
    recipient: z.string(),
    locale: z.string(),
    subject: z.string(),
    text: z.string(),
    createdAt: timestamp,
    sentAt: timestamp.nullable(),
    attempts: z.number().int(),
    nextAttemptAt: timestamp,
    lastError: z.string().nullable(),
  })
  .meta({
    id: 'OutboxMessage',
    examples: [
      {
        id: 1042,
        channel: 'email',
        kind: 'invitation',
        recipient: 'zhaoqiang@huaxin-cc.cn',
        locale: 'zh-Hans',
        subject: '邀请您加入 CC-CMM 平台',
        text: '王丽邀请您加入华信客服中心……',
        createdAt: EXAMPLE.at,
        sentAt: '2026-03-14T09:30:05.000Z',
        attempts: 1,
        nextAttemptAt: EXAMPLE.at,
        lastError: null,
      },
    ],
  });

/** GET /api/outbox. */
export const outboxView = z
  .object({
    smtpConfigured: z.boolean(),
    unsent: z.number().int(),
    sent: z.number().int(),
    messages: z.array(message),
  })
  .meta({
    examples: [
      {
        smtpConfigured: true,
        unsent: 0,
        sent: 1,
        messages: [
          {
            id: 1042,
            channel: 'email',
            kind: 'invitation',
            recipient: 'zhaoqiang@huaxin-cc.cn',
            locale: 'zh-Hans',
            subject: '邀请您加入 CC-CMM 平台',
            text: '王丽邀请您加入华信客服中心……',
            createdAt: EXAMPLE.at,
            sentAt: '2026-03-14T09:30:05.000Z',
            attempts: 1,
            nextAttemptAt: EXAMPLE.at,
            lastError: null,
          },
        ],
      },
    ],
  });
