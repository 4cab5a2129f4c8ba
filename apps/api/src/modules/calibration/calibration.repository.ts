import { type Executor, schema } from '@ccmm/db';
import { type ClauseRating, isRatingValue, type RaterLayer } from '@ccmm/engine';
import { asc, eq, inArray, sql } from 'drizzle-orm';

const { assessments, raterRatings, ratings, users } = schema;

const rated = (r: { clause: number; c: number | null; f: number | null }): ClauseRating => ({
  clause: r.clause,
  c: isRatingValue(r.c) ? r.c : null,
  f: isRatingValue(r.f) ? r.f : null,
});

export interface TeamAudit {
  readonly assessmentId: string;
  readonly assessedOn: string;
  readonly layers: RaterLayer[];
  readonly team: ClauseRating[];
}

/** Every audit with layers of two or more raters, with its layers and team rating. */
export async function teamAudits(db: Executor): Promise<TeamAudit[]> {
  // rater_ratings_rater does not serve this full read; the primary key's assessment prefix does.
  const multi = await db
    .select({ id: raterRatings.assessmentId, assessedOn: assessments.assessedOn })
    .from(raterRatings)
    .innerJoin(assessments, eq(assessments.id, raterRatings.assessmentId))
    .groupBy(raterRatings.assessmentId, assessments.assessedOn)
    .having(sql`count(distinct ${raterRatings.raterId}) > 1`)
    .orderBy(asc(assessments.assessedOn));
  if (multi.length === 0) return [];
  const ids = multi.map((m) => m.id);
  const [layerRows, teamRows] = await Promise.all([
    db
      .select({
        assessmentId: raterRatings.assessmentId,
        raterId: raterRatings.raterId,
        clause: raterRatings.clause,
        c: raterRatings.c,
        f: raterRatings.f,
      })
      .from(raterRatings)
      .where(inArray(raterRatings.assessmentId, ids)),
    db
      .select({ assessmentId: ratings.assessmentId, clause: ratings.clause, c: ratings.c, f: ratings.f })
      .from(ratings)
      .where(inArray(ratings.assessmentId, ids)),
  ]);
  // Grouped in one pass each: the demo's 341 team audits hold ~100k layer rows.
  const layersOf = new Map<string, Map<string, ClauseRating[]>>();
  for (const r of layerRows) {
    const byRater = layersOf.get(r.assessmentId) ?? new Map<string, ClauseRating[]>();
    layersOf.set(r.assessmentId, byRater);
    const list = byRater.get(r.raterId) ?? [];
    byRater.set(r.raterId, list);
    list.push(rated(r));
  }
  const teamOf = new Map<string, ClauseRating[]>();
  for (const r of teamRows) {
    const list = teamOf.get(r.assessmentId) ?? [];
    teamOf.set(r.assessmentId, list);
    list.push(rated(r));
  }
  return multi.map(({ id, assessedOn }) => ({
    assessmentId: id,
    assessedOn,
    layers: [...(layersOf.get(id) ?? new Map<string, ClauseRating[]>()).entries()].map(([raterId, list]) => ({
      raterId,
      ratings: list,
    })),
    team: teamOf.get(id) ?? [],
  }));
}

export async function namesOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
