// The databases a benchmark measures: the product's default (PGlite on disk) and a fresh
// database on a PostgreSQL server, each migrated now and removed by the cleanups at the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase } from '@ccmm/db';
import postgres from 'postgres';
import { uniqueName, withDatabase } from '../test/database.ts';

export type Cleanup = () => Promise<unknown>;

export interface BenchDatabase {
  readonly label: string;
  readonly database: DatabaseHandle;
}

export async function embeddedDatabase(cleanups: Cleanup[], prefix: string): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const database = await openDatabase({ dataDir: join(dir, 'pglite') });
  cleanups.push(() => database.close());
  await database.migrate();
  return { label: 'PGlite (embedded)', database };
}

export async function serverDatabase(
  cleanups: Cleanup[],
  url: string,
  prefix: string,
): Promise<BenchDatabase> {
  const name = uniqueName(prefix.replaceAll('-', '_'));
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const [row] = await admin<{ server_version: string }[]>`show server_version`;
  await admin.unsafe(`create database "${name}"`);
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  });
  // The product's pool (openDatabase's default size) and driver.
  const database = await openDatabase({ url: withDatabase(url, name) });
  cleanups.push(() => database.close());
  await database.migrate();
  return { label: `PostgreSQL ${row?.server_version.split(' ')[0] ?? ''}`.trim(), database };
}
