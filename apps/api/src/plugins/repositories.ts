import type { Database } from '@ccmm/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createApiKeysRepository } from '../modules/api-keys/api-keys.repository.ts';
import { createAssessmentsRepository } from '../modules/assessments/assessments.repository.ts';
import { createAuditPlansRepository } from '../modules/audit-plans/audit-plans.repository.ts';
import { createLoginFailuresRepository } from '../modules/auth/login-failures.repository.ts';
import { createSessionsRepository } from '../modules/auth/sessions.repository.ts';
import { createBenchmarksRepository } from '../modules/benchmarks/benchmarks.repository.ts';
import { createCertificatesRepository } from '../modules/certificates/certificates.repository.ts';
import { createDecisionsRepository } from '../modules/certification/decisions.repository.ts';
import { createConflictsRepository } from '../modules/certification/impartiality.ts';
import { createComplaintsRepository } from '../modules/complaints/complaints.repository.ts';
import { createEvidenceRepository } from '../modules/evidence/evidence.repository.ts';
import { createFindingsRepository } from '../modules/findings/findings.repository.ts';
import { createGrantViewsRepository } from '../modules/grant-views/grant-views.repository.ts';
import { createKpisRepository } from '../modules/kpis/kpis.repository.ts';
import { createNotificationsRepository } from '../modules/notifications/notifications.repository.ts';
import { createOrganizationsRepository } from '../modules/organizations/organizations.repository.ts';
import { createOutboxRepository } from '../modules/outbox/outbox.repository.ts';
import { createProgrammeRepository } from '../modules/programme/programme.repository.ts';
import { createRatingsRepository } from '../modules/ratings/ratings.repository.ts';
import { createReportsRepository } from '../modules/reports/reports.repository.ts';
import { createStage1Repository } from '../modules/stage1/stage1.repository.ts';
import { createUsersRepository } from '../modules/users/users.repository.ts';
import { createWebhooksRepository } from '../modules/webhooks/webhooks.repository.ts';

/** Every area's repository over one database handle, made once per app. */
export function createRepositories(db: Database) {
  return {
    apiKeys: createApiKeysRepository(db),
    assessments: createAssessmentsRepository(db),
    auditPlans: createAuditPlansRepository(db),
    benchmarks: createBenchmarksRepository(db),
    certificates: createCertificatesRepository(db),
    complaints: createComplaintsRepository(db),
    conflicts: createConflictsRepository(db),
    decisions: createDecisionsRepository(db),
    evidence: createEvidenceRepository(db),
    findings: createFindingsRepository(db),
    grantViews: createGrantViewsRepository(db),
    kpis: createKpisRepository(db),
    organizations: createOrganizationsRepository(db),
    outbox: createOutboxRepository(db),
    notifications: createNotificationsRepository(db),
    programme: createProgrammeRepository(db),
    ratings: createRatingsRepository(db),
    reports: createReportsRepository(db),
    sessions: createSessionsRepository(db),
    stage1: createStage1Repository(db),
    users: createUsersRepository(db),
    webhooks: createWebhooksRepository(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories> & {
  readonly loginFailures: ReturnType<typeof createLoginFailuresRepository>;
};

declare module 'fastify' {
  interface FastifyInstance {
    repositories: Repositories;
  }
}

/**
 * The repositories, made once from the context's database and shared by every area. Use cases
 * that need a transaction make their own over it with the same factories.
 */
export const repositories = fp(
  async (fastify: FastifyInstance) => {
    fastify.decorate('repositories', {
      ...createRepositories(fastify.db),
      loginFailures: createLoginFailuresRepository(fastify.db, {
        perAddressAndEmail: fastify.config.loginAttemptsPerMinute,
        perAddress: fastify.config.loginAttemptsPerAddressPerMinute,
        windowSeconds: 60,
      }),
    });
  },
  { name: 'repositories', dependencies: ['context'] },
);
