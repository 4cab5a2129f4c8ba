import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { lockDataDirectory } from './data-dir-lock.ts';
import { durablePgliteOptions, syncTree } from './pglite-durability.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The same drizzle API over either driver. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** A database or a transaction in it: repositories accept either. */
export type Executor = Database | Transaction;

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

export interface DatabaseHandle {
  readonly db: Database;
  readonly driver: 'pglite' | 'postgres';
  /** Connections the handle may open at most (PGlite: its one). */
  readonly poolSize: number;
  /**
   * LISTEN on a channel: `onNotify` gets each NOTIFY's payload; `onListen` runs once listening,
   * and again after a lost connection is back (notifications sent meanwhile are lost: catch up
   * there). Resolves to the function that stops listening.
   */
  readonly listen: (
    channel: string,
    onNotify: (payload: string) => void,
    onListen?: () => void,
  ) => Promise<() => Promise<void>>;
  /** Applies every migration in migrations/ not yet applied. */
  readonly migrate: () => Promise<void>;
  readonly close: () => Promise<void>;
  /** PGlite only: the data directory as a tarball, to clone a migrated database quickly. */
  readonly dump?: () => Promise<Blob>;
}

export type DatabaseOptions =
  | { readonly url: string; readonly maxConnections?: number }
  /**
   * dataDir undefined: in memory. loadDataDir: start from a dump (tests share a migrated one).
   * A data directory is locked to one process (DataDirectoryInUseError) and committed to disk
   * with fsync at every commit.
   */
  | { readonly dataDir?: string; readonly loadDataDir?: Blob };

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if ('url' in options) {
    const poolSize = options.maxConnections ?? 10;
    const client = postgres(options.url, {
      max: poolSize,
      onnotice: () => {},
      // A server that does not answer fails the request in seconds (the API answers 503) rather
      // than holding it for the whole outage; the next request connects afresh.
      connect_timeout: 5,
    });
    const db = drizzlePostgres({ client, schema });
    return {
      db,
      driver: 'postgres',
      poolSize,
      listen: async (channel, onNotify, onListen) => {
        // A connection of its own, reconnected by postgres.js (onListen again each time).
        const { unlisten } = await client.listen(channel, onNotify, onListen);
        return unlisten;
      },
      migrate: () => migratePostgres(db, { migrationsFolder: MIGRATIONS_DIR }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const loadDataDir = options.loadDataDir ? { loadDataDir: options.loadDataDir } : {};
  if (!options.dataDir) return pgliteHandle(await PGlite.create(loadDataDir), () => {});

  // Locked before PGlite touches the directory: a second process must not even start it.
  const lock = lockDataDirectory(options.dataDir);
  try {
    const isNew = !existsSync(join(lock.directory, 'PG_VERSION'));
    const client = await PGlite.create({ ...durablePgliteOptions(lock.directory), ...loadDataDir });
    if (isNew) await syncTree(lock.directory);
    return pgliteHandle(client, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

function pgliteHandle(client: PGlite, release: () => void): DatabaseHandle {
  const db = drizzlePglite({ client, schema });
  return {
    db,
    driver: 'pglite',
    poolSize: 1,
    listen: async (channel, onNotify, onListen) => {
      const unlisten = await client.listen(channel, onNotify);
      onListen?.();
      return () => unlisten();
    },
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_DIR }),
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
    dump: async () => {
      const dump = await client.dumpDataDir('none');
      return dump;
    },
  };
}

/** The result rows of db.execute, whichever driver ran it (PGlite: { rows }, postgres.js: an array). */
export const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

/**
 * A json or jsonb value as the driver hands it over: parsed already (PGlite), or as its text
 * (postgres.js, where drizzle leaves some types unparsed).
 */
export const parsedJson = <T>(value: T | string | null | undefined): T | null =>
  typeof value === 'string' ? (JSON.parse(value) as T) : (value ?? null);

/**
 * One fixed statement with parameters, straight through the driver and prepared where the driver
 * can (postgres.js keeps it planned per connection; PGlite parses it each time). Only for the
 * hottest statement, the one-statement rating write, where building the query through drizzle
 * is a noticeable share of a request; everything else goes through drizzle. Pass json as text.
 */
export async function queryPrepared<T>(db: Database, text: string, params: readonly unknown[]): Promise<T[]> {
  const client = (db as unknown as { $client: PGlite | postgres.Sql }).$client;
  if (client instanceof PGlite) return (await client.query<T>(text, [...params])).rows;
  const values = params as postgres.ParameterOrJSON<never>[];
  return (await client.unsafe(text, values, { prepare: true })) as unknown as T[];
}

/**
 * How many migrations the database has applied and how many migrations/ holds: the database is
 * current when they are equal (drizzle records each applied one in drizzle.__drizzle_migrations).
 */
export async function migrationStatus(db: Database): Promise<{ applied: number; expected: number }> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`),
  );
  return { applied: row?.n ?? 0, expected: journal.entries.length };
}
