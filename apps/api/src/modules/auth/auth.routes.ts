import { hash, verify } from '@node-rs/argon2';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_ROLES, requireActor } from '../../actor.ts';
import { errors, requestLocale } from '../../errors.ts';
import { errorResponses, pgString } from '../../http.ts';
import { TOKEN_COOKIE } from '../../plugins/auth.ts';
import { publicUser } from '../users/users.repository.ts';
import { email, me, password, profileChange, session } from '../users/users.schemas.ts';
import { setUpInstallation } from './auth.usecases.ts';
import { createTwoFactor } from './two-factor.ts';

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
        description:
          'An account with two-step sign-in also needs `code`: the authenticator’s current 6-digit code or an unused recovery code. Without it the answer is 401 `auth.two_factor_code_required` (the password was right: ask for the code and send all three again); a wrong code is 401 `auth.two_factor_code_invalid` and counts as a failed sign-in.',
        body: z.object({
          email: pgString().max(254),
          password: z.string().max(200),
          code: z.string().trim().max(20).optional(),
        }),
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
      // Only someone who knows the password learns that the account is deactivated.
      if (!row.active) throw errors.unauthorized('auth.account_inactive');
      if (row.totpSecret) {
        const code = request.body.code;
        if (!code) throw errors.unauthorized('auth.two_factor_code_required');
        const accepted = await fastify.db.transaction((tx) =>
          createTwoFactor(tx).accept(row.id, code, Date.now()),
        );
        if (!accepted) {
          await failures.failed(address);
          throw errors.unauthorized('auth.two_factor_code_invalid');
        }
      }
      await failures.succeeded(address, email);
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
        description:
          '`twoFactorRequired`: the user’s role must use two-step sign-in (TOTP_REQUIRED_ROLES); with `twoFactor` false, only setting it up is allowed.',
        tags: ['auth'],
        response: { 200: me, ...errorResponses(401) },
      },
    },
    async (request) => {
      const row = await users.findById(request.actor?.userId ?? '');
      if (!row) throw errors.unauthorized('auth.invalid_token');
      return { ...publicUser(row), twoFactorRequired: fastify.config.totpRequiredRoles.includes(row.role) };
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

  fastify.post(
    '/me/two-factor',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          'Start setting up two-step sign-in: a new authenticator secret, its otpauth URI and QR code (SVG)',
        description:
          'Nothing changes at sign-in until `POST /api/me/two-factor/confirm` with a code from the app. Starting again replaces an unconfirmed secret.',
        tags: ['auth'],
        response: {
          200: z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() }).meta({
            examples: [
              {
                secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
                uri: 'otpauth://totp/CC-CMM%20%E8%AE%A4%E8%AF%81%E4%B8%AD%E5%BF%83:liming%40ccmm-cert.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=CC-CMM%20%E8%AE%A4%E8%AF%81%E4%B8%AD%E5%BF%83',
                qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 33 33">…</svg>',
              },
            ],
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const row = await users.findById(request.actor?.userId ?? '');
      if (!row) throw errors.unauthorized('auth.invalid_token');
      return createTwoFactor(fastify.db).begin(row.id, row.email, fastify.config.certificationBodyName);
    },
  );

  fastify.post(
    '/me/two-factor/confirm',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary:
          'Turn two-step sign-in on with a code from the app; answers the ten recovery codes, shown once',
        tags: ['auth'],
        body: twoFactorCode,
        response: {
          200: z
            .object({ recoveryCodes: z.array(z.string()) })
            .meta({ examples: [{ recoveryCodes: ['k7qx-2mp9-vr4t', 'y8wz-1nb6-cf3h'] }] }),
          ...errorResponses(400, 401, 409),
        },
      },
    },
    async (request) => {
      const userId = request.actor?.userId ?? '';
      const recoveryCodes = await fastify.db.transaction((tx) =>
        createTwoFactor(tx).confirm(userId, request.body.code, Date.now()),
      );
      return { recoveryCodes };
    },
  );

  fastify.delete(
    '/me/two-factor',
    {
      config: { access: ALL_ROLES },
      schema: {
        summary: 'Turn two-step sign-in off, with a current code or a recovery code',
        description: '403 `auth.two_factor_mandatory` for a role in TOTP_REQUIRED_ROLES.',
        tags: ['auth'],
        body: twoFactorCode,
        response: { 204: z.null(), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (fastify.config.totpRequiredRoles.includes(actor.role)) {
        throw errors.forbidden('auth.two_factor_mandatory');
      }
      await fastify.db.transaction((tx) =>
        createTwoFactor(tx).disable(actor.userId, request.body.code, Date.now()),
      );
      return reply.status(204).send(null);
    },
  );
};

const twoFactorCode = z.object({ code: z.string().trim().min(6).max(20) });
