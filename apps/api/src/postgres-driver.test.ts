import { openDatabase } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { expect, it } from 'vitest';
import { serverUrl, uniqueName, withDatabase } from '../test/database.ts';

// PostgreSQL only (vitest.config.ts). The driver's first query on every new connection is its
// own (the array types, fetch_types), and in postgres 3.4.9 nothing waits for it: when the
// server cancels it or the connection drops under it (a restart, an outage), its rejection is
// unhandled and ends the process. packages/db/patches/postgres@3.4.9.patch handles it
// (porsager/postgres#1192); the connection's own queries still fail or go through as before.

it("leaves no unhandled rejection when the server cancels a new connection's first, internal query", async () => {
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = uniqueName('ccmm_cancel');
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  // Every statement of every new connection cancelled after 1 ms, the driver's own first.
  await admin.unsafe(`alter database "${name}" set statement_timeout = 1`);
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', listener);
  const database = await openDatabase({ url: withDatabase(serverUrl, name), maxConnections: 2 });
  try {
    const failed = await database.db.execute(sql`select pg_sleep(0.05)`).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect((failed as { cause?: { code?: string } } | undefined)?.cause?.code ?? failed).toBe('57014');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(unhandled).toEqual([]);
  } finally {
    process.off('unhandledRejection', listener);
    await database.close();
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
});
