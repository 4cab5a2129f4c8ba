import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { clock } from '../clock.ts';
import { runCertificateJobs } from '../modules/certificates/certificate-jobs.ts';
import { certificateSigner } from '../modules/certificates/certificate-signing.ts';
import { runNotificationJobs } from '../modules/notifications/notification-jobs.ts';

/**
 * The server's scheduled work: the certificate job (modules/certificates/certificate-jobs.ts)
 * runs once when the app is ready, then every CERTIFICATE_JOBS_MINUTES. Several API processes
 * may run it: an advisory lock lets one at a time do the work. A failed run is logged and tried
 * again at the next tick; it never stops the server.
 */
export const scheduledJobs = fp(async (fastify: FastifyInstance) => {
  const signer = await certificateSigner(fastify.config, fastify.db);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

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
