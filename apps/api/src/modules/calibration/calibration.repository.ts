import { type Executor, schema } from '@ccmm/db';
import { type ClauseRating, isRatingValue, type RaterLayer } from '@ccmm/engine';
import { asc, inArray, sql } from 'drizzle-orm';

const { assessments, raterRatings, ratings, users } = schema;

const rated = (r: { clause: number; c: number | null; f: number | null }): ClauseRating => ({
  clause: r.clause,
  c: isRatingValue(r.c) ? r.c : null,
  f: isRatingValue(r.f) ? r.f : null,
});

export interface TeamAudit {
  readonly assessmentId: string;
  readonly standardRef: string;
  readonly assessedOn: string;
  readonly layers: RaterLayer[];
  readonly team: ClauseRating[];
}

/** A clause's values as arrays, one row per group (ordered by clause). */
const valuesOf = (table: typeof raterRatings | typeof ratings) => ({
  clauses: sql<number[]>`array_agg(${table.clause} order by ${table.clause})`,
  c: sql<(number | null)[]>`array_agg(${table.c} order by ${table.clause})`,
  f: sql<(number | null)[]>`array_agg(${table.f} order by ${table.clause})`,
});

const unpack = (row: { clauses: number[]; c: (number | null)[]; f: (number | null)[] }) =>
  row.clauses.map((clause, i) => rated({ clause, c: row.c[i] ?? null, f: row.f[i] ?? null }));

/**
 * Every audit with layers of two or more raters, with its layers and team rating. Read as one
 * row per layer and one per team rating, each with its values as arrays: the demo's 341 team
 * audits hold ~100k layer ratings, and reading them row by row took seconds on PGlite.
 */
export async function teamAudits(db: Executor): Promise<TeamAudit[]> {
  const layerRows = await db
    .select({
      assessmentId: raterRatings.assessmentId,
      raterId: raterRatings.raterId,
      ...valuesOf(raterRatings),
    })
    .from(raterRatings)
    .groupBy(raterRatings.assessmentId, raterRatings.raterId);
  const layersOf = new Map<string, RaterLayer[]>();
  for (const row of layerRows)
    layersOf.set(row.assessmentId, [
      ...(layersOf.get(row.assessmentId) ?? []),
      { raterId: row.raterId, ratings: unpack(row) },
    ]);
  const ids = [...layersOf].filter(([, layers]) => layers.length > 1).map(([id]) => id);
  if (ids.length === 0) return [];
  const [audits, teamRows] = await Promise.all([
    db
      .select({
        id: assessments.id,
        standardRef: assessments.standardRef,
        assessedOn: assessments.assessedOn,
      })
      .from(assessments)
      .where(inArray(assessments.id, ids))
      .orderBy(asc(assessments.assessedOn), asc(assessments.id)),
    db
      .select({ assessmentId: ratings.assessmentId, ...valuesOf(ratings) })
      .from(ratings)
      .where(inArray(ratings.assessmentId, ids))
      .groupBy(ratings.assessmentId),
  ]);
  const teamOf = new Map(teamRows.map((row) => [row.assessmentId, unpack(row)]));
  return audits.map(({ id, standardRef, assessedOn }) => ({
    assessmentId: id,
    standardRef,
    assessedOn,
    layers: layersOf.get(id) ?? [],
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
