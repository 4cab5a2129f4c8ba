import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { type Executor, schema } from '@ccmm/db';
import type { WebhookEvent } from '@ccmm/engine';
import { and, arrayContains, eq, isNull, or } from 'drizzle-orm';

// Webhook events: written to the outbox (channel 'webhook') in the transaction of the event that
// causes them, one message per subscribed webhook, so an event that rolls back delivers nothing.
// The sender (webhook-sender.ts) signs and POSTs them.

const { outbox, webhooks } = schema;

export const WEBHOOK_CHANNEL = 'webhook';
/** HMAC-SHA256 of `${timestamp}.${body}` with the webhook's secret, hex: "sha256=<hex>". */
export const SIGNATURE_HEADER = 'x-ccmm-signature';
/** Unix seconds when the attempt was signed. */
export const TIMESTAMP_HEADER = 'x-ccmm-timestamp';
export const EVENT_HEADER = 'x-ccmm-event';
/** The event's id: the same in every attempt, the receiver's key against duplicates. */
export const EVENT_ID_HEADER = 'x-ccmm-event-id';
/** A receiver refuses a timestamp further than this from its clock (a replayed request). */
export const REPLAY_WINDOW_SECONDS = 300;

/** The test event ("send test event"): to one webhook, whatever it subscribed to. */
export const TEST_EVENT = 'webhook.test';

/** What the outbox holds for one delivery: the exact body, so every attempt sends the same bytes. */
export interface WebhookPayload {
  readonly webhookId: string;
  /** The event, the same for every webhook ("certificate_expiring:CCMM-…:2027-03-01"): sent once each. */
  readonly key: string;
  readonly eventId: string;
  readonly body: string;
}

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/**
 * What a receiver does (README, "Webhooks"): the signature over `timestamp.body` matches, in
 * constant time, and the timestamp is within the replay window of its clock.
 */
export function verifySignature({
  secret,
  body,
  timestamp,
  signature: given,
  now = Date.now(),
}: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  now?: number;
}): boolean {
  if (!timestamp || !given || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > REPLAY_WINDOW_SECONDS) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function randomSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function eventBody(type: string, organizationId: string | null, data: Record<string, unknown>) {
  const id = randomUUID();
  const body = JSON.stringify({ id, type, createdAt: new Date().toISOString(), organizationId, data });
  return { id, body };
}

/**
 * Queues `type` for every live webhook subscribed to it: the organization's and the body's
 * (a center's webhook never gets another organization's event). `key` names the event: a job
 * that finds it again queues nothing more (unique index outbox_webhook_event). Returns how many
 * were queued.
 */
export async function emitWebhookEvent(
  tx: Executor,
  event: {
    readonly type: WebhookEvent;
    readonly organizationId: string;
    readonly key: string;
    readonly data: Record<string, unknown>;
    /** Only the body's webhooks (what a center may not read yet, e.g. an audit returned to its auditors). */
    readonly bodyOnly?: boolean;
  },
): Promise<number> {
  const targets = await tx
    .select({ id: webhooks.id, url: webhooks.url })
    .from(webhooks)
    .where(
      and(
        isNull(webhooks.deletedAt),
        event.bodyOnly
          ? isNull(webhooks.organizationId)
          : or(isNull(webhooks.organizationId), eq(webhooks.organizationId, event.organizationId)),
        arrayContains(webhooks.events, [event.type]),
      ),
    );
  if (targets.length === 0) return 0;
  const { id, body } = eventBody(event.type, event.organizationId, event.data);
  const rows = await tx
    .insert(outbox)
    .values(
      targets.map((w) => ({
        channel: WEBHOOK_CHANNEL,
        kind: event.type,
        recipient: w.url,
        locale: 'en',
        payload: { webhookId: w.id, key: event.key, eventId: id, body } satisfies WebhookPayload,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows.length;
}

/** Queues a test event for one webhook; returns the event's id. */
export async function emitTestEvent(
  db: Executor,
  webhook: { readonly id: string; readonly url: string; readonly organizationId: string | null },
): Promise<string> {
  const { id, body } = eventBody(TEST_EVENT, webhook.organizationId, {
    message: 'a test event from CC-CMM: the signature checks, nothing happened',
  });
  await db.insert(outbox).values({
    channel: WEBHOOK_CHANNEL,
    kind: TEST_EVENT,
    recipient: webhook.url,
    locale: 'en',
    payload: {
      webhookId: webhook.id,
      key: `${TEST_EVENT}:${id}`,
      eventId: id,
      body,
    } satisfies WebhookPayload,
  });
  return id;
}
