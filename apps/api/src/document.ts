import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import Fastify from 'fastify';
import { app } from './app.ts';
import { loadConfig } from './config.ts';
import { loadStandards } from './modules/standards/standards.loader.ts';

/** The origin the document names as its server when built offline (a client sets its own). */
export const DOCUMENT_ORIGIN = 'http://localhost:3000';

/**
 * The API document (what GET /api/docs/json answers), built without a network or a running
 * server: the app on a throwaway embedded database. What `pnpm --filter @ccmm/client generate`
 * writes the client's types from.
 */
export async function buildApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ccmm-document-'));
  // The app's start-up jobs read their tables: a migrated database with the shipped standards.
  const database = await openDatabase({});
  const fastify = Fastify({ logger: false });
  try {
    await database.migrate();
    const standards = await loadStandards(database.db, SHIPPED_STANDARDS_DIR);
    const config = loadConfig(
      { DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_ORIGIN: DOCUMENT_ORIGIN },
      process.cwd(),
    );
    await fastify.register(app, { config, database, standards });
    await fastify.ready();
    // The app is an encapsulated plugin: its document is read as a client reads it.
    const res = await fastify.inject({ method: 'GET', url: '/api/docs/json' });
    if (res.statusCode !== 200) throw new Error(`GET /api/docs/json answered ${res.statusCode}`);
    return res.json();
  } finally {
    await fastify.close();
    await database.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
