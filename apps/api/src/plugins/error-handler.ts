import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, appErrorBody, messageFor, requestLocale } from '../errors.ts';
import { infrastructureFailure } from '../infrastructure-errors.ts';
import { REQUEST_ID_HEADER } from '../request-id.ts';

/** An error body as the handlers below (and routes answering errors themselves) write it. */
function isErrorBody(payload: unknown): payload is Record<string, unknown> {
  return (
    typeof payload === 'object' &&
    payload !== null &&
    !Array.isArray(payload) &&
    typeof (payload as { code?: unknown }).code === 'string' &&
    typeof (payload as { message?: unknown }).message === 'string'
  );
}

/** Seconds a client is asked to wait while the database is unreachable. */
const DATABASE_RETRY_AFTER = 5;

/**
 * Turns every error into `{code, message, requestId}` in the caller's language. Errors caused by the
 * request are 4xx with a stable code; anything else is a 500 that reveals nothing.
 */
export const errorHandler = fp(
  async (fastify: FastifyInstance) => {
    // Every answer names its request's id (the raw header, so the web app's pages have it too);
    // every error body repeats it as requestId, the key to the server's log lines.
    fastify.addHook('onRequest', (request, reply, done) => {
      reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
      done();
    });
    fastify.addHook('preSerialization', async (request, reply, payload) => {
      if (reply.statusCode >= 400 && isErrorBody(payload)) return { ...payload, requestId: request.id };
      return payload;
    });

    fastify.setErrorHandler((error: FastifyError, request, reply) => {
      const locale = request.actor?.locale ?? requestLocale(request.headers['accept-language']);
      if (error instanceof AppError) return reply.status(error.statusCode).send(appErrorBody(error, locale));
      if (hasZodFastifySchemaValidationErrors(error)) {
        return reply.status(400).send({
          code: 'request.invalid',
          message: messageFor('request.invalid', locale),
          issues: error.validation.map((v) => ({
            in: error.validationContext,
            path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
            message: v.message,
          })),
        });
      }
      const status = error.statusCode ?? 500;
      if (status === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
        return reply.status(413).send({
          code: 'request.body_too_large',
          message: messageFor('request.body_too_large', locale, {
            limit: fastify.initialConfig.bodyLimit ?? '',
          }),
        });
      }
      if (status === 415) {
        return reply.status(415).send({
          code: 'request.unsupported_media_type',
          message: messageFor('request.unsupported_media_type', locale, {
            type: request.headers['content-type'] ?? '',
          }),
        });
      }
      if (error.code === 'FST_UNDER_PRESSURE') {
        // Shed by plugins/load-shedding.ts (Retry-After set there).
        request.log.warn('overloaded: request shed');
        return reply.status(503).send({
          code: 'server.overloaded',
          message: messageFor('server.overloaded', locale, {
            after: String(reply.getHeader('retry-after') ?? ''),
          }),
        });
      }
      if (status === 429) {
        return reply.status(429).send({
          code: 'request.too_many',
          message: messageFor('request.too_many', locale, {
            after: String(reply.getHeader('retry-after') ?? ''),
          }),
        });
      }
      if (status >= 400 && status < 500) {
        // Malformed JSON, a multipart that is not one, and the like: the client's fault.
        return reply.status(status).send({
          code: 'request.malformed',
          message: messageFor('request.malformed', locale, { reason: error.message }),
        });
      }
      const failure = infrastructureFailure(error);
      if (failure === 'database.unavailable') {
        request.log.warn({ err: error }, 'database unavailable');
        reply.header('retry-after', String(DATABASE_RETRY_AFTER));
        return reply.status(503).send({ code: failure, message: messageFor(failure, locale) });
      }
      if (failure === 'storage.full') {
        request.log.error({ err: error }, 'storage full');
        return reply.status(507).send({ code: failure, message: messageFor(failure, locale) });
      }
      request.log.error({ err: error }, 'unhandled error');
      return reply.status(500).send({ code: 'internal', message: messageFor('internal', locale) });
    });

    fastify.setNotFoundHandler((request, reply) => {
      const locale = requestLocale(request.headers['accept-language']);
      return reply.status(404).send({
        code: 'request.not_found',
        message: messageFor('request.not_found', locale, {
          method: request.method,
          url: request.url.split('?')[0] ?? '',
        }),
      });
    });
  },
  { name: 'error-handler' },
);
