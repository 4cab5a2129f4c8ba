import { type Executor, schema } from '@ccmm/db';
import { and, asc, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';

const { outbox } = schema;

export type OutboxRow = typeof outbox.$inferSelect;

/** An e-mail as the worker hands it to the mail server: already in the reader's language. */
export interface EmailPayload {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export interface NewMessage {
  /** 'email' (the default) or 'webhook' (modules/webhooks). */
  readonly channel?: string;
  readonly kind: string;
  readonly recipient: string;
  readonly locale: string;
  readonly payload: EmailPayload | Record<string, unknown>;
}

/**
 * The outbox: `enqueue` runs inside the transaction of the event that causes the message, so the
 * message exists exactly when the event does; the worker claims, sends and marks.
 */
export function createOutboxRepository(db: Executor) {
  return {
    async enqueue(message: NewMessage): Promise<number> {
      const [row] = await db
        .insert(outbox)
        .values({
          channel: message.channel ?? 'email',
          kind: message.kind,
          recipient: message.recipient,
          locale: message.locale,
          payload: message.payload,
        })
        .returning({ id: outbox.id });
      if (!row) throw new Error('message not stored');
      return row.id;
    },

    /**
     * Claims up to `limit` unsent messages of a channel that are due and not held by another
     * worker, for `leaseMs`: one statement, its rows locked with FOR UPDATE SKIP LOCKED, so two
     * processes claiming at once never get the same message. Each claim counts an attempt.
     */
    async claim({
      channel,
      now,
      limit,
      leaseMs,
    }: {
      channel: string;
      now: Date;
      limit: number;
      leaseMs: number;
    }): Promise<OutboxRow[]> {
      const due = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            eq(outbox.channel, channel),
            isNull(outbox.sentAt),
            // `now` is a JavaScript date (milliseconds), PostgreSQL's now() has microseconds: a
            // message enqueued in the same millisecond as the claim is due too.
            lte(outbox.nextAttemptAt, new Date(now.getTime() + 1)),
            or(isNull(outbox.leaseUntil), lte(outbox.leaseUntil, now)),
          ),
        )
        .orderBy(asc(outbox.id))
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(outbox)
        .set({ leaseUntil: new Date(now.getTime() + leaseMs), attempts: sql`${outbox.attempts} + 1` })
        .where(inArray(outbox.id, due))
        .returning();
    },

    async markSent(id: number, at: Date): Promise<void> {
      await db
        .update(outbox)
        .set({ sentAt: at, leaseUntil: null, lastError: null })
        .where(and(eq(outbox.id, id), isNull(outbox.sentAt)));
    },

    /** Takes a message out of the queue unsent, with the reason (a webhook deleted, or given up). */
    async giveUp(id: number, reason: string, at: Date): Promise<void> {
      await db
        .update(outbox)
        .set({ sentAt: at, leaseUntil: null, lastError: reason.slice(0, 1000) })
        .where(and(eq(outbox.id, id), isNull(outbox.sentAt)));
    },

    async markFailed(id: number, error: string, retryAt: Date): Promise<void> {
      await db
        .update(outbox)
        .set({ nextAttemptAt: retryAt, leaseUntil: null, lastError: error.slice(0, 1000) })
        .where(eq(outbox.id, id));
    },

    /** The admin's view, newest first: unsent only, or every message. */
    async list({
      unsentOnly,
      limit,
      offset,
    }: {
      unsentOnly: boolean;
      limit: number;
      offset: number;
    }): Promise<OutboxRow[]> {
      return db
        .select()
        .from(outbox)
        .where(unsentOnly ? isNull(outbox.sentAt) : undefined)
        .orderBy(desc(outbox.id))
        .limit(limit)
        .offset(offset);
    },

    async counts(): Promise<{ unsent: number; sent: number }> {
      const [row] = await db
        .select({
          unsent: sql<number>`(count(*) filter (where ${isNull(outbox.sentAt)}))::int`,
          sent: sql<number>`(count(*) filter (where ${isNotNull(outbox.sentAt)}))::int`,
        })
        .from(outbox);
      return { unsent: row?.unsent ?? 0, sent: row?.sent ?? 0 };
    },
  };
}
