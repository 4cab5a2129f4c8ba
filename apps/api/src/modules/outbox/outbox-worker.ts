import type { Database } from '@ccmm/db';
import { createTransport } from 'nodemailer';
import { createOutboxRepository, type EmailPayload } from './outbox.repository.ts';

/** What the worker hands a message to: the mail server, or a test's stand-in. */
export interface MailTransport {
  send(message: { to: string } & EmailPayload): Promise<void>;
}

/** SMTP through nodemailer; SMTP_URL names the server (smtp://user:pass@host:587, smtps://…). */
export function smtpTransport(url: string, from: string): MailTransport {
  // Short timeouts: a server that hangs delays the next messages, it must not hold them for minutes.
  const transporter = createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transporter.sendMail({ from, ...message });
    },
  };
}

/**
 * How long after its `attempts`-th failed try a message is tried again: 30 s, doubling each time,
 * at most an hour. A message is never given up: it stays in the outbox (and on the admin's
 * page, with its last error) until a mail server takes it.
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** How long a claimed message is held by its worker: longer than a send can take (timeouts above). */
export const LEASE_MS = 5 * 60_000;

export interface DeliveryResult {
  readonly sent: number;
  readonly failed: number;
}

/**
 * One pass of the e-mail worker: claims the due messages (FOR UPDATE SKIP LOCKED: several
 * processes never claim one message twice), sends each and marks it sent, or records the error
 * and the time of the next try. The claim is committed before sending, so the database is not
 * held during SMTP; a worker killed after its claim leaves the message to be claimed again when
 * the lease ends (sent at least once; twice only if killed between the server's acceptance and
 * the mark).
 */
export async function deliverOutbox({
  db,
  transport,
  now = () => new Date(),
  batch = 20,
}: {
  db: Database;
  transport: MailTransport;
  now?: () => Date;
  batch?: number;
}): Promise<DeliveryResult> {
  const outbox = createOutboxRepository(db);
  let sent = 0;
  let failed = 0;
  for (;;) {
    const claimed = await outbox.claim({ channel: 'email', now: now(), limit: batch, leaseMs: LEASE_MS });
    if (claimed.length === 0) break;
    for (const message of claimed) {
      const payload = message.payload as EmailPayload;
      try {
        await transport.send({
          to: message.recipient,
          subject: payload.subject,
          text: payload.text,
          html: payload.html,
        });
        await outbox.markSent(message.id, now());
        sent++;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await outbox.markFailed(
          message.id,
          reason,
          new Date(now().getTime() + retryDelayMs(message.attempts)),
        );
        failed++;
      }
    }
    if (claimed.length < batch) break;
  }
  return { sent, failed };
}
