import { randomBytes } from 'node:crypto';
import { type ApiKeyScope, isLocale } from '@ccmm/engine';
import cookie from '@fastify/cookie';
import jwt from '@fastify/jwt';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Access, Actor } from '../actor.ts';
import { setBounded } from '../bounded-map.ts';
import type { Config } from '../config.ts';
import { AppError, appErrorBody, errors, requestLocale } from '../errors.ts';
import { API_KEY_PREFIX } from '../modules/api-keys/api-keys.repository.ts';
import type { SessionUser } from '../modules/auth/sessions.repository.ts';
import { storedSecret } from '../secrets.ts';

export const TOKEN_COOKIE = 'ccmm_token';

/** A token only names a session and its user; who they are now is read from the database. */
interface TokenPayload {
  sub: string;
  sid: string;
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
    /**
     * The API key scope that lets a machine call the route (issue 20). A route without one
     * refuses keys (403 auth.key_scope): keys never rate, decide or manage users or keys.
     */
    keyScope?: ApiKeyScope;
    /**
     * The route confirms the caller's session in the statement that does its work (the
     * one-statement rating write): when this process has seen the session before, the hook
     * takes the caller as last read from memory and the route must call `confirmSession`
     * before it answers. Only for a route whose every effect waits on that confirmation, and
     * that answers with an object (the guard against forgetting it sits at serialization).
     */
    confirmsSession?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    /** The caller's session and the token that names it (set with the actor). */
    session: { readonly id: string; readonly token: string } | null;
    /** The API key the caller used, if any (its name goes into the trails). */
    apiKey: { readonly id: string; readonly name: string } | null;
    /** The session user the hook took from memory (confirmsSession), until the route confirms it. */
    sessionToConfirm: { readonly user: SessionUser; confirmed: boolean } | null;
  }
  interface FastifyInstance {
    /** Starts a session for the user, sets the cookie and returns the token. */
    startSession: (reply: FastifyReply, userId: string) => Promise<string>;
    /**
     * Confirms the caller of a confirmsSession route with the session user as the database
     * reads it now (null: the session is over): 401 or 403 as the hook would answer, else the
     * caller as read. True when that is not who the hook took from memory (the route's own
     * decisions, made on the remembered caller, must be made again).
     */
    confirmSession: (request: FastifyRequest, user: SessionUser | null) => boolean;
    /** Whether the hook would let this session user call the request's route. */
    admits: (request: FastifyRequest, user: SessionUser) => boolean;
    /**
     * For a confirmsSession route whose caller the hook took from memory: the session to read in
     * the route's statement, and `settle` to call with what it read (undefined: not read, e.g.
     * no row came back; the session is read on its own then). `settle` answers the caller as now
     * read when that is not who the hook remembered (redo what was decided), else null. Null
     * when there is nothing to confirm.
     */
    sessionConfirmation: (request: FastifyRequest) => SessionConfirmation | null;
  }
}

/** The signing secret: from configuration, else generated once and kept in the data directory. */
async function tokenSecret(config: Config): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  return storedSecret(config.dataDir, 'jwt-secret', () => randomBytes(48).toString('base64url'));
}

/** What a user who must set up two-step sign-in may still call. */
const TWO_FACTOR_SETUP_ROUTES = new Set([
  'GET /api/me',
  'PATCH /api/me',
  'GET /api/me/notifications',
  'POST /api/me/two-factor',
  'POST /api/me/two-factor/confirm',
  'POST /api/auth/logout',
]);

export interface SessionConfirmation {
  readonly sessionId: string;
  readonly userId: string;
  settle(user: SessionUser | null | undefined): Promise<Actor | null>;
}

const KNOWN_SESSIONS = 10_000;

const sameSessionUser = (a: SessionUser, b: SessionUser) =>
  a.userId === b.userId &&
  a.role === b.role &&
  a.organizationId === b.organizationId &&
  a.locale === b.locale &&
  a.twoFactor === b.twoFactor;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The token as the client sent it: the Authorization header first, else the cookie. */
function presentedToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  return request.cookies[TOKEN_COOKIE] ?? '';
}

