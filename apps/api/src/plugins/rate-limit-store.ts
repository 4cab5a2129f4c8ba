import { type Database, rowsOf, schema } from '@ccmm/db';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'drizzle-orm';

// A store for @fastify/rate-limit (its documented `store` option: a class with incr and child)
// that counts in PostgreSQL, so that several server processes behind one address limit a client
// as one process would. One upsert per request: the window restarts once it has passed.

const { rateLimitCounters: counters } = schema;

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Rows older than this are gone with the next sweep (every window here is an hour at most). */
const SWEEP_AFTER = '1 day';

export function postgresRateLimitStore(db: Database) {
  async function hit(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    const window = sql`make_interval(secs => ${windowMs / 1000})`;
    const expired = sql`${counters.windowStart} + ${window} <= now()`;
    const result = await db.execute(sql`
      insert into ${counters} (key, window_start, count) values (${key}, now(), 1)
      on conflict (key) do update set
        count = case when ${expired} then 1 else ${counters.count} + 1 end,
        window_start = case when ${expired} then now() else ${counters.windowStart} end
      returning count,
        greatest(0, ceil(extract(epoch from (window_start + ${window} - now())) * 1000))::int as ttl`);
    const [row] = rowsOf<{ count: number; ttl: number }>(result);
    // Now and then, the counters of windows long past go.
    if (Math.random() < 0.001) {
      await db.execute(sql`delete from ${counters} where window_start < now() - ${SWEEP_AFTER}::interval`);
    }
    return { current: row?.count ?? 1, ttl: row?.ttl ?? windowMs };
  }

  /** The route a child store counts for: the plugin passes its params with `routeInfo`. */
  const routeOf = (options: unknown): string => {
    const route = (options as { routeInfo?: { method?: string | string[]; url?: string } } | undefined)
      ?.routeInfo;
    return route?.url ? `${[route.method].flat().join(',')} ${route.url}` : 'global';
  };

  class PostgresRateLimitStore implements FastifyRateLimitStore {
    readonly #namespace: string;

    constructor(options?: unknown) {
      // Each route counts apart, as the plugin's own store does (one store per route).
      this.#namespace = routeOf(options);
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      hit(`${this.#namespace}|${key}`, timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      return new PostgresRateLimitStore(routeOptions);
    }
  }
  return PostgresRateLimitStore satisfies FastifyRateLimitStoreCtor;
}
