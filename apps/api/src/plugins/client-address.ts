import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Headers by which the web app's server side forwards the address of the browser it serves. */
export const CLIENT_ADDRESS_HEADER = 'x-ccmm-client-address';
export const WEB_KEY_HEADER = 'x-ccmm-web-key';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * The address per-address limits count: the connection's (or, with TRUST_PROXY, the
     * proxy's report), except for a call from the web app's server side that presents the key
     * it was given at start-up, which forwards the browser's.
     */
    readonly clientAddress: string;
  }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const clientAddress = fp(
  async (fastify: FastifyInstance, { webKey }: { webKey?: string }) => {
    fastify.decorateRequest('clientAddress', {
      getter() {
        const forwarded = this.headers[CLIENT_ADDRESS_HEADER];
        const key = this.headers[WEB_KEY_HEADER];
        if (webKey && typeof key === 'string' && typeof forwarded === 'string' && same(key, webKey)) {
          return forwarded;
        }
        return this.ip;
      },
    });
  },
  { name: 'client-address' },
);
