import type { Database } from '@ccmm/db';
import { format } from '@ccmm/engine';
import { csvMessages, parseRatingsCsv } from '@ccmm/ratings-csv';
import type { Actor } from '../../actor.ts';
import { errors, messageFor } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { isOpen } from '../assessments/assessment-rules.ts';
import type { AssessmentView } from '../assessments/assessments.repository.ts';
import { refreshSummary, summaryAfter } from '../benchmarks/summaries.ts';
import type { RatingValues } from './audit-trail.ts';
import {
  chainEvents,
  layersOf,
  lockForWrite,
  type RatingRow,
  storeWrite,
  type TrailChange,
  type WriteStep,
} from './ratings.repository.ts';

export interface RatingChange {
  readonly clause: number;
  readonly c: number | null;
  readonly f: number | null;
  readonly note: string | null;
  /** The version the writer last saw (0: never rated); undefined: overwrite (an import). */
  readonly expectedVersion?: number;
}

/** 409: the clause is not at the version the writer last saw; the answer carries it as it is. */
export const ratingConflict = (clause: number, current: RatingRow | null) =>
  errors.conflict('rating.conflict', { clause, current: current?.version ?? 0 }, { current });

const same = (a: RatingValues, b: RatingValues) => a.c === b.c && a.f === b.f && a.note === b.note;

/**
 * Writes ratings all-or-nothing, each change appended to the audit trail, and adjusts the
 * assessment's summary by the change. The assessment row is locked for the transaction: writes
 * to one assessment are serialized, so a stale version is refused (never silently overwritten)
 * and the trail stays one chain. Two statements: one locks and reads what the write needs (the
 * status, the written clauses, the trail's head, the summary), one stores it all.
 */
export async function writeRatings({
  db,
  standards,
  actorId,
  assessmentId,
  changes,
  verifiedCorrection = false,
  layer,
}: {
  db: Database;
  standards: StandardRegistry;
  actorId: string;
  assessmentId: string;
  changes: readonly RatingChange[];
  /** A finding's verified correction re-rates its clauses while the audit awaits its decision. */
  verifiedCorrection?: boolean;
  /**
   * A team audit: the rater whose own layer this writes (their versions are their own, so two
   * raters never conflict). Undefined: the team rating, which eligibility and decisions read.
   */
  layer?: string | undefined;
}): Promise<{ ratings: RatingRow[] }> {
  return db.transaction(async (tx) => {
    const target = { layer };
    const state = await lockForWrite(
      tx,
      assessmentId,
      changes.map((c) => c.clause),
      target,
    );
    const writable =
      state &&
      (isOpen(state) ||
        (verifiedCorrection && (state.status === 'submitted' || state.status === 'in_review')));
    if (!writable) {
      throw errors.conflict('assessment.closed', { status: state?.status ?? 'missing' });
    }
    const existing = new Map(state.current.map((r) => [r.clause, r]));
    const at = new Date();
    const written: RatingRow[] = [];
    // By clause: a clause written twice in one go is stored once, at its last values and version.
    const rows = new Map<number, WriteStep['rows'][number]>();
    const events: TrailChange[] = [];
    for (const change of changes) {
      const current = existing.get(change.clause) ?? null;
      if (change.expectedVersion !== undefined && change.expectedVersion !== (current?.version ?? 0)) {
        throw ratingConflict(change.clause, current);
      }
      const before: RatingValues = {
        c: current?.c ?? null,
        f: current?.f ?? null,
        note: current?.note ?? null,
      };
      const after: RatingValues = { c: change.c, f: change.f, note: change.note };
      // The same values again leave a rating alone, except a carried one: that is its
      // confirmation, recorded in the trail with equal old and new values.
      if (current && same(before, after) && !current.carried) {
        written.push(current);
        continue;
      }
      const version = (current?.version ?? 0) + 1;
      const row: RatingRow = {
        assessmentId,
        clause: change.clause,
        ...(layer ? { raterId: layer } : {}),
        ...after,
        // A layer's row keeps its mark; the team rating's is confirmed by any write.
        carried: layer ? (current?.carried ?? false) : false,
        version,
        updatedBy: actorId,
        updatedAt: at,
      };
      existing.set(change.clause, row);
      written.push(row);
      rows.set(change.clause, { clause: change.clause, ...after, version });
      events.push({ clause: change.clause, old: before, new: after, ...(layer ? { layer } : {}) });
    }
    if (events.length === 0) return { ratings: written };
    const { rows: trail } = chainEvents(state.head, assessmentId, actorId, at, events);
    // The summary benchmarks read, adjusted by the change under the same lock and in the same
    // transaction: it commits (or rolls back) with the ratings. A layer leaves it alone.
    const summary =
      layer || !state.summary
        ? null
        : summaryAfter(standards.get(state.standardRef).standard, state.summary, state, events);
    // One statement per write, whichever rating (team or layer) it changes.
    await storeWrite(tx, target, {
      assessmentId,
      actorId,
      at,
      rows: [...rows.values()],
      trail,
      summary,
      start: state.status === 'draft',
    });
    // No summary to adjust (none yet, or without the clause's areas): recompute it from the ratings.
    if (!layer && !summary) await refreshSummary(tx, standards, assessmentId);
    return { ratings: written };
  });
}

