import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import { assessmentAccess } from '../assessments/assessment-access.ts';
import { auditPlan, competence, competenceBody, planBody } from './audit-plans.schemas.ts';
import { recordCompetence, saveAuditPlan } from './audit-plans.usecases.ts';

const idParams = z.object({ id: z.uuid() });

/** Audit plans (days on site, man-days, the team and its roles) and the auditors' competence. */
export const auditPlanRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const { assessments, auditPlans, organizations } = fastify.repositories;
  const { visible } = assessmentAccess(assessments);

  /** The user, if it is an auditor (404 otherwise). */
  async function auditor(id: string) {
    const [found] = await assessments.usersWithRole([id], 'auditor');
    if (!found) throw errors.notFound('user.not_found');
    return found;
  }

  fastify.get(
    '/assessments/:id/plan',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The audit’s plan: days on site, man-days, the team with roles and domains (null: none yet)',
        tags: ['assessments'],
        params: idParams,
        response: { 200: auditPlan.nullable(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const row = await visible(requireActor(request), request.params.id);
      return (await auditPlans.find(row.id)) ?? null;
    },
  );

  fastify.put(
    '/assessments/:id/plan',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Plan an open audit: days on site, man-days and the team (replaces the plan)',
        description:
          'One lead; lead and auditors rate (they become the audit’s auditors), technical experts and observers do not. Every member must be a user with the auditor role and impartial (409 impartiality.conflict); every rater needs a competence record valid on the audit date and covering the organization’s industry (422 plan.no_competence, plan.competence_expired, plan.competence_industry). Domains are the standard’s (empty: all).',
        tags: ['assessments'],
        params: idParams,
        body: planBody,
        response: { 200: auditPlan, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const saved = await saveAuditPlan({
        db: fastify.db,
        origin: fastify.config,
        standards: fastify.standards,
        organizations,
        actor,
        assessment: await visible(actor, request.params.id),
        plan: request.body,
      });
      if (!saved) throw new Error('plan not saved');
      fastify.kickOutbox();
      return saved;
    },
  );

  fastify.get(
    '/auditors/:id/competence',
    {
      // The body sees every auditor's; an auditor sees their own.
      config: { access: ['cb_admin', 'cb_reviewer', 'auditor'] },
      schema: {
        summary: 'An auditor’s competence records, newest (the current one) first',
        tags: ['users'],
        params: idParams,
        response: { 200: z.array(competence), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (actor.role === 'auditor' && actor.userId !== request.params.id)
        throw errors.notFound('user.not_found');
      const found = await auditor(request.params.id);
      return auditPlans.competenceHistory(found.id);
    },
  );

  fastify.put(
    '/auditors/:id/competence',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Record an auditor’s competence: qualification, industries, valid until (kept as history)',
        tags: ['users'],
        params: idParams,
        body: competenceBody,
        response: { 200: z.array(competence), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const found = await auditor(request.params.id);
      return recordCompetence({
        db: fastify.db,
        actor: requireActor(request),
        auditorId: found.id,
        competence: request.body,
      });
    },
  );
};
