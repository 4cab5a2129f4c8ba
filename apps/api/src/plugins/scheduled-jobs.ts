import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { clock } from '../clock.ts';
import { runCertificateJobs } from '../modules/certificates/certificate-jobs.ts';
import { certificateSigner } from '../modules/certificates/certificate-signing.ts';
import { sweepUnreferencedContent } from '../modules/evidence/evidence.storage.ts';
import { runNotificationJobs } from '../modules/notifications/notification-jobs.ts';

/** Unreferenced evidence content is looked for at most this often by each process. */
const CONTENT_SWEEP_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * The server's scheduled work: the certificate job (modules/certificates/certificate-jobs.ts)
 * runs once when the app is ready, then every CERTIFICATE_JOBS_MINUTES; so do the notification
 * job and, at most every 6 hours, the sweep of unreferenced evidence content. Several API processes
 * may run it: an advisory lock lets one at a time do the work. A failed run is logged and tried
 * again at the next tick; it never stops the server.
 */
export const scheduledJobs = fp(async (fastify: FastifyInstance) => {
  const signer = await certificateSigner(fastify.config, fastify.db);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let sweptAt = Number.NEGATIVE_INFINITY;

  const run = async () => {
    try {
      const result = await fastify.timeJob(
        'certificates',
        () => runCertificateJobs(fastify.db, signer, clock.today()),
        (r) => r.ran,
      );
      if (result.signed + result.suspended.length + result.withdrawn.length > 0) {
        fastify.log.info(result, 'certificate job');
      }
    } catch (error) {
      fastify.log.error({ err: error }, 'certificate job failed');
    }
    // After the certificate job, so a suspension it just recorded is notified in the same run.
    try {
      const result = await fastify.timeJob(
        'notifications',
        () => runNotificationJobs(fastify.db, fastify.config, clock.today()),
        (r) => r.ran,
      );
      if (result.notified + result.webhooks > 0) {
        fastify.log.info(result, 'notification job');
        fastify.kickOutbox();
      }
    } catch (error) {
      fastify.log.error({ err: error }, 'notification job failed');
    }
    // Content nothing refers to any more (each piece under its own lock: every process may sweep).
    if (Date.now() - sweptAt >= CONTENT_SWEEP_EVERY_MS) {
      sweptAt = Date.now();
      try {
        const result = await fastify.timeJob(
          'evidence_content',
          () => sweepUnreferencedContent(fastify.db, fastify.evidenceContent),
          () => true,
        );
        if (result.rows + result.objects > 0)
          fastify.log.info(result, 'unreferenced evidence content removed');
      } catch (error) {
        fastify.log.error({ err: error }, 'evidence content sweep failed');
      }
    }
  };
  const tick = () => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  fastify.addHook('onReady', async () => {
    await tick();
    const minutes = fastify.config.certificateJobsMinutes;
    if (minutes > 0) {
      timer = setInterval(() => void tick(), minutes * 60_000);
      timer.unref();
    }
  });
  fastify.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
});
