import { type Database, schema } from '@ccmm/db';
import type { Standard } from '@ccmm/engine';
import {
  checkPack,
  findPackFiles,
  formatPath,
  loadPackFile,
  type PackProblem,
  type StandardPack,
  standardPackSchema,
} from '@ccmm/standard';
import { eq } from 'drizzle-orm';

/** How an edition came to be: a file or an upload, when it was published, what it revises. */
export interface EditionRecord {
  readonly origin: 'file' | 'upload';
  readonly publishedAt: Date | null;
  readonly replaces: string | null;
  readonly revisionReason: string | null;
}

export interface LoadedStandard {
  readonly ref: string;
  readonly pack: StandardPack;
  readonly standard: Standard;
  readonly contentHash: string;
  readonly warnings: readonly PackProblem[];
  readonly edition?: EditionRecord;
}

type StandardRow = typeof schema.standardVersions.$inferSelect;

export function editionRecord(row: StandardRow): EditionRecord {
  return {
    origin: row.origin === 'upload' ? 'upload' : 'file',
    publishedAt: row.publishedAt,
    replaces: row.replaces,
    revisionReason: row.revisionReason,
  };
}

/** An edition as stored (an upload): checked on the way in, its warnings found again here. */
export function loadedFromRow(row: StandardRow): LoadedStandard {
  const pack = standardPackSchema.parse(row.content);
  const warnings = checkPack(pack, 'en')
    .filter((f) => f.severity === 'warning')
    .map((f) => ({
      severity: f.severity,
      code: f.code,
      file: row.ref,
      path: formatPath(f.path),
      line: null,
      message: f.message,
    }));
  return {
    ref: row.ref,
    pack,
    standard: pack,
    contentHash: row.contentHash,
    warnings,
    edition: editionRecord(row),
  };
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
  // The editions uploaded through the API live in the database only; every edition gets its record.
  for (const row of await db.select().from(schema.standardVersions)) {
    const loaded = registry.get(row.ref);
    if (loaded) registry.set(row.ref, { ...loaded, edition: editionRecord(row) });
    else if (row.origin === 'upload') registry.set(row.ref, loadedFromRow(row));
  }
  return registry;
}
