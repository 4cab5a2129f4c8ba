import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openDatabase } from '@ccmm/db';
import postgres from 'postgres';
import { type Config, loadConfig } from '../src/config.ts';
import type { TestApp } from './app.ts';
import { serverUrl, uniqueName, withDatabase } from './database.ts';

/**
 * Where a backup test works: a temp folder, the source app's settings (its DATA_DIR, and on
 * PostgreSQL the database the test app was routed to), and empty places to restore into (a new
 * DATA_DIR, and on PostgreSQL a new database), all removed by `close`.
 */
export function backupPlaces(prefix: string) {
  const made: string[] = [];
  let work = '';
  let sourceUrl: string | undefined;
  return {
    get work() {
      return work;
    },
    /** For buildTestApp: remembers the source app's database. */
    routeDatabase(url: string) {
      sourceUrl = url;
      return url;
    },
    async open(): Promise<string> {
      work = await mkdtemp(join(tmpdir(), prefix));
      return work;
    },
    /** The settings of a server on `env`, quiet. */
    settings: (env: Record<string, string>): Config => loadConfig({ ...env, LOG_LEVEL: 'silent' }, work),
    sourceEnv: (t: TestApp): Record<string, string> =>
      serverUrl && sourceUrl
        ? { DATA_DIR: t.config.dataDir, DATABASE_URL: sourceUrl }
        : { DATA_DIR: t.config.dataDir },
    /** A place to restore into: a new DATA_DIR, and on PostgreSQL a new empty database. */
    async emptyTarget(): Promise<Record<string, string>> {
      const dataDir = await mkdtemp(join(work, 'target-'));
      if (!serverUrl) return { DATA_DIR: dataDir };
      const name = uniqueName('ccmm_restore');
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      await admin.end();
      made.push(name);
      return { DATA_DIR: dataDir, DATABASE_URL: withDatabase(serverUrl, name) };
    },
    /** The embedded source: the test's database written to DATA_DIR/pglite as a server keeps it. */
    async keepEmbeddedSource(t: TestApp): Promise<void> {
      if (serverUrl) return;
      const copy = await openDatabase({
        dataDir: join(t.config.dataDir, 'pglite'),
        loadDataDir: await t.database.dump?.(),
      });
      await copy.close();
    },
    /** The lines of a backup file, parsed. */
    async lines(file: string): Promise<Record<string, unknown>[]> {
      return gunzipSync(await readFile(file))
        .toString()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    },
    async close(): Promise<void> {
      if (serverUrl && made.length) {
        const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
        for (const name of made) await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
      if (work) await rm(work, { recursive: true, force: true });
    },
  };
}
