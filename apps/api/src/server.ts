// Starts the product: settings, database (embedded unless DATABASE_URL), migrations, the
// standard packs, then the API on one port, with the web app (apps/web, when built) on the same
// port for every path outside /api. Ctrl-C closes everything cleanly.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Fastify from 'fastify';
import { app } from './app.ts';
import { ConfigError, requireSharedSecrets } from './config.ts';
import { StandardsLoadError } from './modules/standards/standards.loader.ts';
import { CLIENT_ADDRESS_HEADER } from './plugins/client-address.ts';
import { gracefulShutdown } from './plugins/graceful-shutdown.ts';
import { METRICS_PATH } from './plugins/metrics.ts';
import { WEB_FALLBACK_CSP } from './plugins/security-headers.ts';
import { REQUEST_ID_HEADER } from './request-id.ts';
import { serverOptions } from './server-options.ts';
import { configFromEnvironment, openProductDatabase } from './startup.ts';
import { cutAnswerOnFailedStream } from './static-files.ts';

/** adapter-node's build of apps/web: a plain Node request handler. */
const WEB_HANDLER = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));
type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;
/** Where server.ts tells the web app the protocol and host a request was sent to. */
const WEB_PROTOCOL_HEADER = 'x-ccmm-protocol';
const WEB_HOST_HEADER = 'x-ccmm-host';

async function main() {
  const config = configFromEnvironment();
  // Several processes on one PostgreSQL share their secrets: given, not generated.
  requireSharedSecrets(config);
  const { database, standards } = await openProductDatabase(config);

  const fastify = Fastify(serverOptions(config));
  // The web app's server side vouches with this key for the browser address it forwards.
  const webKey = randomBytes(32).toString('base64url');
  await fastify.register(gracefulShutdown);
  await fastify.register(app, { config, database, standards, webKey });
  fastify.addHook('onClose', async () => database.close());

  // Every path outside /api goes to SvelteKit, before Fastify parses a body, so form posts
  // reach it intact. The handler is imported once the port is known (its ORIGIN needs it).
  let web: NodeHandler | null = null;
  const hasWeb = existsSync(WEB_HANDLER);
  if (hasWeb) {
    fastify.addHook('onRequest', (request, reply, done) => {
      if (request.url.startsWith('/api') || (config.metrics && request.url === METRICS_PATH)) return done();
      reply.hijack();
      // Whatever the client sent under these names is replaced by what the API believes: the
      // client's address, and the protocol and host the request was addressed to (through a
      // trusted proxy, its X-Forwarded-* headers).
      request.raw.headers[CLIENT_ADDRESS_HEADER] = request.ip;
      request.raw.headers[WEB_PROTOCOL_HEADER] = request.protocol;
      request.raw.headers[WEB_HOST_HEADER] = request.host;
      // The page's request id (a sane one the client sent, else a new one), which the web app
      // passes on to its API calls: one id for the page and the calls it made, in every log line.
      request.raw.headers[REQUEST_ID_HEADER] = request.id;
      // The API's policy (set by the security-headers plugin) would stop every page: the web's
      // own instead, which SvelteKit replaces on the pages it renders (with its script's nonce).
      reply.raw.setHeader('content-security-policy', WEB_FALLBACK_CSP);
      if (!web) {
        reply.raw.writeHead(503, { 'retry-after': '1' }).end('starting');
        return;
      }
      cutAnswerOnFailedStream(reply.raw, (error) =>
        request.log.error({ err: error }, 'a built file could not be read'),
      );
      web(request.raw, reply.raw, () => reply.raw.writeHead(404).end());
    });
  }

  // Graceful shutdown (an orchestrator's SIGTERM, Ctrl-C): no new connection is accepted; every
  // request already started, or arriving on a connection already open, is answered (each answer
  // closing its connection) while /api/ready says 503 so a load balancer looks elsewhere; once
  // none is in flight the jobs stop, the database closes, exit 0 (plugins/graceful-shutdown.ts).
  // Requests still running after SHUTDOWN_GRACE_SECONDS are cut and the exit is 1.
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      fastify.log.info(`${signal}: closing; draining the requests in flight`);
      let cut = false;
      const grace = setTimeout(() => {
        cut = true;
        fastify.log.error(
          `requests still running after ${config.shutdownGraceSeconds} s (SHUTDOWN_GRACE_SECONDS): cutting them`,
        );
        fastify.server.closeAllConnections();
      }, config.shutdownGraceSeconds * 1000);
      grace.unref();
      fastify
        .drain()
        .then(() => fastify.close())
        .then(
          () => {
            clearTimeout(grace);
            if (!cut) fastify.log.info('closed: every request answered, the database closed');
            process.exit(cut ? 1 : 0);
          },
          (error: unknown) => {
            fastify.log.error({ err: error }, 'closing failed');
            process.exit(1);
          },
        );
    });
  }
  await fastify.listen({ port: config.port, host: config.host });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (hasWeb) {
    // Without ORIGIN, the web app's origin is the address each request was sent to: the form
    // posts of a tablet on http://192.168.1.20:3000 pass SvelteKit's cross-site check, and a post
    // from another site (its Origin differs from the host it reached) is still refused.
    if (!process.env.ORIGIN) {
      process.env.PROTOCOL_HEADER = WEB_PROTOCOL_HEADER;
      process.env.HOST_HEADER = WEB_HOST_HEADER;
    }
    const apiHost = ['0.0.0.0', '::', 'localhost'].includes(config.host) ? '127.0.0.1' : config.host;
    process.env.CCMM_WEB_KEY = webKey;
    process.env.CCMM_API_ORIGIN ??= `http://${apiHost.includes(':') ? `[${apiHost}]` : apiHost}:${port}`;
    web = ((await import(pathToFileURL(WEB_HANDLER).href)) as { handler: NodeHandler }).handler;
  }
  if (config.publicOriginIsLocal) {
    fastify.log.warn(
      `PUBLIC_ORIGIN is ${process.env.PUBLIC_ORIGIN ? `${config.publicOrigin}, this machine` : 'not set'}: certificates issued now carry a QR code to ${config.publicOrigin}/verify/…, which nobody else can open. Set PUBLIC_ORIGIN to the address the public reaches.`,
    );
  }
  const where = database.driver === 'pglite' ? `embedded in ${config.dataDir}` : 'PostgreSQL server';
  fastify.log.info(
    `CC-CMM platform on http://localhost:${port} (API reference: /api/docs); database: ${where}; standards: ${[...standards.keys()].join(', ')}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StandardsLoadError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`start-up failed: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
