import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CERTIFICATION_BODY, requireActor } from '../../actor.ts';
import { errors, requestLocale } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import { idParams } from '../assessments/assessments.schemas.ts';
import { createLoginFailuresRepository } from '../auth/login-failures.repository.ts';
import { type ApplicationRow, createApplicationsRepository } from './applications.repository.ts';
import {
  application,
  applicationBody,
  applicationQuery,
  applicationReceipt,
  declineBody,
} from './applications.schemas.ts';
import { acceptApplication, declineApplication, submitApplication } from './applications.usecases.ts';

function applicationOut(row: ApplicationRow, deciderName: string | null): z.infer<typeof application> {
  return {
    id: row.id,
    reference: row.reference,
    organization: row.organization,
    contact: { name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
    targetLevel: row.targetLevel,
    message: row.message,
    locale: row.locale,
    status: row.status,
    reason: row.reason,
    decidedBy: row.decidedBy ? { id: row.decidedBy, name: deciderName ?? '' } : null,
    decidedAt: row.decidedAt,
    organizationId: row.organizationId,
    createdAt: row.createdAt,
  };
}

/** Applications for certification: the public form, and the body's register and decisions. */
export const applicationRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const applications = createApplicationsRepository(fastify.db);
  // Besides the limit per client address (the route's), one contact e-mail applies at most
  // APPLICATIONS_PER_EMAIL_PER_HOUR times an hour from anywhere, counted in PostgreSQL.
  const perEmail = createLoginFailuresRepository(fastify.db, {
    perAddressAndEmail: fastify.config.applicationsPerEmailPerHour,
    perAddress: Number.MAX_SAFE_INTEGER,
    windowSeconds: 3600,
  });
  const find = async (id: string) => {
    const [found] = await applications.list({ id });
    if (!found) throw errors.notFound('application.not_found');
    return applicationOut(found.application, found.deciderName);
  };

  fastify.post(
    '/public/applications',
    {
      config: {
        access: 'public',
        rateLimit: { max: fastify.config.applicationsPerHour, timeWindow: '1 hour' },
      },
      schema: {
        summary: 'Apply for certification (a center, no sign-in)',
        description: `The center as it will be registered (\`organization\`: name, operatingSince, sites, seats, …), the contact the body answers (invited as the center's admin when accepted), the level aimed at. Answers with the application's reference. At most ${fastify.config.applicationsPerHour} an hour from one address and ${fastify.config.applicationsPerEmailPerHour} for one contact e-mail (429 beyond).`,
        tags: ['applications'],
        body: applicationBody,
        response: { 202: applicationReceipt, ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const email = request.body.contact.email.toLowerCase();
      const attempt = await perEmail.begin(`application:email:${email}`, email);
      if ('retryAfter' in attempt) {
        reply.header('retry-after', String(attempt.retryAfter));
        throw errors.tooMany('account.too_many_requests', { after: `${attempt.retryAfter}s` });
      }
      await perEmail.failed(`application:email:${email}`);
      const { application: row } = await submitApplication({
        db: fastify.db,
        config: fastify.config,
        body: request.body,
        locale: requestLocale(request.headers['accept-language']),
      });
      fastify.kickOutbox();
      return reply.status(202).send({ reference: row.reference });
    },
  );

  fastify.get(
    '/applications',
    {
      config: { access: CERTIFICATION_BODY },
      schema: {
        summary: 'The applications for certification, newest first (the certification body)',
        tags: ['applications'],
        querystring: applicationQuery,
        response: { 200: z.array(application), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      (await applications.list(request.query)).map((r) => applicationOut(r.application, r.deciderName)),
  );

  fastify.post(
    '/applications/:id/accept',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Accept an application: register the center and invite its contact as center admin',
        description:
          'In one transaction: the organization is created from the application, the contact invited (the e-mail is in the outbox), the application marked accepted. 409 `application.decided` once handled; 409 `user.email_taken` when the contact already has an account.',
        tags: ['applications'],
        params: idParams,
        response: { 200: application, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await acceptApplication({ db: fastify.db, config: fastify.config, actor, id: request.params.id });
      fastify.kickOutbox();
      return find(request.params.id);
    },
  );

  fastify.post(
    '/applications/:id/decline',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Decline an application with a reason (e-mailed to the applicant)',
        tags: ['applications'],
        params: idParams,
        body: declineBody,
        response: { 200: application, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await declineApplication({
        db: fastify.db,
        config: fastify.config,
        actor,
        id: request.params.id,
        reason: request.body.reason,
      });
      fastify.kickOutbox();
      return find(request.params.id);
    },
  );
};
