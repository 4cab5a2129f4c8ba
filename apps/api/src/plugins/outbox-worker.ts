import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { deliverOutbox, type MailTransport, smtpTransport } from '../modules/outbox/outbox-worker.ts';
import { deliverWebhooks } from '../modules/webhooks/webhook-sender.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Asks the outbox worker for a pass now (after a commit that wrote mail or webhook events); never throws. */
    kickOutbox: () => void;
  }
}

/**
 * The outbox worker (modules/outbox/outbox-worker.ts) in the server: a pass when the app is
 * ready, every OUTBOX_POLL_SECONDS, and when a request has just written mail or webhook events.
 * Each pass sends the e-mail (without SMTP_URL it stays in the outbox, visible to the admin),
 * then the webhooks (modules/webhooks/webhook-sender.ts). A failed pass is logged; it never
 * fails a request or stops the server.
 */
export const outboxWorker = fp(
  async (fastify: FastifyInstance, opts: { transport?: MailTransport }) => {
    const { smtpUrl, mailFrom, outboxPollSeconds } = fastify.config;
    const transport = opts.transport ?? (smtpUrl ? smtpTransport(smtpUrl, mailFrom) : undefined);
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<void> | undefined;
    let again = false;
    let closing = false;
    // Closing the app cuts the webhook requests in flight (each is tried again later).
    const closed = new AbortController();

    const run = async () => {
      if (transport) {
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
      }
      try {
        const result = await fastify.timeJob(
          'webhooks',
          () =>
            deliverWebhooks({
              db: fastify.db,
              allowLoopbackHttp: fastify.config.webhooksAllowLoopbackHttp,
              signal: closed.signal,
            }),
          (r) => r.delivered + r.failed > 0,
        );
        if (result.failed > 0)
          fastify.log.warn(result, 'webhooks: some deliveries failed, to be tried again');
      } catch (error) {
        if (!closed.signal.aborted) fastify.log.error({ err: error }, 'webhook pass failed');
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
      void tick();
    });
    fastify.addHook('onReady', async () => {
      void tick();
      timer = setInterval(() => void tick(), outboxPollSeconds * 1000);
      timer.unref();
    });
    fastify.addHook('onClose', async () => {
      closing = true;
      closed.abort();
      if (timer) clearInterval(timer);
      await running;
    });
  },
  { name: 'outbox-worker', dependencies: ['context', 'metrics'] },
);
