import { hash, verify } from '@node-rs/argon2';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES } from '../../actor.ts';
import { errors, requestLocale } from '../../errors.ts';
import { errorResponses, pgString } from '../../http.ts';
import { TOKEN_COOKIE } from '../../plugins/auth.ts';
import { publicUser } from '../users/users.repository.ts';
import { email, password, profileChange, session, user } from '../users/users.schemas.ts';
import { setUpInstallation } from './auth.usecases.ts';

// Compared against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
const UNKNOWN_USER_HASH = hash('no such user: constant-time comparison only');

export const authRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const users = fastify.repositories.users;
  const sessions = fastify.repositories.sessions;
  const failures = fastify.repositories.loginFailures;

  fastify.post(
    '/setup',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Create the first certification-body admin of a new installation',
        tags: ['auth'],
        body: z.object({ email, password, name: pgString().trim().min(1).max(200) }),
        response: { 201: session, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const passwordHash = await hash(request.body.password);
      const { user: created } = await setUpInstallation({
        db: fastify.db,
        admin: {
          email: request.body.email,
          name: request.body.name,
          passwordHash,
          locale: requestLocale(request.headers['accept-language']),
        },
      });
      const token = await fastify.startSession(reply, created.id);
      return reply.status(201).send({ token, user: publicUser(created) });
    },
  );

  fastify.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Sign in: returns a token, also set as an httpOnly cookie',
        tags: ['auth'],
        body: z.object({ email: pgString().max(254), password: z.string().max(200) }),
        response: { 200: session, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      // The connection's address unless TRUST_PROXY names the proxies in front (or the web app
      // forwards its browser's): a header a client makes up counts for nothing.
      const address = request.clientAddress;
      const email = request.body.email.toLowerCase();
      const attempt = await failures.begin(address, email);
      if ('retryAfter' in attempt) {
        reply.header('retry-after', String(attempt.retryAfter));
        throw errors.tooMany('auth.too_many_attempts', { after: `${attempt.retryAfter}s` });
      }
      const row = await users.findByEmail(request.body.email);
      const ok = await verify(row?.passwordHash ?? (await UNKNOWN_USER_HASH), request.body.password);
      if (!row || !ok) {
        await failures.failed(address);
        throw errors.unauthorized('auth.bad_credentials');
      }
      await failures.succeeded(address, email);
      // Only someone who knows the password learns that the account is deactivated.
      if (!row.active) throw errors.unauthorized('auth.account_inactive');
      const token = await fastify.startSession(reply, row.id);
      return { token, user: publicUser(row) };
    },
  );

  fastify.post(
    '/auth/logout',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Sign out: ends the session (its token is refused from now on) and clears the cookie',
        tags: ['auth'],
        response: { 204: z.null(), ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      if (request.session) await sessions.end(request.session.id, 'logout');
      reply.clearCookie(TOKEN_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  fastify.get(
    '/me',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'The signed-in user',
        tags: ['auth'],
        response: { 200: user, ...errorResponses(401) },
      },
    },
    async (request) => {
      const row = await users.findById(request.actor?.userId ?? '');
      if (!row) throw errors.unauthorized('auth.invalid_token');
      return publicUser(row);
    },
  );

  fastify.patch(
    '/me',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Change one’s name or language (remembered per user)',
        tags: ['auth'],
        body: profileChange,
        response: { 200: session, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      const row = await users.update(request.actor?.userId ?? '', request.body);
      if (!row) throw errors.unauthorized('auth.invalid_token');
      // The session carries on: its next request reads the new name and language.
      return { token: request.session?.token ?? '', user: publicUser(row) };
    },
  );
};
