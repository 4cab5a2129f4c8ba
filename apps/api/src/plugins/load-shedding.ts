import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { METRICS_PATH } from './metrics.ts';

/** What answers even under pressure: an orchestrator's probes and the scraper. */
const ALWAYS = new Set(['/api/health', '/api/ready', METRICS_PATH]);

/**
 * Load shedding (@fastify/under-pressure): while the process is past a threshold of
 * config.loadShedding (event loop delay or utilization, heap, resident memory), a request is
 * answered at once with 503 `server.overloaded` and Retry-After (the error handler words it)
 * rather than queued behind the rest; a load balancer sends it elsewhere. Health, readiness and
 * /metrics still answer. Registered before the routes (it marks the probes as they are added).
 */
export const loadShedding = fp(
  async (fastify: FastifyInstance) => {
    const limits = fastify.config.loadShedding;
    // A route's own pressure handler that returns nothing: the request is served as usual.
    const serve = { pressureHandler: () => undefined };
    fastify.addHook('onRoute', (route) => {
      if (ALWAYS.has(route.url)) route.config = { ...route.config, ...serve };
    });
    await fastify.register(underPressure, {
      maxEventLoopDelay: limits.maxEventLoopDelayMs,
      maxEventLoopUtilization: limits.maxEventLoopUtilization,
      maxHeapUsedBytes: limits.maxHeapBytes,
      maxRssBytes: limits.maxRssBytes,
      retryAfter: limits.retryAfterSeconds,
    });
  },
  { name: 'load-shedding', dependencies: ['context'] },
);
