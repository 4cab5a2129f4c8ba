import { setTimeout as sleep } from 'node:timers/promises';
import { hash, verify } from '@node-rs/argon2';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import { errorResponses, uuidParam } from '../../http.ts';
import { createLoginFailuresRepository } from '../auth/login-failures.repository.ts';
import { publicUser } from '../users/users.repository.ts';
import { session, user } from '../users/users.schemas.ts';
import {
  invitation,
  invitationBody,
  newPassword,
  passwordChange,
  resetRequest,
  tokenParams,
  userChange,
} from './accounts.schemas.ts';
import {
  acceptInvitation,
  changeUser,
  invite,
  requestPasswordReset,
  resetPassword,
} from './accounts.usecases.ts';

/**
 * A reset request answers after at least this long, whether the address is known or not: the
 * time does not tell (the known path writes a token and a message, a few milliseconds).
 */
const RESET_ANSWER_MS = 300;

export const accountRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const users = fastify.repositories.users;
  const sessions = fastify.repositories.sessions;
  // Reset requests are counted like failed sign-ins (in PostgreSQL, shared by every process),
  // under their own keys: one e-mail from anywhere, and one client address whatever the e-mail.
  const resetsPerEmail = createLoginFailuresRepository(fastify.db, {
    perAddressAndEmail: fastify.config.passwordResetsPerEmailPerHour,
    perAddress: Number.MAX_SAFE_INTEGER,
    windowSeconds: 3600,
  });
  const resetsPerAddress = createLoginFailuresRepository(fastify.db, {
    perAddressAndEmail: Number.MAX_SAFE_INTEGER,
    perAddress: fastify.config.passwordResetsPerAddressPerHour,
    windowSeconds: 3600,
  });

  fastify.post(
    '/invitations',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Invite someone by e-mail to set their own password (201)',
        description:
          'The certification body’s admin invites any role (a center role with its organizationId); a center admin only center roles of its own center. The e-mail (link valid 7 days, once) is written to the outbox with the invitation.',
        tags: ['accounts'],
        body: invitationBody,
        response: { 201: invitation, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { invitation: row } = await invite({
        db: fastify.db,
        config: fastify.config,
        actor: requireActor(request),
        input: request.body,
      });
      fastify.kickOutbox();
      return reply.status(201).send({
        id: row.id,
        email: row.email,
        name: row.name ?? '',
        role: row.role ?? 'center_member',
        organizationId: row.organizationId,
        expiresAt: row.expiresAt,
      });
    },
  );

  fastify.post(
    '/invitations/:token/accept',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Accept an invitation: choose a password; signs in',
        tags: ['accounts'],
        params: tokenParams,
        body: newPassword,
        response: { 200: session, ...errorResponses(400, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { user: created } = await acceptInvitation({
        db: fastify.db,
        token: request.params.token,
        passwordHash: await hash(request.body.password),
      });
      const token = await fastify.startSession(reply, created.id);
      return { token, user: publicUser(created) };
    },
  );

  fastify.post(
    '/auth/password-reset',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Ask for a password-reset link by e-mail (202 for any address)',
        description:
          'The answer is the same, after about the same time, whether the address has an account or not. Limited per e-mail address and per client address (429).',
        tags: ['accounts'],
        body: resetRequest,
        response: { 202: z.null(), ...errorResponses(400, 429) },
      },
    },
    async (request, reply) => {
      const started = Date.now();
      const email = request.body.email.toLowerCase();
      for (const [limiter, key] of [
        [resetsPerEmail, `password-reset:email:${email}`],
        [resetsPerAddress, `password-reset:address:${request.clientAddress}`],
      ] as const) {
        const attempt = await limiter.begin(key, email);
        if ('retryAfter' in attempt) {
          reply.header('retry-after', String(attempt.retryAfter));
          throw errors.tooMany('account.too_many_requests', { after: `${attempt.retryAfter}s` });
        }
        // Each request stays counted for the hour; older ones are cleared.
        await limiter.failed(key);
      }
      const { queued } = await requestPasswordReset({ db: fastify.db, config: fastify.config, email });
      if (queued) fastify.kickOutbox();
      await sleep(Math.max(0, RESET_ANSWER_MS - (Date.now() - started)));
      return reply.status(202).send(null);
    },
  );

  fastify.post(
    '/auth/password-reset/:token',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        summary: 'Set a new password through a reset link (204); the link is then spent',
        description: 'Every session of the account ends: sign in with the new password.',
        tags: ['accounts'],
        params: tokenParams,
        body: newPassword,
        response: { 204: z.null(), ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      await resetPassword({
        db: fastify.db,
        token: request.params.token,
        passwordHash: await hash(request.body.password),
      });
      return reply.status(204).send(null);
    },
  );

  fastify.post(
    '/me/password',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Change one’s password (204): one’s other sessions end, this one carries on',
        tags: ['accounts'],
        body: passwordChange,
        response: { 204: z.null(), ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const row = await users.findById(actor.userId);
      if (!row) throw errors.unauthorized('auth.invalid_token');
      if (!(await verify(row.passwordHash, request.body.currentPassword))) {
        throw errors.badRequest('account.wrong_password');
      }
      await users.setPassword(actor.userId, await hash(request.body.password));
      await sessions.endAllOf(actor.userId, 'password_change', request.session?.id);
      return reply.status(204).send(null);
    },
  );

  fastify.patch(
    '/users/:id',
    {
      config: { access: ['cb_admin', 'center_admin'] },
      schema: {
        summary: 'Deactivate, reactivate or change the role of an account',
        description:
          'The certification body’s admin: anyone; a center admin: its own center’s users, center roles only. Deactivating ends the user’s sessions at once (their tokens get 401); a new role counts from their next request.',
        tags: ['users'],
        params: z.object({ id: uuidParam }),
        body: userChange,
        response: { 200: user, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { user: changed } = await changeUser({
        db: fastify.db,
        actor: requireActor(request),
        userId: request.params.id,
        change: request.body,
      });
      return publicUser(changed);
    },
  );
};
