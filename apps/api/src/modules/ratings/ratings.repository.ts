import { type Executor, schema } from '@ccmm/db';
import { type ClauseRating, isRatingValue } from '@ccmm/engine';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { entryHash, GENESIS, type RatingValues, type StoredEntry } from './audit-trail.ts';

const { ratings, ratingEvents, raterRatings } = schema;

export type RatingRow = typeof ratings.$inferSelect;

export interface TrailChange {
  readonly clause: number;
  readonly old: RatingValues;
  readonly new: RatingValues;
  /** A carry-over: the assessment the values were copied from. */
  readonly carriedFrom?: string;
  /** A team audit: the rater whose own layer changed (absent: the team rating). */
  readonly layer?: string;
  /** A move to another edition: the edition whose numbering `clause` is in. */
  readonly edition?: string;
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
    const entry = {
      assessmentId,
      seq,
      clause: change.clause,
      actorId,
      at,
      old: change.old,
      new: change.new,
      ...(change.carriedFrom ? { carriedFrom: change.carriedFrom } : {}),
      ...(change.layer ? { layer: change.layer } : {}),
      ...(change.edition ? { edition: change.edition } : {}),
    };
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
      carriedFrom: change.carriedFrom ?? null,
      layer: change.layer ?? null,
      edition: change.edition ?? null,
      prevHash,
      hash,
    };
    prevHash = hash;
    return row;
  });
  return { rows, head: rows.length > 0 ? { seq, hash: prevHash } : head };
}

/** SQL of ratings and their trail; the rules of a write (versions, the summary) are in ratings.usecases.ts. */
export function createRatingsRepository(db: Executor) {
  return {
    async list(assessmentId: string): Promise<RatingRow[]> {
      return db
        .select()
        .from(ratings)
        .where(eq(ratings.assessmentId, assessmentId))
        .orderBy(asc(ratings.clause));
    },

    /** Only the clauses being written: a one-clause write reads one row, not 168. */
    async ofClauses(assessmentId: string, clauses: readonly number[]): Promise<RatingRow[]> {
      return db
        .select()
        .from(ratings)
        .where(and(eq(ratings.assessmentId, assessmentId), inArray(ratings.clause, [...clauses])));
    },

    async insert(assessmentId: string, clause: number, values: RatingValues, actorId: string) {
      const [row] = await db
        .insert(ratings)
        .values({ assessmentId, clause, ...values, version: 1, updatedBy: actorId })
        .returning();
      if (!row) throw new Error('rating write returned nothing');
      return row;
    },

    async update(current: RatingRow, values: RatingValues, actorId: string): Promise<RatingRow> {
      const [row] = await db
        .update(ratings)
        .set({
          ...values,
          carried: false,
          version: current.version + 1,
          updatedBy: actorId,
          updatedAt: new Date(),
        })
        .where(and(eq(ratings.assessmentId, current.assessmentId), eq(ratings.clause, current.clause)))
        .returning();
      if (!row) throw new Error('rating write returned nothing');
      return row;
    },

    /**
     * Copies the ratings (C-Rate, F-Rate, note; not the evidence, which belongs to the audit
     * that saw it) of a decided audit into a new one, each marked carried (to confirm). A
     * self-assessment's starting point is copied unmarked (`carried` false): it is the center's
     * draft to change, not a sample to confirm.
     */
    async carryOver(fromId: string, toId: string, actorId: string, carried = true): Promise<RatingRow[]> {
      const source = await this.list(fromId);
      if (source.length === 0) return [];
      return db
        .insert(ratings)
        .values(
          source.map((r) => ({
            assessmentId: toId,
            clause: r.clause,
            c: r.c,
            f: r.f,
            note: r.note,
            carried,
            version: 1,
            updatedBy: actorId,
          })),
        )
        .returning();
    },

    /** Appends the changes of one write to the assessment's trail, chained to its last entry. */
    async appendEvents(assessmentId: string, actorId: string, changes: readonly TrailChange[]) {
      if (changes.length === 0) return;
      const [last] = await db
        .select({ seq: ratingEvents.seq, hash: ratingEvents.hash })
        .from(ratingEvents)
        .where(eq(ratingEvents.assessmentId, assessmentId))
        .orderBy(desc(ratingEvents.seq))
        .limit(1);
      const { rows } = chainEvents(last ?? null, assessmentId, actorId, new Date(), changes);
      await db.insert(ratingEvents).values(rows);
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
        ...(r.carriedFrom ? { carriedFrom: r.carriedFrom } : {}),
        ...(r.layer ? { layer: r.layer } : {}),
        ...(r.edition ? { edition: r.edition } : {}),
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

export type LayerRow = typeof raterRatings.$inferSelect;

/**
 * One rater's own layer on a team audit: the same reads and writes as the team rating's, on
 * rater_ratings. writeRatings takes either.
 */
export function createLayerRepository(db: Executor, raterId: string) {
  const of = (assessmentId: string) =>
    and(eq(raterRatings.assessmentId, assessmentId), eq(raterRatings.raterId, raterId));
  return {
    async list(assessmentId: string): Promise<LayerRow[]> {
      return db.select().from(raterRatings).where(of(assessmentId)).orderBy(asc(raterRatings.clause));
    },

    async ofClauses(assessmentId: string, clauses: readonly number[]): Promise<LayerRow[]> {
      return db
        .select()
        .from(raterRatings)
        .where(and(of(assessmentId), inArray(raterRatings.clause, [...clauses])));
    },

    async insert(assessmentId: string, clause: number, values: RatingValues, actorId: string) {
      const [row] = await db
        .insert(raterRatings)
        .values({ assessmentId, clause, raterId, ...values, version: 1, updatedBy: actorId })
        .returning();
      if (!row) throw new Error('rating write returned nothing');
      return row;
    },

    async update(current: RatingRow, values: RatingValues, actorId: string): Promise<LayerRow> {
      const [row] = await db
        .update(raterRatings)
        .set({ ...values, version: current.version + 1, updatedBy: actorId, updatedAt: new Date() })
        .where(and(of(current.assessmentId), eq(raterRatings.clause, current.clause)))
        .returning();
      if (!row) throw new Error('rating write returned nothing');
      return row;
    },
  };
}

/** Every rater's layer of an audit, with the rater's name (the reconciliation view). */
export async function layersOf(db: Executor, assessmentId: string, clauses?: readonly number[]) {
  return db
    .select({
      raterId: raterRatings.raterId,
      clause: raterRatings.clause,
      c: raterRatings.c,
      f: raterRatings.f,
      note: raterRatings.note,
      version: raterRatings.version,
    })
    .from(raterRatings)
    .where(
      and(
        eq(raterRatings.assessmentId, assessmentId),
        clauses ? inArray(raterRatings.clause, [...clauses]) : undefined,
      ),
    )
    .orderBy(asc(raterRatings.clause));
}
