import { type AssessmentStatus, type Executor, rowsOf, schema } from '@ccmm/db';
import { type ClauseRating, isRatingValue } from '@ccmm/engine';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { SummaryState } from '../benchmarks/summaries.ts';
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

/** One rater's own layer on a team audit: the same reads as the team rating's, on rater_ratings. */
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

/** What a rating write reads under the assessment's lock, in one statement. */
export interface WriteState {
  readonly status: AssessmentStatus;
  readonly standardRef: string;
  readonly assessedOn: string;
  /** Frozen at submission; the organization's current date before that. */
  readonly operatingSince: string;
  readonly head: ChainHead;
  /** The written clauses' current rows (of the team rating, or of the layer). */
  readonly current: RatingRow[];
  /** The team rating's summary (null: none yet, or a layer's write, which leaves it alone). */
  readonly summary: SummaryState | null;
}

/** The row a write changes: the team rating, or one rater's own layer on a team audit. */
export type WriteTarget = { readonly layer?: string | undefined };

const tableOf = (target: WriteTarget) => (target.layer ? raterRatings : ratings);

/**
 * Locks the assessment's row for the transaction (rating writes, summary refreshes and
 * decisions on one assessment are serialized by it) and reads, under the lock, all a write
 * needs: the status, the trail's head, the written clauses' current rows and the summary.
 *
 * Two statements sent together (pipelined: one round trip): the read must be a statement of
 * its own after the lock, since a statement sees the data of when it started, and one that
 * waited for the lock would read the trail's head from before the other writer's commit.
 */
export async function lockForWrite(
  db: Executor,
  assessmentId: string,
  clauses: readonly number[],
  target: WriteTarget,
): Promise<WriteState | undefined> {
  const table = tableOf(target);
  const ofLayer = target.layer ? sql` and r.rater_id = ${target.layer}::uuid` : sql``;
  const withSummary = !target.layer;
  const lock = db.execute(
    sql`select status from ${schema.assessments} where id = ${assessmentId}::uuid for update`,
  );
  const read = db.execute(sql`
      select a.standard_ref, a.assessed_on::text as assessed_on,
        coalesce(a.operating_since, o.operating_since)::text as operating_since,
        (select json_build_object('seq', e.seq, 'hash', e.hash) from ${ratingEvents} e
          where e.assessment_id = a.id order by e.seq desc limit 1) as head,
        (select coalesce(json_agg(json_build_object(
            'assessmentId', r.assessment_id, 'clause', r.clause, 'c', r.c, 'f', r.f, 'note', r.note,
            ${target.layer ? sql`'raterId', r.rater_id,` : sql``}
            'carried', r.carried, 'version', r.version, 'updatedBy', r.updated_by,
            'updatedAt', to_char(r.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))), '[]'::json)
          from ${table} r
          where r.assessment_id = a.id and r.clause = any(${`{${clauses.join(',')}}`}::int[])${ofLayer}) as current,
        ${withSummary ? sql`s.level, s.total, s.complete, s.scored_rates, s.areas` : sql`null as level, null as total, null as complete, null as scored_rates, null as areas`}
      from ${schema.assessments} a
      join ${schema.organizations} o on o.id = a.organization_id
      left join ${schema.assessmentSummaries} s on s.assessment_id = a.id
      where a.id = ${assessmentId}::uuid`);
  const [locked] = rowsOf<{ status: AssessmentStatus }>(await lock);
  const rows = rowsOf<{
    standard_ref: string;
    assessed_on: string;
    operating_since: string;
    head: { seq: number; hash: string } | null;
    current: (Omit<RatingRow, 'updatedAt'> & { updatedAt: string })[];
    level: number | null;
    total: number | null;
    complete: boolean | null;
    scored_rates: number | null;
    areas: SummaryState['areas'] | null;
  }>(await read);
  const [row] = rows;
  if (!locked || !row) return undefined;
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  const head = parse(row.head);
  return {
    status: locked.status,
    standardRef: row.standard_ref,
    assessedOn: row.assessed_on,
    operatingSince: row.operating_since,
    head: head ? { seq: Number(head.seq), hash: head.hash } : null,
    current: parse(row.current).map((r) => ({ ...r, updatedAt: new Date(r.updatedAt) })),
    summary:
      row.level === null ||
      row.total === null ||
      row.complete === null ||
      row.scored_rates === null ||
      !row.areas
        ? null
        : {
            level: row.level,
            total: row.total,
            complete: row.complete,
            scoredRates: row.scored_rates,
            areas: parse(row.areas),
          },
  };
}

