import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { deliverOutbox, type MailTransport, smtpTransport } from '../modules/outbox/outbox-worker.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Asks the outbox worker for a pass now (after a commit that wrote mail); never throws. */
    kickOutbox: () => void;
  }
}

/**
 * The outbox worker (modules/outbox/outbox-worker.ts) in the server: a pass when the app is
 * ready, every OUTBOX_POLL_SECONDS, and when a request has just written mail. Without SMTP_URL
 * it does nothing: the messages wait in the outbox, visible to the admin. A failed pass is
 * logged; it never fails a request or stops the server.
 */
export const outboxWorker = fp(
  async (fastify: FastifyInstance, opts: { transport?: MailTransport }) => {
    const { smtpUrl, mailFrom, outboxPollSeconds } = fastify.config;
    const transport = opts.transport ?? (smtpUrl ? smtpTransport(smtpUrl, mailFrom) : undefined);
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    let closing = false;

    const run = async () => {
      if (!transport) return;
      try {
        const result = await fastify.timeJob(
          'outbox',
          () => deliverOutbox({ db: fastify.db, transport }),
          (r) => r.sent + r.failed > 0,
        );
        if (result.failed > 0) fastify.log.warn(result, 'outbox: some messages could not be sent yet');
      } catch (error) {
        fastify.log.error({ err: error }, 'outbox pass failed');
      }
    };
    const tick = (): Promise<void> => {
      if (closing) return Promise.resolve();
      if (running) {
        // A kick during a pass: one more pass after it, for messages committed meanwhile.
        again = true;
        return running;
      }
      running = run().finally(() => {
        running = undefined;
        if (again) {
          again = false;
          void tick();
        }
      });
      return running;
    };

    fastify.decorate('kickOutbox', () => {
      if (transport) void tick();
    });
    fastify.addHook('onReady', async () => {
      if (!transport) return;
      void tick();
      timer = setInterval(() => void tick(), outboxPollSeconds * 1000);
      timer.unref();
    });
    fastify.addHook('onClose', async () => {
      closing = true;
      if (timer) clearInterval(timer);
      await running;
    });
  },
  { name: 'outbox-worker', dependencies: ['context', 'metrics'] },
);
