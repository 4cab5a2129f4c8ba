import { type Database, type Executor, schema } from '@ccmm/db';
import { type ClauseRating, isRatingValue } from '@ccmm/engine';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { isOpen } from '../assessments/assessment-rules.ts';
import { refreshSummary, type StandardLookup } from '../benchmarks/summaries.ts';
import { entryHash, GENESIS, type RatingValues, type StoredEntry } from './audit-trail.ts';

const { assessments, ratings, ratingEvents } = schema;

export type RatingRow = typeof ratings.$inferSelect;

export interface RatingChange {
  readonly clause: number;
  readonly c: number | null;
  readonly f: number | null;
  readonly note: string | null;
  /** The version the writer last saw (0: never rated); undefined: overwrite (an import). */
  readonly expectedVersion?: number;
}

export type WriteOutcome =
  | { readonly ok: true; readonly ratings: RatingRow[] }
  | { readonly ok: false; readonly reason: 'closed'; readonly status: string }
  | {
      readonly ok: false;
      readonly reason: 'conflict';
      readonly current: RatingRow | null;
      readonly clause: number;
    };

class Rollback extends Error {
  constructor(readonly outcome: WriteOutcome) {
    super('rollback');
  }
}

const same = (a: RatingValues, b: RatingValues) => a.c === b.c && a.f === b.f && a.note === b.note;

export interface TrailChange {
  readonly clause: number;
  readonly old: RatingValues;
  readonly new: RatingValues;
}

/** The last entry of an assessment's chain (null: none yet). */
export type ChainHead = { readonly seq: number; readonly hash: string } | null;

/**
 * The trail rows of one write (one actor, one instant) after `head`, each hashing the one
 * before it, and the new head. Rating writes and the demo loader chain entries with it.
 */
