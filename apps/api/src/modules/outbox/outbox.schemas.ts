import { z } from 'zod';
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
  .meta({ id: 'OutboxMessage' });

/** GET /api/outbox. */
export const outboxView = z.object({
  smtpConfigured: z.boolean(),
  unsent: z.number().int(),
  sent: z.number().int(),
  messages: z.array(message),
});
