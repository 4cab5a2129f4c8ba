import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { recordGrantViews } from '../../grant-views.ts';
import { errorResponses, PAGED_DESCRIPTION, pageQuery, pgText, TOTAL_COUNT_HEADER } from '../../http.ts';
import { refreshOrganizationSummaries } from '../benchmarks/summaries.ts';
import { email } from '../users/users.schemas.ts';
import { visibleOrganization } from './organization-access.ts';
import {
  grant,
  organization,
  organizationChange,
  organizationChangeRecord,
  organizationFields,
} from './organizations.schemas.ts';
import { changeOrganization } from './organizations.usecases.ts';

const idParams = z.object({ id: z.uuid() });

/** A center admin manages their own center; the certification body admin any. */
function mayManage(actor: Actor, organizationId: string): boolean {
  return (
    actor.role === 'cb_admin' || (actor.role === 'center_admin' && actor.organizationId === organizationId)
  );
}

export const organizationRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const organizations = fastify.repositories.organizations;
  const users = fastify.repositories.users;

  fastify.post(
    '/',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Register a center (certification-body admin)',
        tags: ['organizations'],
        body: organizationFields,
        response: { 201: organization, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await organizations.insert(request.body)),
  );

  fastify.get(
    '/',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The organizations the caller may see, by name',
        description: `q: part of the name. ${PAGED_DESCRIPTION}`,
        tags: ['organizations'],
        querystring: z.object({ q: pgText(z.string().trim().max(100)).optional(), ...pageQuery }),
        response: { 200: z.array(organization), ...errorResponses(400, 401) },
      },
    },
    // Not recorded as a view through grants: the names of the granted centers are how a
    // consultant finds them (every page asks), and would bury the reads that matter.
    async (request, reply) => {
      const { rows, total } = await organizations.list(requireActor(request), request.query);
      reply.header(TOTAL_COUNT_HEADER, total);
      return rows;
    },
  );

  fastify.get(
    '/:id',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'One organization',
        tags: ['organizations'],
        params: idParams,
        response: { 200: organization, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const found = await visibleOrganization(organizations, actor, request.params.id);
      await recordGrantViews(fastify.db, actor, [found.id], 'organizations.read');
      return found;
    },
  );

  fastify.patch(
    '/:id',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Change an organization (its center admin, or the certification-body admin)',
        description:
          'operatingSince (operating years decide L3–L5) is the certification-body admin’s to set: a center admin changing it gets 403 organization.field_reserved. Every change is recorded (GET …/changes).',
        tags: ['organizations'],
        params: idParams,
        body: organizationChange,
        response: { 200: organization, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await visibleOrganization(organizations, actor, request.params.id);
      if (!mayManage(actor, request.params.id)) throw errors.forbidden();
      const { organization: updated, changed } = await changeOrganization({
        db: fastify.db,
        actor,
        organizationId: request.params.id,
        changes: request.body,
      });
      // Operating years enter the level: the summaries of its open assessments follow the new
      // date (submitted ones keep the date they were submitted with).
      if (changed.includes('operatingSince'))
        await refreshOrganizationSummaries(fastify.db, fastify.standards, updated.id);
      return updated;
    },
  );

  fastify.get(
    '/:id/changes',
    {
      config: { access: ['cb_admin', 'cb_reviewer', 'center_admin'] },
      schema: {
        summary: 'Every change to the organization’s record: who, when, each field from → to (newest first)',
        tags: ['organizations'],
        params: idParams,
        response: { 200: z.array(organizationChangeRecord), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await visibleOrganization(organizations, requireActor(request), request.params.id);
      return organizations.changes(request.params.id);
    },
  );

  fastify.get(
    '/:id/consultants',
    {
      config: { access: ['cb_admin', 'cb_reviewer', 'center_admin'] },
      schema: {
        summary: 'Consultants the organization has granted access to',
        tags: ['organizations'],
        params: idParams,
        response: { 200: z.array(grant), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await visibleOrganization(organizations, requireActor(request), request.params.id);
      return organizations.activeGrants(request.params.id);
    },
  );

  fastify.post(
    '/:id/consultants',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Let a consultant see this organization’s data (its center admin decides)',
        tags: ['organizations'],
        params: idParams,
        body: z
          .union([
            z.object({ consultantId: z.uuid() }).strict(),
            // A center's admin knows the consultant by e-mail, not by id.
            z.object({ email: email.describe('the consultant’s sign-in e-mail (any case)') }).strict(),
          ])
          .meta({ description: 'the consultant, by id or by e-mail' }),
        response: { 201: z.array(grant), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await visibleOrganization(organizations, actor, request.params.id);
      if (!mayManage(actor, request.params.id)) throw errors.forbidden();
      const body = request.body;
      const consultant =
        'email' in body ? await users.findByEmail(body.email) : await users.findById(body.consultantId);
      if (!consultant) throw errors.badRequest('user.not_found');
      if (consultant.role !== 'consultant') throw errors.badRequest('user.not_consultant');
      await organizations.grant(request.params.id, consultant.id, actor.userId);
      return reply.status(201).send(await organizations.activeGrants(request.params.id));
    },
  );

  fastify.delete(
    '/:id/consultants/:consultantId',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Revoke a consultant’s access',
        tags: ['organizations'],
        params: z.object({ id: z.uuid(), consultantId: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await visibleOrganization(organizations, actor, request.params.id);
      if (!mayManage(actor, request.params.id)) throw errors.forbidden();
      await organizations.revoke(request.params.id, request.params.consultantId);
      return reply.status(204).send(null);
    },
  );
};
