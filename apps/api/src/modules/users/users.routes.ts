import { hash } from '@node-rs/argon2';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CENTER, requireActor } from '../../actor.ts';
import { errors, requestLocale } from '../../errors.ts';
import { errorResponses, PAGED_DESCRIPTION, pageQuery, pgText, TOTAL_COUNT_HEADER } from '../../http.ts';
import { publicUser } from './users.repository.ts';
import { createUserBody, role, user } from './users.schemas.ts';

export const userRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const users = fastify.repositories.users;
  const organizations = fastify.repositories.organizations;

  fastify.post(
    '/',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Create a user with a role (certification-body admin)',
        tags: ['users'],
        body: createUserBody,
        response: { 201: user, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const isCenterRole = CENTER.includes(body.role);
      if (isCenterRole && !body.organizationId) throw errors.badRequest('user.organization_required');
      if (!isCenterRole && body.organizationId) throw errors.badRequest('user.organization_not_allowed');
      if (body.organizationId && !(await organizations.exists(body.organizationId))) {
        throw errors.badRequest('organization.not_found');
      }
      const created = await users.insert({
        email: body.email,
        name: body.name,
        passwordHash: await hash(body.password),
        role: body.role,
        organizationId: body.organizationId ?? null,
        locale: body.locale ?? requestLocale(request.headers['accept-language']),
      });
      if (!created) throw errors.conflict('user.email_taken', { email: body.email });
      return reply.status(201).send(publicUser(created));
    },
  );

  fastify.get(
    '/',
    {
      config: { access: ['cb_admin', 'cb_reviewer', 'center_admin'] },
      schema: {
        summary: 'List users (the certification body: all; a center admin: their center’s)',
        tags: ['users'],
        description: `By name. q: part of the name or e-mail address. ${PAGED_DESCRIPTION}`,
        querystring: z.object({
          role: role.optional(),
          organizationId: z.uuid().optional(),
          q: pgText(z.string().trim().max(100)).optional(),
          ...pageQuery,
        }),
        response: { 200: z.array(user), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { rows, total } = await users.list(requireActor(request), request.query);
      reply.header(TOTAL_COUNT_HEADER, total);
      return rows.map(publicUser);
    },
  );
};
