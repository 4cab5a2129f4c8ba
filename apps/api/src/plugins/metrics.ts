import { performance } from 'node:perf_hooks';
import { type DatabaseHandle, rowsOf } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Where Prometheus scrapes (outside /api: not part of the product's API; server.ts keeps it from the web app). */
export const METRICS_PATH = '/metrics';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Times a run of a scheduled job (certificate, notification, outbox, webhooks) for /metrics; `run`
     * tells whether it did the work (false: another process held its lock). Rethrows a failure.
     */
    timeJob<T>(job: string, run: () => Promise<T>, ran: (result: T) => boolean): Promise<T>;
    /** Counts a single-clause rating write for /metrics by the path it took. */
    countRatingWrite(path: 'one_statement' | 'full'): void;
    /** Records how many one-statement rating writes a statement to the database carried. */
    observeRatingWriteStatement(writes: number): void;
  }
}

/**
 * Prometheus metrics (METRICS=on; off by default): request durations by method, route (the
 * route's pattern, never the raw URL, so ids do not explode the series) and status, Node's own
 * (event loop lag, heap, GC), the database pool (its size, this database's connections by state
 * across every process, the time to get an answer through the pool), the outbox's depth, and
 * the runs of the scheduled jobs by outcome. Expose /metrics to the scraper only (a firewall or
 * the proxy): it says which routes are used, and how much.
 */
export const metrics = fp(
  async (fastify: FastifyInstance, opts: { database: Pick<DatabaseHandle, 'driver' | 'poolSize'> }) => {
    const registry = new Registry();
    const runs = new Counter({
      name: 'ccmm_job_runs_total',
      help: 'Runs of the scheduled jobs by job and outcome (ran; skipped: another process held its lock, or nothing to send; failed)',
      labelNames: ['job', 'outcome'] as const,
      registers: [registry],
    });
    const runSeconds = new Histogram({
      name: 'ccmm_job_run_duration_seconds',
      help: 'Time a scheduled job run took, by job',
      labelNames: ['job'] as const,
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 30, 120],
      registers: [registry],
    });
    fastify.decorate(
      'timeJob',
      async <T>(job: string, run: () => Promise<T>, ran: (result: T) => boolean) => {
        const started = performance.now();
        try {
          const result = await run();
          runs.inc({ job, outcome: ran(result) ? 'ran' : 'skipped' });
          return result;
        } catch (error) {
          runs.inc({ job, outcome: 'failed' });
          throw error;
        } finally {
          runSeconds.observe({ job }, (performance.now() - started) / 1000);
        }
      },
    );
    const ratingWrites = new Counter({
      name: 'ccmm_rating_writes_total',
      help: 'Single-clause rating writes by path: one_statement (the facts of the last write still held) or full (a session’s first write to an assessment, or after a change)',
      labelNames: ['path'] as const,
      registers: [registry],
    });
    fastify.decorate('countRatingWrite', (path: 'one_statement' | 'full') => ratingWrites.inc({ path }));
    const writesPerStatement = new Histogram({
      name: 'ccmm_rating_write_statement_writes',
      help: 'One-statement rating writes per statement sent to the database (those that waited for a free statement go together)',
      buckets: [1, 2, 4, 8, 16, 32],
      registers: [registry],
    });
    fastify.decorate('observeRatingWriteStatement', (writes: number) => writesPerStatement.observe(writes));
    if (!fastify.config.metrics) return;

    collectDefaultMetrics({ register: registry });
    const durations = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer a request, by method, route pattern and status',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    new Gauge({
      name: 'ccmm_db_pool_size',
      help: 'Connections this process may open to the database at most (the embedded one: 1)',
      registers: [registry],
    }).set(opts.database.poolSize);
    const up = new Gauge({
      name: 'ccmm_db_up',
      help: '1 when the database answered the scrape, else 0',
      registers: [registry],
    });
    const ping = new Gauge({
      name: 'ccmm_db_query_wait_seconds',
      help: 'Time for a trivial query through this process’s pool at the scrape (a busy pool: long)',
      registers: [registry],
    });
    const connections = new Gauge({
      name: 'ccmm_db_connections',
      help: 'Connections to this database by state, from every process (pg_stat_activity)',
      labelNames: ['state'] as const,
      registers: [registry],
    });
    const outboxDepth = new Gauge({
      name: 'ccmm_outbox_depth',
      help: 'Messages in the outbox not sent yet, and of them those that failed at least once',
      labelNames: ['kind'] as const,
      registers: [registry],
    });
    const outboxOldest = new Gauge({
      name: 'ccmm_outbox_oldest_unsent_seconds',
      help: 'Age of the oldest message not sent yet (0: none)',
      registers: [registry],
    });

    /** The database's figures, read at each scrape; a database away sets ccmm_db_up 0 and leaves the rest. */
    const readDatabase = async () => {
      try {
        const started = performance.now();
        await fastify.db.execute(sql`select 1`);
        ping.set((performance.now() - started) / 1000);
        const states = rowsOf<{ state: string; n: number }>(
          await fastify.db.execute(
            sql`select coalesce(state, 'unknown') as state, count(*)::int as n from pg_stat_activity
                where datname = current_database() and backend_type in ('client backend', 'standalone backend') group by 1`,
          ),
        );
        connections.reset();
        for (const { state, n } of states) connections.set({ state }, n);
        const [outbox] = rowsOf<{ unsent: number; failing: number; oldest: number }>(
          await fastify.db.execute(
            sql`select count(*)::int as unsent, (count(*) filter (where attempts > 0))::int as failing,
                       coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
                from outbox where sent_at is null`,
          ),
        );
        outboxDepth.set({ kind: 'unsent' }, outbox?.unsent ?? 0);
        outboxDepth.set({ kind: 'failing' }, outbox?.failing ?? 0);
        outboxOldest.set(outbox?.oldest ?? 0);
        up.set(1);
      } catch (error) {
        fastify.log.warn({ err: error }, 'metrics: the database did not answer');
        up.set(0);
      }
    };

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
        await readDatabase();
        reply.type(registry.contentType);
        return registry.metrics();
      },
    );
  },
  { name: 'metrics', dependencies: ['context'] },
);
