import { randomBytes } from 'node:crypto';
import type { Role } from '@ccmm/db';
import { isLocale } from '@ccmm/engine';
import cookie from '@fastify/cookie';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import type { Access, Actor } from '../actor.ts';
import type { Config } from '../config.ts';
import { errors, requestLocale } from '../errors.ts';
import { storedSecret } from '../secrets.ts';

export const TOKEN_COOKIE = 'ccmm_token';

interface TokenPayload {
  sub: string;
  role: Role;
  org: string | null;
  locale: string;
}

declare module '@fastify/jwt' {
  interface FastifyJWT {
    payload: TokenPayload;
    user: TokenPayload;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route. Required on every /api route: start-up fails without it. */
    access?: Access;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyInstance {
    issueToken: (reply: FastifyReply, actor: Actor) => Promise<string>;
  }
}

/** The signing secret: from configuration, else generated once and kept in the data directory. */
async function tokenSecret(config: Config): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  return storedSecret(config.dataDir, 'jwt-secret', () => randomBytes(48).toString('base64url'));
}

/**
 * Sessions (a JWT as a bearer token or an httpOnly cookie) and access control: every /api
 * route declares `config.access`, and a hook enforces it before any handler runs.
 */
export const auth = fp(
  async (fastify: FastifyInstance, { config }: { config: Config }) => {
    await fastify.register(cookie);
    await fastify.register(jwt, {
      secret: await tokenSecret(config),
      sign: { expiresIn: config.tokenTtl },
      cookie: { cookieName: TOKEN_COOKIE, signed: false },
    });

    fastify.decorateRequest('actor', null);

    fastify.decorate('issueToken', async (reply: FastifyReply, actor: Actor) => {
      const token = await reply.jwtSign({
        sub: actor.userId,
        role: actor.role,
        org: actor.organizationId,
        locale: actor.locale,
      });
      reply.setCookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: 'auto' });
      return token;
    });

    fastify.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api') || route.url.startsWith('/api/docs')) return;
      if (!route.config?.access) {
        throw new Error(
          `route ${route.method} ${route.url} does not declare who may call it (config.access)`,
        );
      }
    });

    fastify.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config?.access;
      if (!access || access === 'public') return;
      let payload: TokenPayload;
      try {
        payload = await request.jwtVerify<TokenPayload>();
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        throw errors.unauthorized(code.includes('NO_AUTHORIZATION') ? 'auth.required' : 'auth.invalid_token');
      }
      request.actor = {
        userId: payload.sub,
        role: payload.role,
        organizationId: payload.org,
        locale: isLocale(payload.locale) ? payload.locale : requestLocale(request.headers['accept-language']),
      };
      if (!access.includes(payload.role)) throw errors.forbidden();
    });
  },
  { name: 'auth' },
);