/** The rows, trail entries and summary of one write, stored in one statement. */
export interface WriteStep {
  readonly assessmentId: string;
  readonly actorId: string;
  readonly at: Date;
  /** Each written clause's values and its new version (1: a first rating). */
  readonly rows: readonly (RatingValues & { readonly clause: number; readonly version: number })[];
  readonly trail: readonly (typeof ratingEvents.$inferInsert)[];
  /** The team rating's summary after the write (null: leave it, a layer's write). */
  readonly summary: SummaryState | null;
  /** A draft's first rating puts it in progress. */
  readonly start: boolean;
}

/**
 * Upserts the written rows (the team rating's, or the layer's), appends their trail entries,
 * sets the summary and starts a draft: one statement, in the transaction holding the lock.
 */
export async function storeWrite(db: Executor, target: WriteTarget, step: WriteStep): Promise<void> {
  const at = step.at.toISOString();
  const rows = JSON.stringify(step.rows);
  const trail = JSON.stringify(
    step.trail.map((e) => ({
      seq: e.seq,
      clause: e.clause,
      old_c: e.oldC,
      old_f: e.oldF,
      old_note: e.oldNote,
      new_c: e.newC,
      new_f: e.newF,
      new_note: e.newNote,
      prev_hash: e.prevHash,
      hash: e.hash,
    })),
  );
  const upsert = target.layer
    ? sql`insert into ${raterRatings} (assessment_id, clause, rater_id, c, f, note, version, updated_by, updated_at)
        select ${step.assessmentId}::uuid, x.clause, ${target.layer}::uuid, x.c, x.f, x.note, x.version, ${step.actorId}::uuid, ${at}::timestamptz
        from jsonb_to_recordset(${rows}::jsonb) as x(clause int, c smallint, f smallint, note text, version int)
        on conflict (assessment_id, clause, rater_id) do update set c = excluded.c, f = excluded.f,
          note = excluded.note, version = excluded.version, updated_by = excluded.updated_by,
          updated_at = excluded.updated_at`
    : sql`insert into ${ratings} (assessment_id, clause, c, f, note, carried, version, updated_by, updated_at)
        select ${step.assessmentId}::uuid, x.clause, x.c, x.f, x.note, false, x.version, ${step.actorId}::uuid, ${at}::timestamptz
        from jsonb_to_recordset(${rows}::jsonb) as x(clause int, c smallint, f smallint, note text, version int)
        on conflict (assessment_id, clause) do update set c = excluded.c, f = excluded.f,
          note = excluded.note, carried = false, version = excluded.version,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at`;
  const summary = step.summary;
  await db.execute(sql`
    with written as (${upsert} returning 1),
    trail as (
      insert into ${ratingEvents} (assessment_id, seq, clause, actor_id, at, old_c, old_f, old_note,
        new_c, new_f, new_note, layer, prev_hash, hash)
      select ${step.assessmentId}::uuid, e.seq, e.clause, ${step.actorId}::uuid, ${at}::timestamptz,
        e.old_c, e.old_f, e.old_note, e.new_c, e.new_f, e.new_note, ${target.layer ?? null}::uuid,
        e.prev_hash, e.hash
      from jsonb_to_recordset(${trail}::jsonb) as e(seq int, clause int, old_c smallint,
        old_f smallint, old_note text, new_c smallint, new_f smallint, new_note text,
        prev_hash text, hash text)
      returning 1
    )${
      summary
        ? sql`,
    summary as (
      update ${schema.assessmentSummaries} set level = ${summary.level}, total = ${summary.total},
        complete = ${summary.complete}, scored_rates = ${summary.scoredRates},
        areas = ${JSON.stringify(summary.areas)}::jsonb, updated_at = ${at}::timestamptz
      where assessment_id = ${step.assessmentId}::uuid
      returning 1
    )`
        : sql``
    }${
      step.start
        ? sql`,
    started as (
      update ${schema.assessments} set status = 'in_progress', updated_at = ${at}::timestamptz
      where id = ${step.assessmentId}::uuid and status = 'draft'
      returning 1
    )`
        : sql``
    }
    select (select count(*) from written)::int as written, (select count(*) from trail)::int as entries`);
}
