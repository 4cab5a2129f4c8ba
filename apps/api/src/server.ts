// Starts the product: settings, database (embedded unless DATABASE_URL), migrations, the
// standard packs, then the API on one port. Ctrl-C closes everything cleanly.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { openDatabase } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import Fastify from 'fastify';
import { app } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { loadStandards, StandardsLoadError } from './modules/standards/standards.loader.ts';

async function main() {
  const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
  await mkdir(config.dataDir, { recursive: true });
  const database = config.databaseUrl
    ? await openDatabase({ url: config.databaseUrl })
    : await openDatabase({ dataDir: join(config.dataDir, 'pglite') });
  await database.migrate();
  const standards = await loadStandards(database.db, SHIPPED_STANDARDS_DIR);

  const fastify = Fastify({
    logger: { level: config.logLevel },
    bodyLimit: config.evidenceMaxBytes,
    trustProxy: true,
  });
  await fastify.register(app, { config, database, standards });
  fastify.addHook('onClose', async () => database.close());

  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (closing) return;
      closing = true;
      fastify.log.info(`${signal}: closing`);
      fastify.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await fastify.listen({ port: config.port, host: config.host });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const where = database.driver === 'pglite' ? `embedded in ${config.dataDir}` : 'PostgreSQL server';
  fastify.log.info(
    `CC-CMM platform on http://localhost:${port} (API reference: /api/docs); database: ${where}; standards: ${[...standards.keys()].join(', ')}`,
  );
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StandardsLoadError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`start-up failed: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
