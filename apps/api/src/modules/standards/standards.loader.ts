import { type Database, schema } from '@ccmm/db';
import type { Standard } from '@ccmm/engine';
import { findPackFiles, loadPackFile, type PackProblem, type StandardPack } from '@ccmm/standard';
import { eq } from 'drizzle-orm';

export interface LoadedStandard {
  readonly ref: string;
  readonly pack: StandardPack;
  readonly standard: Standard;
  readonly contentHash: string;
  readonly warnings: readonly PackProblem[];
}

export class StandardsLoadError extends Error {}

/**
 * Loads every pack under `dir` and records it in the database. Idempotent: a version already
 * stored with the same content is left as it is; a published version whose content changed is
 * refused, because a published version never changes (an amendment is a new version).
 */
export async function loadStandards(db: Database, dir: string): Promise<Map<string, LoadedStandard>> {
  const registry = new Map<string, LoadedStandard>();
  const refused: string[] = [];
  for (const file of await findPackFiles(dir)) {
    const loaded = await loadPackFile(file);
    if (!loaded.pack || !loaded.contentHash) {
      refused.push(
        ...loaded.problems
          .filter((p) => p.severity === 'error')
          .map((p) => `${file}:${p.line ?? ''} ${p.message}`),
      );
      continue;
    }
    const { pack, contentHash } = loaded;
    const ref = `${pack.standard}@${pack.version}`;
    const [stored] = await db
      .select()
      .from(schema.standardVersions)
      .where(eq(schema.standardVersions.ref, ref));
    if (stored && stored.contentHash !== contentHash) {
      if (stored.status === 'published') {
        refused.push(
          `${file}: ${ref} is published and its content changed (stored ${stored.contentHash.slice(0, 12)}…, file ${contentHash.slice(0, 12)}…). A published version never changes: publish the change as a new version.`,
        );
        continue;
      }
      // A draft may still change until it is published.
      await db
        .update(schema.standardVersions)
        .set({ contentHash, content: pack, status: pack.status, clauseCount: pack.clauses.length })
        .where(eq(schema.standardVersions.ref, ref));
    } else if (!stored) {
      await db.insert(schema.standardVersions).values({
        ref,
        standard: pack.standard,
        version: pack.version,
        status: pack.status,
        contentHash,
        content: pack,
        clauseCount: pack.clauses.length,
      });
    }
    registry.set(ref, {
      ref,
      pack,
      standard: pack,
      contentHash,
      warnings: loaded.problems.filter((p) => p.severity === 'warning'),
    });
  }
  if (refused.length > 0) throw new StandardsLoadError(`standard packs refused:\n${refused.join('\n')}`);
  return registry;
}
