import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses, PAGED_DESCRIPTION, pageQuery, TOTAL_COUNT_HEADER } from '../../http.ts';
import { apiKey, apiKeyUse, createdApiKey, newApiKey } from './api-keys.schemas.ts';

const KEY_AUTH =
  'A key is sent as "Authorization: Bearer <key>"; it acts as its creator, on its organization, on the routes that accept one of its scopes.';

/**
 * API keys for machines (issue 20): a center's admin for its own organization, the body's admin
 * for any and for the body's own keys. Managing keys takes a session: keys cannot.
 */
export const apiKeyRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const organizations = fastify.repositories.organizations;
  const keys = fastify.repositories.apiKeys;

  /** The organization the actor manages keys of (404 when it may not see it). */
  async function managed(actor: Actor, id: string): Promise<string> {
    const organization = await organizations.find(actor, id);
    if (!organization) throw errors.notFound('organization.not_found');
    return organization.id;
  }

  /** A key the actor manages: a center's admin its own organization's, the body's admin every key. */
  async function visibleKey(actor: Actor, id: string) {
    const key = await keys.find(id);
    if (!key || (actor.role !== 'cb_admin' && key.organizationId !== actor.organizationId)) {
      throw errors.notFound('auth.api_key_not_found');
    }
    return key;
  }

  const create = (actor: Actor, organizationId: string | null, body: z.infer<typeof newApiKey>) => {
    return keys.create({
      name: body.name,
      scopes: body.scopes,
      organizationId,
      createdBy: actor.userId,
      expiresOn: body.expiresOn ?? null,
    });
  };

  fastify.post(
    '/organizations/:id/api-keys',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Make an API key for the organization’s machines (the key is shown once)',
        description: `Only its SHA-256 is stored. ${KEY_AUTH}`,
        tags: ['api-keys'],
        params: z.object({ id: z.uuid() }),
        body: newApiKey,
        response: { 201: createdApiKey, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const organizationId = await managed(actor, request.params.id);
      return reply.status(201).send(await create(actor, organizationId, request.body));
    },
  );

  fastify.get(
    '/organizations/:id/api-keys',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'The organization’s API keys, newest first (never the key itself)',
        tags: ['api-keys'],
        params: z.object({ id: z.uuid() }),
        response: { 200: z.array(apiKey), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => keys.list(await managed(requireActor(request), request.params.id)),
  );

  fastify.post(
    '/api-keys',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'Make an API key of the certification body (the key is shown once)',
        description: `Only its SHA-256 is stored. ${KEY_AUTH}`,
        tags: ['api-keys'],
        body: newApiKey,
        response: { 201: createdApiKey, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => reply.status(201).send(await create(requireActor(request), null, request.body)),
  );

  fastify.get(
    '/api-keys',
    {
      config: { access: ['cb_admin'] },
      schema: {
        summary: 'The certification body’s own API keys, newest first (never the key itself)',
        tags: ['api-keys'],
        response: { 200: z.array(apiKey), ...errorResponses(401, 403) },
      },
    },
    async () => keys.list(null),
  );

  fastify.delete(
    '/api-keys/:id',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Revoke an API key: refused from the next request on',
        tags: ['api-keys'],
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const key = await visibleKey(requireActor(request), request.params.id);
      await keys.revoke(key.id);
      return reply.status(204).send(null);
    },
  );

  fastify.get(
    '/api-keys/:id/uses',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Every request made with the key, newest first: route, status and request id',
        description: PAGED_DESCRIPTION,
        tags: ['api-keys'],
        params: z.object({ id: z.uuid() }),
        querystring: z.object(pageQuery),
        response: { 200: z.array(apiKeyUse), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const key = await visibleKey(requireActor(request), request.params.id);
      const { rows, total } = await keys.uses(key.id, request.query);
      reply.header(TOTAL_COUNT_HEADER, total);
      return rows;
    },
  );
};
