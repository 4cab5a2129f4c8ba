import { WEBHOOK_EVENTS } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { pgString, timestamp } from '../../http.ts';

/**
 * An event's name. Checked by the route (400 webhook.unknown_event naming the known ones), so the
 * schema takes any string and documents the list.
 */
const eventName = pgString()
  .max(100)
  .meta({ enum: [...WEBHOOK_EVENTS], description: 'one of the events a webhook may subscribe to' });

export const newWebhook = z.object({
  url: pgString()
    .trim()
    .min(1)
    .max(2000)
    .describe('an https:// address reachable from the internet; the events are POSTed to it'),
  events: z
    .array(eventName)
    .min(1)
    .max(WEBHOOK_EVENTS.length)
    .refine((e) => new Set(e).size === e.length, 'each event once'),
  secret: pgString()
    .min(16)
    .max(200)
    .optional()
    .describe('the key of the signatures (HMAC-SHA256); none: one is generated and answered once'),
});

export const createdWebhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    secret: z.string().describe('the key of the signatures, answered this once only'),
  })
  .meta({
    id: 'CreatedWebhook',
    examples: [
      {
        id: '0a6d3f9b-4e2c-4b78-8f15-6c9e2a4d7b31',
        url: 'https://crm.huaxin-cc.cn/hooks/ccmm',
        events: ['certificate.issued', 'finding.overdue'],
        secret: 'whsec_4pT9xL2qV7mN3kR8',
      },
    ],
  });

export const webhook = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    organization: z
      .object({ id: z.uuid(), name: z.string() })
      .nullable()
      .describe('the center whose events it gets; null: the certification body’s, every organization’s'),
    createdAt: timestamp,
    createdBy: z.object({ id: z.uuid(), name: z.string() }),
    lastDelivery: z
      .object({ status: z.number().int().nullable(), attemptedAt: timestamp })
      .nullable()
      .describe('the last attempt: the receiver’s status, null when it did not answer'),
  })
  .meta({
    id: 'Webhook',
    examples: [
      {
        id: '0a6d3f9b-4e2c-4b78-8f15-6c9e2a4d7b31',
        url: 'https://crm.huaxin-cc.cn/hooks/ccmm',
        events: ['certificate.issued', 'finding.overdue'],
        organization: { id: EXAMPLE.organizationId, name: EXAMPLE.organizationName },
        createdAt: '2026-02-01T02:00:00.000Z',
        createdBy: { id: EXAMPLE.centerAdmin.id, name: EXAMPLE.centerAdmin.name },
        lastDelivery: { status: 200, attemptedAt: '2026-04-02T06:00:01.000Z' },
      },
    ],
  });

export const delivery = z
  .object({
    id: z.number().int(),
    eventId: z.uuid().describe('the same in every attempt of one event (X-CCMM-Event-Id)'),
    event: z.string(),
    attempt: z.number().int().describe('1 for the first try'),
    status: z.number().int().nullable().describe('the receiver’s HTTP status; null: no answer'),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    attemptedAt: timestamp,
  })
  .meta({
    id: 'WebhookDelivery',
    examples: [
      {
        id: 311,
        eventId: '3b8e1d5f-6a2c-4f94-9d07-2e4a8c6f1b53',
        event: 'certificate.issued',
        attempt: 1,
        status: 200,
        error: null,
        durationMs: 184,
        attemptedAt: '2026-04-02T06:00:01.000Z',
      },
    ],
  });

export const testEvent = z
  .object({ eventId: z.uuid() })
  .meta({ id: 'WebhookTestEvent', examples: [{ eventId: '7c2f9a4e-1d6b-4e83-a5c0-8b3d1f7e9a26' }] });
