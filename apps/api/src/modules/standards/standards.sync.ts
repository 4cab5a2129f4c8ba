import { type DatabaseHandle, type Executor, schema } from '@ccmm/db';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { loadedFromRow } from './standards.loader.ts';

// Editions across server processes: each keeps the loaded editions in memory (the registry);
// an edition uploaded, replaced or published through one process is announced with NOTIFY, and
// every process (LISTEN) reads it from the database into its registry, without a restart. After
// a lost connection every uploaded edition is compared again (notifications sent meanwhile are
// lost). The embedded database has one process: the same path, to itself.

export const EDITIONS_CHANNEL = 'ccmm_editions';

/** Tells every process that the edition `ref` changed (after its row is written). */
export async function announceEdition(db: Executor, ref: string): Promise<void> {
  await db.execute(sql`select pg_notify(${EDITIONS_CHANNEL}, ${ref})`);
}

export const editionSync = fp(
  async (fastify: FastifyInstance, opts: { database: Pick<DatabaseHandle, 'listen'> }) => {
    const { standardVersions } = schema;
    /** Reads the edition `ref` (unset: every uploaded one) and loads what differs. */
    const refresh = async (ref?: string) => {
      const rows = await fastify.db
        .select()
        .from(standardVersions)
        .where(ref === undefined ? eq(standardVersions.origin, 'upload') : eq(standardVersions.ref, ref));
      for (const row of rows) {
        if (row.origin !== 'upload') continue;
        const current = fastify.standards.find(row.ref);
        // Publishing changes the pack (its status), so its hash: the hash tells any change.
        if (current?.contentHash === row.contentHash) continue;
        fastify.standards.set(loadedFromRow(row));
        fastify.log.info({ ref: row.ref, status: row.status }, 'edition loaded from the database');
      }
    };
    const failed = (error: unknown) => fastify.log.error({ err: error }, 'editions: reading a change failed');
    let unlisten: (() => Promise<void>) | undefined;
    fastify.addHook('onReady', async () => {
      try {
        unlisten = await opts.database.listen(
          EDITIONS_CHANNEL,
          (ref) => void refresh(ref).catch(failed),
          () => void refresh().catch(failed),
        );
      } catch (error) {
        fastify.log.error({ err: error }, 'editions: cannot listen for changes made by other processes');
      }
    });
    fastify.addHook('onClose', async () => {
      await unlisten?.().catch(() => {});
    });
  },
  { name: 'edition-sync', dependencies: ['context'] },
);
