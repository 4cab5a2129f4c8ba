import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Where Prometheus scrapes (outside /api: not part of the product's API; server.ts keeps it from the web app). */
export const METRICS_PATH = '/metrics';

/**
 * Prometheus metrics (METRICS=on; off by default): request durations by method, route (the
 * route's pattern, never the raw URL, so ids do not explode the series) and status, and Node's
 * own (event loop lag, heap, GC). Expose /metrics to the scraper only (a firewall or the
 * proxy): it says which routes are used, and how much.
 */
export const metrics = fp(
  async (fastify: FastifyInstance) => {
    if (!fastify.config.metrics) return;
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const durations = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer a request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      if (route === METRICS_PATH) return;
      durations.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        reply.elapsedTime / 1000,
      );
    });
    fastify.get(
      METRICS_PATH,
      { config: { access: 'public' }, schema: { hide: true } },
      async (_request, reply) => {
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  },
  { name: 'metrics', dependencies: ['context'] },
);
