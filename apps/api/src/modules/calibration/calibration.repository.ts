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
    db.select().from(raterRatings).where(inArray(raterRatings.assessmentId, ids)),
    db.select().from(ratings).where(inArray(ratings.assessmentId, ids)),
  ]);
  return multi.map(({ id, assessedOn }) => {
    const byRater = new Map<string, ClauseRating[]>();
    for (const r of layerRows)
      if (r.assessmentId === id) byRater.set(r.raterId, [...(byRater.get(r.raterId) ?? []), rated(r)]);
    return {
      assessmentId: id,
      assessedOn,
      layers: [...byRater.entries()].map(([raterId, list]) => ({ raterId, ratings: list })),
      team: teamRows.filter((r) => r.assessmentId === id).map(rated),
    };
  });
}

export async function namesOf(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