export function chainEvents(
  head: ChainHead,
  assessmentId: string,
  actorId: string,
  when: Date,
  changes: readonly TrailChange[],
): { rows: (typeof ratingEvents.$inferInsert)[]; head: ChainHead } {
  // Hashed as the trail reads it back: ISO 8601 in UTC with milliseconds.
  const at = when.toISOString();
  let seq = head?.seq ?? 0;
  let prevHash = head?.hash ?? GENESIS;
  const rows = changes.map((change) => {
    seq += 1;
    const entry = { assessmentId, seq, clause: change.clause, actorId, at, old: change.old, new: change.new };
    const hash = entryHash(prevHash, entry);
    const row = {
      assessmentId,
      seq,
      clause: change.clause,
      actorId,
      at: new Date(at),
      oldC: change.old.c,
      oldF: change.old.f,
      oldNote: change.old.note,
      newC: change.new.c,
      newF: change.new.f,
      newNote: change.new.note,
      prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  return { rows, head: rows.length > 0 ? { seq, hash: prevHash } : head };
}

/** `standards`: to keep the assessment's summary in step with every write (see summaries.ts). */
export function createScoresRepository(db: Database, standards: StandardLookup) {
  async function appendEvents(
    tx: Executor,
    assessmentId: string,
    actorId: string,
    changes: readonly TrailChange[],
  ) {
    if (changes.length === 0) return;
    const [last] = await tx
      .select({ seq: ratingEvents.seq, hash: ratingEvents.hash })
      .from(ratingEvents)
      .where(eq(ratingEvents.assessmentId, assessmentId))
      .orderBy(desc(ratingEvents.seq))
      .limit(1);
    const { rows } = chainEvents(last ?? null, assessmentId, actorId, new Date(), changes);
    await tx.insert(ratingEvents).values(rows);
  }

  return {
    async list(assessmentId: string): Promise<RatingRow[]> {
      return db
        .select()
        .from(ratings)
        .where(eq(ratings.assessmentId, assessmentId))
        .orderBy(asc(ratings.clause));
    },

    /**
     * Writes ratings all-or-nothing, each change appended to the audit trail. The assessment row
     * is locked for the transaction: writes to one assessment are serialized, so a stale
     * version is refused (never silently overwritten) and the trail stays one chain.
     */
    async write(
      assessmentId: string,
      actorId: string,
      changes: readonly RatingChange[],
    ): Promise<WriteOutcome> {
      try {
        return await db.transaction(async (tx) => {
          const [assessment] = await tx
            .select({ status: assessments.status })
            .from(assessments)
            .where(eq(assessments.id, assessmentId))
            .for('update');
          if (!assessment || !isOpen(assessment)) {
            throw new Rollback({ ok: false, reason: 'closed', status: assessment?.status ?? 'missing' });
          }
          // Only the clauses being written: a one-clause write reads one row, not 168.
          const clauses = changes.map((c) => c.clause);
          const rows = await tx
            .select()
            .from(ratings)
            .where(and(eq(ratings.assessmentId, assessmentId), inArray(ratings.clause, clauses)));
          const existing = new Map(rows.map((r) => [r.clause, r]));
          const written: RatingRow[] = [];
          const events: TrailChange[] = [];
          for (const change of changes) {
            const current = existing.get(change.clause) ?? null;
            if (change.expectedVersion !== undefined && change.expectedVersion !== (current?.version ?? 0)) {
              throw new Rollback({ ok: false, reason: 'conflict', current, clause: change.clause });
            }
            const before: RatingValues = {
              c: current?.c ?? null,
              f: current?.f ?? null,
              note: current?.note ?? null,
            };
            const after: RatingValues = { c: change.c, f: change.f, note: change.note };
            if (current && same(before, after)) {
              written.push(current);
              continue;
            }
            const [row] = current
              ? await tx
                  .update(ratings)
                  .set({ ...after, version: current.version + 1, updatedBy: actorId, updatedAt: new Date() })
                  .where(and(eq(ratings.assessmentId, assessmentId), eq(ratings.clause, change.clause)))
                  .returning()
              : await tx
                  .insert(ratings)
                  .values({ assessmentId, clause: change.clause, ...after, version: 1, updatedBy: actorId })
                  .returning();
            if (!row) throw new Error('rating write returned nothing');
            existing.set(change.clause, row);
            written.push(row);
            events.push({ clause: change.clause, old: before, new: after });
          }
          await appendEvents(tx, assessmentId, actorId, events);
          // The summary benchmarks read, recomputed from all the assessment's ratings under the
          // same lock and in the same transaction: it commits (or rolls back) with them.
          if (events.length > 0) await refreshSummary(tx, standards, assessmentId);
          if (assessment.status === 'draft' && events.length > 0) {
            await tx
              .update(assessments)
              .set({ status: 'in_progress', updatedAt: new Date() })
              .where(eq(assessments.id, assessmentId));
          }
          return { ok: true, ratings: written } as const;
        });
      } catch (error) {
        if (error instanceof Rollback) return error.outcome;
        throw error;
      }
    },

    async trail(assessmentId: string): Promise<StoredEntry[]> {
      const rows = await db
        .select()
        .from(ratingEvents)
        .where(eq(ratingEvents.assessmentId, assessmentId))
        .orderBy(asc(ratingEvents.seq));
      return rows.map((r) => ({
        assessmentId: r.assessmentId,
        seq: r.seq,
        clause: r.clause,
        actorId: r.actorId,
        at: r.at.toISOString(),
        old: { c: r.oldC, f: r.oldF, note: r.oldNote },
        new: { c: r.newC, f: r.newF, note: r.newNote },
        prevHash: r.prevHash,
        hash: r.hash,
      }));
    },

    async trailLength(assessmentId: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(ratingEvents)
        .where(eq(ratingEvents.assessmentId, assessmentId));
      return row?.n ?? 0;
    },
  };
}

/** A stored row as the engine takes it (the database's check constraints keep values 0/5/10). */
export function asClauseRating(row: Pick<RatingRow, 'clause' | 'c' | 'f'>): ClauseRating {
  return {
    clause: row.clause,
    c: isRatingValue(row.c) ? row.c : null,
    f: isRatingValue(row.f) ? row.f : null,
  };
}