/**
 * Sessions (a JWT naming a server-side session, as a bearer token or an httpOnly cookie) and
 * access control: every /api route declares `config.access`, and a hook enforces it before
 * any handler runs, on the user's current role and organization.
 */
export const auth = fp(
  async (fastify: FastifyInstance, { config }: { config: Config }) => {
    await fastify.register(cookie);
    await fastify.register(jwt, {
      secret: await tokenSecret(config),
      sign: { expiresIn: config.tokenTtl },
      // A token that never expires or names no session is not one of ours.
      verify: { requiredClaims: ['exp', 'sub', 'sid'] },
      cookie: { cookieName: TOKEN_COOKIE, signed: false },
    });
    const sessions = fastify.repositories.sessions;

    fastify.decorateRequest('actor', null);
    fastify.decorateRequest('session', null);
    fastify.decorateRequest('apiKey', null);
    fastify.decorateRequest('sessionToConfirm', null);
    // Who each session's user was at their last check in this process: only ever a guess that
    // a confirmsSession route's statement confirms. Bounded: the oldest are forgotten first.
    const knownSessions = new Map<string, SessionUser>();
    const remember = (sid: string, user: SessionUser) => setBounded(knownSessions, sid, user, KNOWN_SESSIONS);
    const apiKeys = fastify.repositories.apiKeys;

    fastify.decorate('startSession', async (reply: FastifyReply, userId: string) => {
      const sid = await sessions.start(userId, new Date(Date.now() + config.tokenTtlMs));
      const token = await reply.jwtSign({ sub: userId, sid });
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

    /** A machine's API key: the creator's role, the key's organization, only the route's scope. */
    async function keyCaller(request: FastifyRequest, access: Exclude<Access, 'public'>, key: string) {
      const caller = await apiKeys.byKey(key);
      if (!caller || caller.revoked || caller.expired || !caller.active) {
        throw errors.unauthorized('auth.invalid_key');
      }
      request.apiKey = { id: caller.keyId, name: caller.name };
      request.actor = {
        userId: caller.userId,
        role: caller.role,
        organizationId: caller.organizationId,
        apiKey: caller.name,
        // A machine says which language it wants in each request; else its creator's.
        locale:
          request.headers['accept-language'] || !isLocale(caller.locale)
            ? requestLocale(request.headers['accept-language'])
            : caller.locale,
      };
      await apiKeys.touch(caller.keyId);
      const scope = request.routeOptions.config?.keyScope;
      if (!scope || !caller.scopes.includes(scope)) throw errors.forbidden('auth.key_scope');
      if (!access.includes(caller.role)) throw errors.forbidden();
    }

    // Every request made with a key is on record (issue 20), refusals too; a failed write is
    // logged, never turned into an error for an answer already sent.
    fastify.addHook('onResponse', async (request, reply) => {
      if (!request.apiKey) return;
      await apiKeys
        .recordUse({
          keyId: request.apiKey.id,
          method: request.method,
          route: request.routeOptions.url ?? request.url,
          status: reply.statusCode,
          requestId: String(request.id),
        })
        .catch((error: unknown) => request.log.error({ err: error }, 'api key use not recorded'));
    });

    fastify.addHook('onRequest', async (request) => {
      const access = request.routeOptions.config?.access;
      if (!access || access === 'public') return;
      const header = request.headers.authorization;
      if (header?.startsWith(`Bearer ${API_KEY_PREFIX}`)) {
        await keyCaller(request, access, header.slice('Bearer '.length).trim());
        return;
      }
      let payload: TokenPayload;
      try {
        // The plugin's own verifier, called directly: request.jwtVerify wraps the same call in
        // per-request option merging and a callback waterfall, a tenth of a rating write's time.
        payload = fastify.jwt.verify<TokenPayload>(fastify.jwt.lookupToken(request));
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        throw errors.unauthorized(code.includes('NO_AUTHORIZATION') ? 'auth.required' : 'auth.invalid_token');
      }
      if (!UUID.test(String(payload.sid)) || !UUID.test(String(payload.sub))) {
        throw errors.unauthorized('auth.invalid_token');
      }
      const session = { id: payload.sid, token: presentedToken(request) };
      if (request.routeOptions.config?.confirmsSession) {
        // Who the caller was at their last check here, if they may call the route as that: the
        // route's statement confirms it (else the full check below).
        const remembered = knownSessions.get(payload.sid);
        if (
          remembered &&
          remembered.userId === payload.sub &&
          refusal(request, access, remembered) === null
        ) {
          request.session = session;
          request.sessionToConfirm = { user: remembered, confirmed: false };
          admit(request, access, remembered);
          return;
        }
      }
      // Signed out, expired, deactivated or deleted: the token names nothing any more.
      const user = await sessions.live(payload.sid, payload.sub);
      if (!user) throw errors.unauthorized('auth.invalid_token');
      remember(payload.sid, user);
      request.session = session;
      admit(request, access, user);
    });

    fastify.decorate('admits', (request: FastifyRequest, user: SessionUser) => {
      const access = request.routeOptions.config?.access;
      return !!access && access !== 'public' && refusal(request, access, user) === null;
    });

    fastify.decorate('confirmSession', (request: FastifyRequest, user: SessionUser | null): boolean => {
      const pending = request.sessionToConfirm;
      const access = request.routeOptions.config?.access;
      if (!pending || pending.confirmed || !request.session || !access || access === 'public') return false;
      if (!user) {
        knownSessions.delete(request.session.id);
        throw errors.unauthorized('auth.invalid_token');
      }
      pending.confirmed = true;
      remember(request.session.id, user);
      if (sameSessionUser(user, pending.user)) return false;
      admit(request, access, user);
      return true;
    });

    fastify.decorate('sessionConfirmation', (request: FastifyRequest): SessionConfirmation | null => {
      const pending = request.sessionToConfirm;
      const session = request.session;
      if (!pending || pending.confirmed || !session) return null;
      return {
        sessionId: session.id,
        userId: pending.user.userId,
        settle: async (read) => {
          const user =
            read === undefined ? ((await sessions.live(session.id, pending.user.userId)) ?? null) : read;
          return fastify.confirmSession(request, user) ? request.actor : null;
        },
      };
    });

    // A confirmsSession route that answers without confirming the caller is a bug, never a
    // success: its answer is replaced by a 500. An error answered before the route's statement
    // confirmed them (a body that fails validation, say) waits for the session read: a caller
    // signed out, deactivated or moved to another role learns that, and nothing about the request.
    fastify.addHook('preSerialization', async (request, reply, payload) => {
      const pending = request.sessionToConfirm;
      if (!pending || pending.confirmed) return payload;
      if (reply.statusCode < 400) {
        throw new Error(
          `${request.method} ${request.routeOptions.url} answered without confirming the session`,
        );
      }
      try {
        await fastify.sessionConfirmation(request)?.settle(undefined);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        reply.code(error.statusCode);
        const locale = request.actor?.locale ?? requestLocale(request.headers['accept-language']);
        return { ...appErrorBody(error, locale), requestId: request.id };
      }
      return payload;
    });

    /** Who the session's user is, for the route; or why they may not call it. */
    function refusal(request: FastifyRequest, access: Exclude<Access, 'public'>, user: SessionUser) {
      if (!access.includes(user.role)) return 'auth.forbidden' as const;
      // A role that must use two-step sign-in, not set up yet: only setting it up (and signing out).
      if (
        !user.twoFactor &&
        config.totpRequiredRoles.includes(user.role) &&
        !TWO_FACTOR_SETUP_ROUTES.has(`${request.method} ${request.routeOptions.url}`)
      ) {
        return 'auth.two_factor_required' as const;
      }
      return null;
    }

    function admit(request: FastifyRequest, access: Exclude<Access, 'public'>, user: SessionUser) {
      request.actor = {
        userId: user.userId,
        role: user.role,
        organizationId: user.organizationId,
        locale: isLocale(user.locale) ? user.locale : requestLocale(request.headers['accept-language']),
      };
      const refused = refusal(request, access, user);
      if (refused === 'auth.forbidden') throw errors.forbidden();
      if (refused) throw errors.forbidden(refused);
    }
  },
  { name: 'auth', dependencies: ['context', 'repositories'] },
);
