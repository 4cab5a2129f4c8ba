import { type Executor, schema } from '@ccmm/db';
import type { StandardPack } from '@ccmm/standard';
import { and, desc, eq } from 'drizzle-orm';

const { standardVersions: v, standardMappings: m, users } = schema;

export type StandardRow = typeof v.$inferSelect;
export type MappingRow = typeof m.$inferSelect;

/** Editions (standard versions) and the mappings between them, as stored. */
export function createStandardsRepository(db: Executor) {
  return {
    async find(ref: string): Promise<StandardRow | undefined> {
      const [row] = await db.select().from(v).where(eq(v.ref, ref));
      return row;
    },

    /** Stores a new draft; undefined when the ref is taken (by a concurrent upload too). */
    async insertDraft(input: {
      ref: string;
      pack: StandardPack;
      contentHash: string;
      replaces: string | null;
      revisionReason: string | null;
      createdBy: string;
    }): Promise<StandardRow | undefined> {
      const [row] = await db
        .insert(v)
        .values({
          ref: input.ref,
          standard: input.pack.standard,
          version: input.pack.version,
          status: 'draft',
          contentHash: input.contentHash,
          content: input.pack,
          clauseCount: input.pack.clauses.length,
          origin: 'upload',
          replaces: input.replaces,
          revisionReason: input.revisionReason,
          createdBy: input.createdBy,
        })
        .onConflictDoNothing()
        .returning();
      return row;
    },

    /** Changes a draft's content, or its status to published; undefined when it is no draft now. */
    async updateDraft(
      ref: string,
      change: { pack: StandardPack; contentHash: string; publishedAt?: Date },
    ): Promise<StandardRow | undefined> {
      const [row] = await db
        .update(v)
        .set({
          content: change.pack,
          contentHash: change.contentHash,
          clauseCount: change.pack.clauses.length,
          status: change.pack.status,
          ...(change.publishedAt ? { publishedAt: change.publishedAt } : {}),
        })
        .where(and(eq(v.ref, ref), eq(v.status, 'draft'), eq(v.origin, 'upload')))
        .returning();
      return row;
    },

    async insertMapping(input: {
      fromRef: string;
      toRef: string;
      content: unknown;
      createdBy: string;
    }): Promise<MappingRow | undefined> {
      const [row] = await db.insert(m).values(input).onConflictDoNothing().returning();
      return row;
    },

    async findMapping(fromRef: string, toRef: string): Promise<MappingRow | undefined> {
      const [row] = await db
        .select()
        .from(m)
        .where(and(eq(m.fromRef, fromRef), eq(m.toRef, toRef)));
      return row;
    },

    async listMappings(): Promise<MappingRow[]> {
      return db.select().from(m).orderBy(m.createdAt);
    },

    /** Every stored mapping with who stored it, newest first. */
    async listMappingsNamed() {
      return db
        .select({
          id: m.id,
          fromRef: m.fromRef,
          toRef: m.toRef,
          content: m.content,
          createdByName: users.name,
          createdAt: m.createdAt,
        })
        .from(m)
        .innerJoin(users, eq(users.id, m.createdBy))
        .orderBy(desc(m.createdAt), m.fromRef);
    },
  };
}
