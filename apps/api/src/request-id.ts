import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The header a request id comes in (from a proxy or the web app's server side) and goes back out in. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * An incoming id is kept only if it is a sane token: 1–128 letters, digits and `._:=-` (a UUID,
 * a trace id, a load balancer's `Root=1-…`). Anything else — spaces, quotes, line breaks that
 * could forge a log line, a header sent twice — is replaced by a fresh one.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:=-]{1,128}$/;

/** Fastify's genReqId: the request's id, in every log line of the request and every error body. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}
