import { hash, verify } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Actor, ALL_ROLES } from '../../actor.ts';
import { errors, requestLocale } from '../../errors.ts';
import { errorResponses } from '../../http.ts';
import { TOKEN_COOKIE } from '../../plugins/auth.ts';
import { createUsersRepository, publicUser, type UserRow } from '../users/users.repository.ts';
import { email, locale, password, user } from '../users/users.schemas.ts';
import { FailedLoginLimiter } from './login-limiter.ts';

const session = z.object({ token: z.string(), user });

function actorOf(row: UserRow): Actor {
  return {
    userId: row.id,
    role: row.role,
    organizationId: row.organizationId,
    locale: locale.safeParse(row.locale).data ?? 'zh-Hans',
  };
}

// Compared against when the e-mail is unknown, so a wrong e-mail takes as long as a wrong password.
const UNKNOWN_USER_HASH = hash('no such user: constant-time comparison only');

export const authRoutes: FastifyPluginAsyncZod = async (fastify) => {
  const users = createUsersRepository(fastify.db);
  const limiter = new FailedLoginLimiter(fastify.config.loginAttemptsPerMinute);

  fastify.post(
    '/setup',
    {
      config: { access: 'public' },
      schema: {
        summary: 'Create the first certification-body admin of a new installation',
        tags: ['auth'],
        body: z.object({ email, password, name: z.string().trim().min(1).max(200) }),
        response: { 201: session, ...errorResponses(400, 409) },
      },
    },
    async (request, reply) => {
      const passwordHash = await hash(request.body.password);
      const created = await fastify.db.transaction(async (tx) => {
        // One setup wins even if two arrive together: the lock makes the count and insert atomic.
        await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
        const txUsers = createUsersRepository(tx);
        if ((await txUsers.count()) > 0) return null;
        return txUsers.insert({
          email: request.body.email,
          name: request.body.name,
          passwordHash,
          role: 'cb_admin',
          locale: requestLocale(request.headers['accept-language']),
        });
      });
      if (!created) throw errors.conflict('setup.done');
      const token = await fastify.issueToken(reply, actorOf(created));
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
        body: z.object({ email: z.string().max(254), password: z.string().max(200) }),
        response: { 200: session, ...errorResponses(400, 401, 429) },
      },
    },
    async (request, reply) => {
      const key = `${request.ip}|${request.body.email.toLowerCase()}`;
      const wait = limiter.retryAfter(key);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw errors.tooMany('auth.too_many_attempts', { after: `${wait}s` });
      }
      const row = await users.findByEmail(request.body.email);
      const ok = await verify(row?.passwordHash ?? (await UNKNOWN_USER_HASH), request.body.password);
      if (!row || !ok) {
        limiter.fail(key);
        throw errors.unauthorized('auth.bad_credentials');
      }
      limiter.succeed(key);
      const token = await fastify.issueToken(reply, actorOf(row));
      return { token, user: publicUser(row) };
    },
  );

  fastify.post(
    '/auth/logout',
    {
      config: { access: ALL_ROLES },
      schema: { summary: 'Sign out (clears the cookie)', tags: ['auth'], response: { 204: z.null() } },
    },
    async (_request, reply) => {
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
        body: z.object({ name: z.string().trim().min(1).max(200).optional(), locale: locale.optional() }),
        response: { 200: session, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const row = await users.update(request.actor?.userId ?? '', request.body);
      if (!row) throw errors.unauthorized('auth.invalid_token');
      const token = await fastify.issueToken(reply, actorOf(row));
      return { token, user: publicUser(row) };
    },
  );
};
