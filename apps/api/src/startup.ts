import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { type DatabaseHandle, openDatabase } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import { type Config, loadConfig } from './config.ts';
import { backfillSummaries } from './modules/benchmarks/summaries.ts';
import { type LoadedStandard, loadStandards } from './modules/standards/standards.loader.ts';
import { StandardRegistry } from './plugins/context.ts';

// How the product finds its settings and its database: `npm start` (server.ts) and `pnpm demo`
// (demo/main.ts) share it, so the demo data lands exactly where the server looks.

/** Relative paths are taken from where the user ran the command (pnpm sets INIT_CWD). */
export function configFromEnvironment(): Config {
  return loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
}

/**
 * The embedded database under DATA_DIR (or DATABASE_URL's server), migrated, with every pack
 * in standards/ loaded.
 */
export async function openProductDatabase(
  config: Config,
): Promise<{ database: DatabaseHandle; standards: Map<string, LoadedStandard> }> {
  await mkdir(config.dataDir, { recursive: true });
  const database = config.databaseUrl
    ? await openDatabase({ url: config.databaseUrl })
    : await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
  await database.migrate();
  const standards = await loadStandards(database.db, SHIPPED_STANDARDS_DIR);
  // Assessments made before benchmarking summaries existed get theirs (once; cheap after).
  await backfillSummaries(database.db, new StandardRegistry(standards));
  return { database, standards };
}
