import { type AssessmentKind, type Executor, schema } from '@ccmm/db';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';

const { assessmentSummaries: s, organizations: o } = schema;

/** Who counts as a peer: attributes of the organization and of its latest assessment. */
export interface CohortFilter {
  readonly standardRef: string;
  /** The organization compared: never a member of its own cohort. */
  readonly organizationId: string;
  readonly industry?: string | undefined;
  readonly businessType?: string | undefined;
  readonly region?: string | undefined;
  readonly kind?: AssessmentKind | undefined;
  readonly minSeats?: number | undefined;
  readonly maxSeats?: number | undefined;
  /** The level of the member's latest complete assessment. */
  readonly level?: number | undefined;
}

export type AreaScope = 'total' | 'domain' | 'section';

/** One distribution of the cohort: percentiles of points, and where `value` falls (0–100). */
export interface Distribution {
  readonly scope: AreaScope;
  readonly id: string;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  /** Percentile rank of the compared organization's value: share below, ties counted half. */
  readonly rank: number | null;
}

export interface CohortStats {
  readonly size: number;
  readonly distributions: Distribution[];
}

/** Who counts as a peer by the organization's own attributes (any benchmark: ratings, KPIs). */
export type PeerFilter = Pick<
  CohortFilter,
  'organizationId' | 'industry' | 'businessType' | 'region' | 'minSeats' | 'maxSeats'
>;

/**
 * Conditions on `organizations` selecting the peers of a cohort: opted in to benchmarking,
 * not the organization compared, matching the filters.
 */
export function peerConditions(filter: PeerFilter): SQL[] {
  const conditions: SQL[] = [sql`${o.benchmarkingOptIn}`, sql`${o.id} <> ${filter.organizationId}`];
  if (filter.industry !== undefined) conditions.push(sql`${o.industry} = ${filter.industry}`);
  if (filter.businessType !== undefined) conditions.push(sql`${o.businessType} = ${filter.businessType}`);
  if (filter.region !== undefined) conditions.push(sql`${o.region} = ${filter.region}`);
  if (filter.minSeats !== undefined) conditions.push(sql`${o.seats} >= ${filter.minSeats}`);
  if (filter.maxSeats !== undefined) conditions.push(sql`${o.seats} <= ${filter.maxSeats}`);
  return conditions;
}

/** The key a compared organization's value goes by in the query's values object. */
export const valueKey = (scope: AreaScope, id: string) => `${scope}:${id}`;

export function createBenchmarksRepository(db: Executor) {
  return {
    /** The organization's latest complete summary (on the standard, if given). */
    async latestComplete(organizationId: string, standardRef?: string) {
      const [row] = await db
        .select()
        .from(s)
        .where(
          and(
            eq(s.organizationId, organizationId),
            eq(s.complete, true),
            standardRef ? eq(s.standardRef, standardRef) : undefined,
          ),
        )
        .orderBy(desc(s.assessedOn), desc(s.assessmentId))
        .limit(1);
      return row;
    },

    /**
     * The cohort's size and, per domain, section and the total, percentiles of points computed
     * by the database (percentile_cont) from the summaries alone: the latest complete
     * assessment of each opted-in organization matching the filter. `values` (valueKey → points)
     * are the compared organization's, for its percentile rank. One round trip; the caller
     * withholds the distributions of a cohort too small to show.
     */
    async cohort(filter: CohortFilter, values: Readonly<Record<string, number>>): Promise<CohortStats> {
      const before = [
        sql`${s.standardRef} = ${filter.standardRef}`,
        sql`${s.complete}`,
        ...peerConditions(filter),
      ];
      if (filter.kind !== undefined) before.push(sql`${s.kind} = ${filter.kind}`);
      // The level is that of the member's latest assessment, so it filters after the pick.
      const after = filter.level === undefined ? sql`true` : sql`latest.level = ${filter.level}`;
      const query = sql`
        with latest as (
          select distinct on (${s.organizationId}) ${s.assessmentId} as assessment_id,
                 ${s.level} as level, ${s.total} as total
          from ${s} join ${o} on ${o.id} = ${s.organizationId}
          where ${sql.join(before, sql` and `)}
          order by ${s.organizationId}, ${s.assessedOn} desc, ${s.assessmentId} desc
        ),
        -- The areas (a large jsonb) of the picked assessments only, not carried through the sort.
        members as (
          select latest.total, a.areas from latest
          join assessment_summaries a on a.assessment_id = latest.assessment_id
          where ${after}
        ),
        points as (
          select 'total' as scope, '' as id, m.total::float8 as points from members m
          union all
          select 'domain', d.key, (d.value ->> 'points')::float8
            from members m cross join lateral jsonb_each(m.areas -> 'domains') d
          union all
          select 'section', x.key, (x.value ->> 'points')::float8
            from members m cross join lateral jsonb_each(m.areas -> 'sections') x
        ),
        own as (select ${JSON.stringify(values)}::jsonb as v)
        select p.scope, p.id,
               (select count(*) from members)::int as size,
               percentile_cont(0.25) within group (order by p.points) as p25,
               percentile_cont(0.5) within group (order by p.points) as p50,
               percentile_cont(0.75) within group (order by p.points) as p75,
               percentile_cont(0.9) within group (order by p.points) as p90,
               (100 * avg(case
                  when (own.v ->> (p.scope || ':' || p.id)) is null then null
                  when p.points < (own.v ->> (p.scope || ':' || p.id))::float8 then 1
                  when p.points = (own.v ->> (p.scope || ':' || p.id))::float8 then 0.5
                  else 0 end))::float8 as rank
        from points p cross join own
        group by p.scope, p.id, own.v`;
      const result = await db.execute(query);
      const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
        scope: AreaScope;
        id: string;
        size: number;
        p25: number;
        p50: number;
        p75: number;
        p90: number;
        rank: number | null;
      }[];
      return {
        size: Number(rows[0]?.size ?? 0),
        distributions: rows.map((r) => ({
          scope: r.scope,
          id: r.id,
          p25: Number(r.p25),
          p50: Number(r.p50),
          p75: Number(r.p75),
          p90: Number(r.p90),
          rank: r.rank === null ? null : Number(r.rank),
        })),
      };
    },
  };
}