/** Rates one clause of a writable assessment, guarded by the version the writer last saw. */
export async function rateClause({
  db,
  standards,
  actor,
  assessment,
  clause,
  rating,
  layer,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  assessment: AssessmentView;
  clause: number;
  rating: { c: number | null; f: number | null; note?: string | null; version: number };
  /** The caller's own layer on a team audit (undefined: the team rating). */
  layer?: string | undefined;
}): Promise<{ rating: RatingRow }> {
  if (standards.unknownClauses(assessment.standardRef, [clause]).length > 0) {
    throw errors.badRequest('clause.unknown', { clause, standard: assessment.standardRef });
  }
  const { c, f, version } = rating;
  const {
    ratings: [written],
  } = await writeRatings({
    db,
    standards,
    actorId: actor.userId,
    assessmentId: assessment.id,
    changes: [{ clause, c, f, note: rating.note ?? null, expectedVersion: version }],
    layer,
  });
  if (!written) throw new Error('nothing written');
  return { rating: written };
}

export interface ImportProblem {
  line: number | null;
  code: string;
  message: string;
}

type RatingEntry = { clause: number; c: number | null; f: number | null; note?: string | null | undefined };

/** The changes of an import (CSV) or a list (JSON), or 400 with every problem: all or nothing. */
function changesOf(
  standards: StandardRegistry,
  actor: Actor,
  assessment: AssessmentView,
  input: Buffer | { ratings: readonly RatingEntry[] },
): RatingChange[] {
  if (Buffer.isBuffer(input)) {
    const { standard } = standards.get(assessment.standardRef);
    const parsed = parseRatingsCsv(input, standard, actor.locale);
    // PostgreSQL cannot store U+0000: a note holding one is refused like any malformed line.
    const problems = [
      ...parsed.problems,
      ...parsed.ratings
        .filter((r) => r.note?.includes('\u0000'))
        .map((r) => ({
          line: r.line,
          code: 'csv.malformed' as const,
          message: format(csvMessages['csv.malformed'], actor.locale, {
            line: r.line,
            reason: 'the note contains U+0000 (NUL)',
          }),
        })),
    ];
    if (problems.length > 0) {
      throw errors.badRequest('rating.import_refused', { count: problems.length }, { problems });
    }
    return parsed.ratings.map((r) => ({ clause: r.clause, c: r.c, f: r.f, note: r.note }));
  }
  const entries = input.ratings;
  const problems: ImportProblem[] = [];
  const seen = new Set<number>();
  entries.forEach((entry, i) => {
    if (standards.unknownClauses(assessment.standardRef, [entry.clause]).length > 0) {
      problems.push({
        line: i + 1,
        code: 'clause.unknown',
        message: messageFor('clause.unknown', actor.locale, {
          clause: entry.clause,
          standard: assessment.standardRef,
        }),
      });
    } else if (seen.has(entry.clause)) {
      problems.push({
        line: i + 1,
        code: 'rating.duplicate_clause',
        message: messageFor('rating.duplicate_clause', actor.locale, { line: i + 1, clause: entry.clause }),
      });
    }
    seen.add(entry.clause);
  });
  if (problems.length > 0) {
    throw errors.badRequest('rating.import_refused', { count: problems.length }, { problems });
  }
  return entries.map((e) => ({ clause: e.clause, c: e.c, f: e.f, note: e.note ?? null }));
}

/** Rates many clauses at once, from the CSV import format or a JSON list: all or nothing. */
export async function rateMany({
  db,
  standards,
  actor,
  assessment,
  input,
  layer,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  assessment: AssessmentView;
  input: Buffer | { ratings: readonly RatingEntry[] };
  layer?: string | undefined;
}): Promise<{ ratings: RatingRow[] }> {
  const changes = changesOf(standards, actor, assessment, input);
  return writeRatings({ db, standards, actorId: actor.userId, assessmentId: assessment.id, changes, layer });
}

/**
 * The lead auditor sets the team rating of one clause of a team audit, through the same write
 * path (version check, trail). Where the raters proposed different values a reason is required;
 * it is kept as the team rating's note.
 */
export async function setTeamRating({
  db,
  standards,
  actor,
  assessment,
  clause,
  rating,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  assessment: AssessmentView;
  clause: number;
  rating: { c: number | null; f: number | null; reason?: string | undefined; version: number };
}): Promise<{ rating: RatingRow }> {
  if (standards.unknownClauses(assessment.standardRef, [clause]).length > 0) {
    throw errors.badRequest('clause.unknown', { clause, standard: assessment.standardRef });
  }
  const proposals = new Set(
    (await layersOf(db, assessment.id, [clause]))
      .filter((l) => l.c !== null || l.f !== null)
      .map((l) => `${l.c}/${l.f}`),
  );
  const reason = rating.reason?.trim() || null;
  if (proposals.size > 1 && !reason) throw errors.badRequest('rating.reason_required', { clause });
  const {
    ratings: [written],
  } = await writeRatings({
    db,
    standards,
    actorId: actor.userId,
    assessmentId: assessment.id,
    changes: [{ clause, c: rating.c, f: rating.f, note: reason, expectedVersion: rating.version }],
  });
  if (!written) throw new Error('nothing written');
  return { rating: written };
}
