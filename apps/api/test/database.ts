import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type DatabaseHandle, openDatabase } from '@ccmm/db';
import postgres from 'postgres';

// Test databases are real: PGlite by default, a PostgreSQL server when TEST_DATABASE_URL is
// set. Either way every test file gets its own copy of one migrated template.

export const serverUrl = process.env.TEST_DATABASE_URL || undefined;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

/**
 * A fresh database cloned from the template global-setup made. `route` changes the address the
 * app connects through (a test puts a proxy it can cut between the app and the server).
 */
export async function cloneTemplate(
  template: string,
  route: (url: string) => string = (url) => url,
): Promise<DatabaseHandle> {
  if (!serverUrl) {
    const dump = new Blob([await readFile(template)]);
    return openDatabase({ loadDataDir: dump });
  }
  const name = uniqueName('ccmm_test');
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${template}"`);
  await admin.end();
  const handle = await openDatabase({ url: route(withDatabase(serverUrl, name)), maxConnections: 10 });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
