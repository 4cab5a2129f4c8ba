import { type Database, schema } from '@ccmm/db';
import {
  type CarriedRatings,
  type ClauseMapping,
  type ClauseRating,
  carryRatings,
  type RatingValue,
  targetsOf,
} from '@ccmm/engine';
import type { ClauseMappingFile } from '@ccmm/standard';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { errors } from '../../errors.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import { refreshSummary } from '../benchmarks/summaries.ts';
import { createRatingsRepository } from '../ratings/ratings.repository.ts';
import { createStandardsRepository } from '../standards/standards.repository.ts';
import { isOpen } from './assessment-rules.ts';
import type { AssessmentView } from './assessments.repository.ts';
import { createAssessmentsRepository } from './assessments.repository.ts';

const { ratings, raterRatings, evidence, evidenceClauses, findings, assessments } = schema;

/** A stored mapping as the engine reads it. */
export function engineMapping(file: ClauseMappingFile): ClauseMapping {
  return { from: file.from, to: file.to, clauses: file.clauses };
}

/** The mapping from one edition to another, as stored (422 when there is none). */
export async function storedMapping(
  db: Database,
  fromRef: string,
  toRef: string,
): Promise<ClauseMappingFile> {
  const row = await createStandardsRepository(db).findMapping(fromRef, toRef);
  if (!row) throw errors.unprocessable('standard.mapping_not_found', { from: fromRef, to: toRef });
  return row.content as ClauseMappingFile;
}

export interface MoveResult {
  readonly assessmentId: string;
  readonly from: string;
  readonly to: string;
  /** Clauses of the new edition whose ratings were carried as they were (equal clauses). */
  readonly carried: number[];
  /** Clauses of the new edition with a proposed rating (split or merged), marked to confirm. */
  readonly proposed: { clause: number; kind: 'split' | 'merged'; sources: number[] }[];
  /** Old clauses whose ratings had no counterpart (removed). */
  readonly dropped: number[];
  /** Clauses of the new edition with no rating. */
  readonly unrated: number[];
}

/**
 * Moves an open assessment to another edition along the stored mapping: equal clauses keep
 * their ratings, split and merged ones get proposals marked carried (to confirm, as a
 * surveillance audit's carried ratings are), new ones start unrated. The trail records every
 * old rating removed and every new one set, each with the edition its clause number is in;
 * evidence links follow the mapping. A submitted or decided assessment never moves.
 */
export async function moveAssessment({
  db,
  standards,
  actor,
  assessment,
  to,
}: {
  db: Database;
  standards: StandardRegistry;
  actor: Actor;
  assessment: AssessmentView;
  to: string;
}): Promise<MoveResult> {
  if (actor.role === 'center_admin' && assessment.kind !== 'self') throw errors.forbidden();
  if (!isOpen(assessment)) throw errors.conflict('assessment.move_closed', { status: assessment.status });
  const from = assessment.standardRef;
  if (from === to) throw errors.unprocessable('assessment.move_same', { ref: to });
  const target = standards.find(to);
  if (!target) throw errors.unprocessable('standard.not_found', { ref: to });
  if (target.pack.status !== 'published') throw errors.unprocessable('standard.not_published', { ref: to });
  const mappingFile = await storedMapping(db, from, to);
  const mapping = engineMapping(mappingFile);

  return db.transaction(async (tx) => {
    const locked = await createAssessmentsRepository(tx).lock(assessment.id);
    if (!locked || !isOpen(locked)) {
      throw errors.conflict('assessment.move_closed', { status: locked?.status ?? assessment.status });
    }
    if (assessment.sample)
      throw errors.conflict('assessment.move_blocked', { what: 'a surveillance sample' });
    const [layers] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(raterRatings)
      .where(eq(raterRatings.assessmentId, assessment.id));
    if ((layers?.n ?? 0) > 0) throw errors.conflict('assessment.move_blocked', { what: 'rater layers' });
    const [raised] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(findings)
      .where(eq(findings.assessmentId, assessment.id));
    if ((raised?.n ?? 0) > 0) throw errors.conflict('assessment.move_blocked', { what: 'findings' });

    const repository = createRatingsRepository(tx);
    const value = (v: number | null) => v as RatingValue | null;
    type Held = ClauseRating & { readonly note: string | null; readonly carried: boolean };
    const before: Held[] = (await repository.list(assessment.id)).map((r) => ({
      clause: r.clause,
      c: value(r.c),
      f: value(r.f),
      note: r.note,
      carried: r.carried,
    }));
    const result: CarriedRatings = carryRatings(mapping, before);
    const notes = new Map(before.map((r) => [r.clause, r.note]));
    // carryRatings keeps the fields of each rating it carries as it is (note, carried).

    await tx.delete(ratings).where(eq(ratings.assessmentId, assessment.id));
    const rows = [
      // An equal clause keeps its rating as it stood (still to confirm if it was carried over).
      ...result.ratings.map((r) => {
        const { note, carried } = r as Held;
        return { clause: r.clause, c: r.c, f: r.f, note, carried };
      }),
      ...result.proposals.map((p) => ({
        clause: p.clause,
        c: p.c,
        f: p.f,
        note: p.sources.length === 1 ? (notes.get(p.sources[0] as number) ?? null) : null,
        carried: true,
      })),
    ];
    if (rows.length > 0) {
      await tx
        .insert(ratings)
        .values(
          rows.map((r) => ({ ...r, assessmentId: assessment.id, version: 1, updatedBy: actor.userId })),
        );
    }
    await tx
      .update(assessments)
      .set({ standardRef: to, updatedAt: new Date() })
      .where(eq(assessments.id, assessment.id));

    // Evidence links follow their clause (all parts of a split; nowhere for a removed one).
    const ids = (
      await tx.select({ id: evidence.id }).from(evidence).where(eq(evidence.assessmentId, assessment.id))
    ).map((e) => e.id);
    if (ids.length > 0) {
      const links = await tx.select().from(evidenceClauses).where(inArray(evidenceClauses.evidenceId, ids));
      const targets = new Map(mapping.clauses.map((m) => [m.from, targetsOf(m)]));
      await tx.delete(evidenceClauses).where(inArray(evidenceClauses.evidenceId, ids));
      const moved = links.flatMap((l) =>
        (targets.get(l.clause) ?? []).map((clause) => ({ evidenceId: l.evidenceId, clause })),
      );
      if (moved.length > 0) await tx.insert(evidenceClauses).values(moved).onConflictDoNothing();
    }

    await repository.appendEvents(assessment.id, actor.userId, [
      ...before.map((r) => ({
        clause: r.clause,
        old: { c: r.c, f: r.f, note: r.note },
        new: { c: null, f: null, note: null },
        edition: from,
      })),
      ...rows.map((r) => ({
        clause: r.clause,
        old: { c: null, f: null, note: null },
        new: { c: r.c, f: r.f, note: r.note },
        edition: to,
      })),
    ]);
    await refreshSummary(tx, standards, assessment.id);

    const rated = new Set(rows.map((r) => r.clause));
    return {
      assessmentId: assessment.id,
      from,
      to,
      carried: result.ratings.map((r) => r.clause),
      proposed: result.proposals.map((p) => ({ clause: p.clause, kind: p.kind, sources: [...p.sources] })),
      dropped: result.dropped,
      unrated: target.pack.clauses.map((c) => c.number).filter((n) => !rated.has(n)),
    };
  });
}
