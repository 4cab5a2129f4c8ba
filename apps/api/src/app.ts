import type { DatabaseHandle } from '@ccmm/db';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { accountRoutes } from './modules/accounts/accounts.routes.ts';
import { apiKeyRoutes } from './modules/api-keys/api-keys.routes.ts';
import { applicationRoutes } from './modules/applications/applications.routes.ts';
import { assessmentRoutes } from './modules/assessments/assessments.routes.ts';
import { auditPlanRoutes } from './modules/audit-plans/audit-plans.routes.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { benchmarkRoutes } from './modules/benchmarks/benchmarks.routes.ts';
import { calibrationRoutes } from './modules/calibration/calibration.routes.ts';
import { certificateRoutes } from './modules/certificates/certificates.routes.ts';
import { certificationRoutes } from './modules/certification/certification.routes.ts';
import { checkInRoutes } from './modules/check-ins/check-ins.routes.ts';
import { complaintRoutes } from './modules/complaints/complaints.routes.ts';
import { evidenceRoutes } from './modules/evidence/evidence.routes.ts';
import { findingRoutes } from './modules/findings/findings.routes.ts';
import { grantViewRoutes } from './modules/grant-views/grant-views.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { kpiRoutes } from './modules/kpis/kpis.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { organizationRoutes } from './modules/organizations/organizations.routes.ts';
import { outboxRoutes } from './modules/outbox/outbox.routes.ts';
import { programmeRoutes } from './modules/programme/programme.routes.ts';
import { publicRoutes } from './modules/public/public.routes.ts';
import { ratingRoutes } from './modules/ratings/ratings.routes.ts';
import { reportRoutes } from './modules/reports/reports.routes.ts';
import { stage1Routes } from './modules/stage1/stage1.routes.ts';
import type { LoadedStandard } from './modules/standards/standards.loader.ts';
import { mappingRoutes, standardRoutes } from './modules/standards/standards.routes.ts';
import { editionSync } from './modules/standards/standards.sync.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { webhookRoutes } from './modules/webhooks/webhooks.routes.ts';
import { auth } from './plugins/auth.ts';
import { clientAddress } from './plugins/client-address.ts';
import { context } from './plugins/context.ts';
import { errorHandler } from './plugins/error-handler.ts';
import { gracefulShutdown } from './plugins/graceful-shutdown.ts';
import { loadShedding } from './plugins/load-shedding.ts';
import { metrics } from './plugins/metrics.ts';
import { openapi } from './plugins/openapi.ts';
import { outboxWorker } from './plugins/outbox-worker.ts';
import { postgresRateLimitStore } from './plugins/rate-limit-store.ts';
import { repositories } from './plugins/repositories.ts';
import { scheduledJobs } from './plugins/scheduled-jobs.ts';
import { securityHeaders } from './plugins/security-headers.ts';
import { serializerCompiler } from './response-serializer.ts';

export interface AppOptions {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly standards: ReadonlyMap<string, LoadedStandard>;
  /**
   * The key the web app's server side presents when it forwards a browser's address (server.ts
   * makes one per start; unset: no forwarded address is believed).
   */
  readonly webKey?: string;
}

/** The whole API as one plugin: server.ts adds listening and shutdown, tests build it as is. */
export async function app(fastify: FastifyInstance, opts: AppOptions): Promise<void> {
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);

  await fastify.register(errorHandler);
  // Requests in flight, drained on SIGTERM before the server closes: server.ts registers it on the
  // root instance (to drain from there); a test's app has its own.
  if (!fastify.hasDecorator('drain')) await fastify.register(gracefulShutdown);
  await fastify.register(context, { config: opts.config, db: opts.database.db, standards: opts.standards });
  await fastify.register(repositories);
  // Security headers on every answer, the web app's pages included (server.ts).
  await fastify.register(securityHeaders);
  await fastify.register(clientAddress, { webKey: opts.webKey });
  // Past the load thresholds: 503 server.overloaded with Retry-After, before any work is done.
  await fastify.register(loadShedding);
  // Counted in the database: every server process on it limits a client as one would.
  await fastify.register(rateLimit, {
    global: false,
    keyGenerator: (request) => request.clientAddress,
    store: postgresRateLimitStore(opts.database.db),
  });
  await fastify.register(multipart, { limits: { fileSize: opts.config.evidenceMaxBytes, files: 1 } });
  await fastify.register(auth, { config: opts.config });
  await fastify.register(openapi);
  // Prometheus metrics at /metrics (METRICS=on).
  await fastify.register(metrics, { database: opts.database });
  // E-mail: written to the outbox with the event that causes it, sent by the worker (SMTP_URL).
  await fastify.register(outboxWorker);

  // One encapsulated plugin per area.
  await fastify.register(healthRoutes, { prefix: '/api' });
  await fastify.register(authRoutes, { prefix: '/api' });
  await fastify.register(userRoutes, { prefix: '/api/users' });
  await fastify.register(organizationRoutes, { prefix: '/api/organizations' });
  await fastify.register(grantViewRoutes, { prefix: '/api/organizations' });
  await fastify.register(apiKeyRoutes, { prefix: '/api' });
  await fastify.register(programmeRoutes, { prefix: '/api' });
  await fastify.register(stage1Routes, { prefix: '/api' });
  await fastify.register(standardRoutes, { prefix: '/api/standards' });
  // Editions uploaded or published through another process: loaded here too (LISTEN/NOTIFY).
  await fastify.register(editionSync, { database: opts.database });
  await fastify.register(mappingRoutes, { prefix: '/api/mappings' });
  await fastify.register(assessmentRoutes, { prefix: '/api/assessments' });
  await fastify.register(auditPlanRoutes, { prefix: '/api' });
  await fastify.register(ratingRoutes, { prefix: '/api/assessments' });
  await fastify.register(evidenceRoutes, { prefix: '/api/assessments' });
  await fastify.register(certificationRoutes, { prefix: '/api' });
  await fastify.register(certificateRoutes, { prefix: '/api/certificates' });
  await fastify.register(reportRoutes, { prefix: '/api/assessments' });
  await fastify.register(publicRoutes, { prefix: '/api/public' });
  await fastify.register(benchmarkRoutes, { prefix: '/api/benchmarks' });
  // Organizations' KPIs, the attainment beside an assessment and the KPI cohort: full paths under /api.
  await fastify.register(kpiRoutes, { prefix: '/api' });

  // The certificate job: at start-up and every CERTIFICATE_JOBS_MINUTES.
  await fastify.register(scheduledJobs);
  // Complaints and appeals: the public's, the centers' and the body's register, full paths under /api.
  await fastify.register(complaintRoutes, { prefix: '/api' });
  await fastify.register(applicationRoutes, { prefix: '/api' });
  // Findings and corrective actions: under the audit and on their own, full paths under /api.
  await fastify.register(findingRoutes, { prefix: '/api' });
  await fastify.register(checkInRoutes, { prefix: '/api' });
  await fastify.register(calibrationRoutes, { prefix: '/api' });
  await fastify.register(outboxRoutes, { prefix: '/api' });
  // Invitations, password resets, one's password, deactivation and roles: full paths under /api.
  await fastify.register(accountRoutes, { prefix: '/api' });
  // The in-app inbox (the rules: modules/notifications/notification-jobs.ts).
  await fastify.register(notificationRoutes, { prefix: '/api' });
  // Webhooks: registered by the body and centers, delivered through the outbox (channel 'webhook').
  await fastify.register(webhookRoutes, { prefix: '/api' });
}
