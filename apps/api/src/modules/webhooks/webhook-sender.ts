import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type Database, schema } from '@ccmm/db';
import { eq } from 'drizzle-orm';
import { createOutboxRepository } from '../outbox/outbox.repository.ts';
import { LEASE_MS, retryDelayMs } from '../outbox/outbox-worker.ts';
import { publicLookup, urlProblem } from './webhook-address.ts';
import {
  EVENT_HEADER,
  EVENT_ID_HEADER,
  SIGNATURE_HEADER,
  signature,
  TIMESTAMP_HEADER,
  WEBHOOK_CHANNEL,
  type WebhookPayload,
} from './webhook-events.ts';

const { webhooks, webhookDeliveries } = schema;

/** A receiver has this long to answer (well under the outbox's lease). */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/**
 * Tries of one event before it is given up: with the outbox's back-off (30 s doubling to an
 * hour) about a day, so a receiver down over a night still gets it; every try is in the log.
 */
export const WEBHOOK_MAX_ATTEMPTS = 30;

interface Answer {
  readonly status: number | null;
  readonly error: string | null;
}

/** One signed POST; never throws: a failure is an answer without status. */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  allowLoopbackHttp: boolean,
  signal: AbortSignal | undefined,
): Promise<Answer> {
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: WEBHOOK_TIMEOUT_MS,
        lookup: publicLookup(allowLoopbackHttp),
        signal,
      },
      (res) => {
        // The body is not read; drained so the socket is freed.
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? null, error: null }));
        res.on('error', (error) => resolve({ status: res.statusCode ?? null, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`)));
    req.on('error', (error) => resolve({ status: null, error: error.message }));
    req.end(body);
  });
}

export interface WebhookPassResult {
  readonly delivered: number;
  readonly failed: number;
}

/**
 * One pass of the webhook sender: claims the due deliveries (the outbox's claim: FOR UPDATE SKIP
 * LOCKED, so no two processes take one), POSTs each, signed, logs the attempt, and marks it
 * delivered on a 2xx, or due again after the outbox's back-off. The claim is committed before
 * sending, so a process killed mid-send leaves it to be sent once its lease ends.
 */
export async function deliverWebhooks({
  db,
  allowLoopbackHttp,
  now = () => new Date(),
  batch = 20,
  signal,
}: {
  db: Database;
  allowLoopbackHttp: boolean;
  now?: () => Date;
  batch?: number;
  signal?: AbortSignal;
}): Promise<WebhookPassResult> {
  const outbox = createOutboxRepository(db);
  let delivered = 0;
  let failed = 0;
  for (;;) {
    if (signal?.aborted) break;
    const claimed = await outbox.claim({
      channel: WEBHOOK_CHANNEL,
      now: now(),
      limit: batch,
      leaseMs: LEASE_MS,
    });
    if (claimed.length === 0) break;
    await Promise.all(
      claimed.map(async (message) => {
        const payload = message.payload as WebhookPayload;
        const [hook] = await db
          .select({ url: webhooks.url, secret: webhooks.secret, deletedAt: webhooks.deletedAt })
          .from(webhooks)
          .where(eq(webhooks.id, payload.webhookId));
        if (!hook || hook.deletedAt) {
          await outbox.giveUp(message.id, 'the webhook was deleted', now());
          return;
        }
        const url = new URL(hook.url);
        const started = Date.now();
        const timestamp = String(Math.floor(now().getTime() / 1000));
        const problem = urlProblem(url, allowLoopbackHttp);
        const answer: Answer = problem
          ? { status: null, error: problem }
          : await post(
              url,
              {
                'content-type': 'application/json',
                'user-agent': 'CC-CMM-Webhooks/1',
                [SIGNATURE_HEADER]: signature(hook.secret, timestamp, payload.body),
                [TIMESTAMP_HEADER]: timestamp,
                [EVENT_HEADER]: message.kind,
                [EVENT_ID_HEADER]: payload.eventId,
              },
              payload.body,
              allowLoopbackHttp,
              signal,
            );
        await db.insert(webhookDeliveries).values({
          webhookId: payload.webhookId,
          eventId: payload.eventId,
          event: message.kind,
          attempt: message.attempts,
          status: answer.status,
          error: answer.error?.slice(0, 1000) ?? null,
          durationMs: Date.now() - started,
          attemptedAt: now(),
        });
        const ok = answer.status !== null && answer.status >= 200 && answer.status < 300;
        if (ok) {
          await outbox.markSent(message.id, now());
          delivered++;
          return;
        }
        failed++;
        const reason = answer.error ?? `HTTP ${answer.status}`;
        if (message.attempts >= WEBHOOK_MAX_ATTEMPTS) {
          await outbox.giveUp(message.id, `given up after ${message.attempts} tries: ${reason}`, now());
        } else {
          await outbox.markFailed(
            message.id,
            reason,
            new Date(now().getTime() + retryDelayMs(message.attempts)),
          );
        }
      }),
    );
    if (claimed.length < batch) break;
  }
  return { delivered, failed };
}
