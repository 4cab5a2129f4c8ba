import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type {
  ConnectionError,
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
  FastifyServerOptions,
} from 'fastify';
import { LogController } from 'fastify';
import { BODY_LIMIT, type Config } from './config.ts';
import { type ErrorCode, errors, messageFor, requestLocale } from './errors.ts';
import { NOTHING_TO_CHANGE } from './http.ts';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.ts';

/** How the HTTP server is made: the product (server.ts), the tests and the benchmarks share it. */
export function serverOptions(config: Config): FastifyServerOptions {
  return {
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: BODY_LIMIT,
    // Every log line of a request carries its requestId, the one its error body names.
    genReqId: requestIdOf,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    // Off unless TRUST_PROXY says which proxies to believe: otherwise any client could name its
    // own address in X-Forwarded-For and slip past the per-address limits.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    schemaErrorFormatter,
    clientErrorHandler,
    frameworkErrors,
  };
}

/**
 * What the router refuses before any route (and so before the app's error handler): a path
 * segment that is not valid percent-encoding, or one over maxParamLength. Answered as
 * `{code, message}` without echoing the path back.
 */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const code: ErrorCode = error.statusCode === 414 ? 'request.url_too_long' : 'request.bad_url';
  const locale = requestLocale(request.headers['accept-language']);
  reply
    .status(error.statusCode ?? 400)
    .header(REQUEST_ID_HEADER, request.id)
    .send({ code, message: messageFor(code, locale), requestId: request.id });
}

/**
 * A body refused only because it names no field (http.ts atLeastOneField) becomes its own coded
 * error; every other validation failure keeps Fastify's form, answered as request.invalid.
 */
function schemaErrorFormatter(
  issues: FastifySchemaValidationError[],
  dataVar: Parameters<NonNullable<FastifyServerOptions['schemaErrorFormatter']>>[1],
): Error {
  const [only] = issues;
  const marked =
    issues.length === 1 ? (only?.params.params as { code?: unknown; fields?: unknown }) : undefined;
  if (marked?.code === NOTHING_TO_CHANGE && Array.isArray(marked.fields)) {
    return errors.badRequest(
      NOTHING_TO_CHANGE,
      { fields: marked.fields.join(', ') },
      { fields: marked.fields },
    );
  }
  return new Error(issues.map((issue) => `${dataVar}${issue.instancePath} ${issue.message}`).join(', '));
}

/** What the HTTP parser refuses, by Node's error code. Anything else it refuses is a 400. */
const CLIENT_ERRORS: Readonly<Record<string, { status: number; code: ErrorCode }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'request.headers_too_large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request.timeout' },
};

/**
 * Requests the HTTP parser refuses (headers or URL over 16 KB, a broken request line, a request
 * too slow to arrive) never reach Fastify's error handler: answered here in the same
 * `{code, message}` shape. No header was read, so not Accept-Language: the message is in both
 * Chinese and English.
 */
function clientErrorHandler(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code } = CLIENT_ERRORS[error.code] ?? { status: 400, code: 'request.bad_http' };
  this.log.debug({ err: error }, `client error: ${code}`);
  if (socket.writable) {
    const body = JSON.stringify({
      code,
      message: `${messageFor(code, 'zh-Hans')} / ${messageFor(code, 'en')}`,
    });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Fastify takes a hop count at run time but not in its types: the same rule as a function. */
function trustHops(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}
