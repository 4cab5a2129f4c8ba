import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The API's Content-Security-Policy: its answers are JSON, files and PDFs, never a page that runs
 * anything, so nothing may load, run or frame them. The web app's pages carry their own policy
 * (apps/web/svelte.config.js, with a nonce for SvelteKit's start-up script), the API reference
 * its own (plugins/openapi.ts).
 */
export const API_CSP_DIRECTIVES = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * For a document served outside SvelteKit's rendering (a static file of the web app): the same
 * sources as the pages, without the nonce — no inline script at all. server.ts puts it on every
 * path it hands to the web app; SvelteKit replaces it on the pages it renders.
 */
export const WEB_FALLBACK_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** A PDF's policy: see the onSend hook below. */
export const PDF_CSP = "frame-ancestors 'none'";

/** One year: how long a browser keeps to https once told (only sent when PUBLIC_ORIGIN is https). */
const HSTS_SECONDS = 365 * 24 * 60 * 60;

/**
 * Security headers on every response, the web app's pages included (helmet writes them on the
 * raw response in onRequest, before server.ts hands a path to SvelteKit): nosniff, no framing
 * (frame-ancestors 'none' and X-Frame-Options DENY), the referrer kept within the site, and HSTS
 * when PUBLIC_ORIGIN is https. `same-origin` rather than `no-referrer`: with no-referrer a
 * browser sends `Origin: null` on a same-site form post, which SvelteKit's cross-site check refuses.
 */
export const securityHeaders = fp(
  async (fastify: FastifyInstance) => {
    const https = fastify.config.publicOrigin.startsWith('https:');
    await fastify.register(helmet, {
      // useDefaults: false, or helmet adds upgrade-insecure-requests, which would break the
      // product on a plain-http address of the center's network.
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP_DIRECTIVES },
      strictTransportSecurity: https ? { maxAge: HSTS_SECONDS, includeSubDomains: false } : false,
      // Browsers honour Cross-Origin-Opener-Policy only on https and log a warning on every page
      // of a plain-http address (a tablet on the center's network), so it goes with HSTS.
      crossOriginOpenerPolicy: https ? { policy: 'same-origin' } : false,
      referrerPolicy: { policy: 'same-origin' },
      xFrameOptions: { action: 'deny' },
    });
    // A PDF opened in a tab (certificates, reports: Content-Disposition inline) is drawn by the
    // browser's own viewer, which a policy of default-src 'none' may keep from loading; nothing in
    // it runs in the product's origin, so it keeps only the ban on framing.
    fastify.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('application/pdf'))
        reply.header('content-security-policy', PDF_CSP);
      return payload;
    });
  },
  { name: 'security-headers', dependencies: ['context'] },
);
