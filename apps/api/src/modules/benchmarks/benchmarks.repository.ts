import { type AssessmentKind, type Executor, schema } from '@ccmm/db';
import { and, asc, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { assessmentScope, organizationScope, withScope } from '../../tenancy.ts';

const { assessmentSummaries: s, assessments: a, organizations: o, ratings: r } = schema;

export type SummaryRecord = typeof s.$inferSelect;

/** The kinds of assessment the certification body makes: audits. */
export const AUDIT_KINDS: readonly AssessmentKind[] = ['certification', 'surveillance'];

/** Which of an organization's complete summaries to pick (see `pick`). */
export interface PickFilter {
  readonly organizationId: string;
  readonly kinds: readonly AssessmentKind[];
  readonly standardRef?: string | undefined;
  /** Assessed on or before this date; the latest such is picked. */
  readonly onOrBefore?: string | undefined;
  /** Assessed on or after this date; the earliest such is picked. */
  readonly onOrAfter?: string | undefined;
}

/** Points per difference scope and id: the total, or a domain. */
export type DifferenceScope = 'total' | 'domain';

/** A distribution of (self − audit) points across the cohort. */
export interface DifferenceSpread {
  readonly scope: DifferenceScope;
  readonly id: string;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
  readonly mean: number;
  readonly rank: number | null;
}

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

const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

export function createBenchmarksRepository(db: Executor) {
  return {
    /** Those of the organizations the actor may see (in no particular order). */
    async visibleOrganizations(actor: Actor, ids: readonly string[]) {
      return db
        .select({
          id: o.id,
          name: o.name,
          industry: o.industry,
          region: o.region,
          seats: o.seats,
          operatingSince: o.operatingSince,
        })
        .from(o)
        .where(withScope(inArray(o.id, [...ids]), organizationScope(actor)));
    },

    /** Each organization's latest complete summary on the standard (absent: it has none). */
    async latestCompleteOf(actor: Actor, organizationIds: readonly string[], standardRef: string) {
      return db
        .selectDistinctOn([s.organizationId], { summary: s })
        .from(s)
        .innerJoin(o, eq(o.id, s.organizationId))
        .where(
          withScope(
            and(
              inArray(s.organizationId, [...organizationIds]),
              eq(s.standardRef, standardRef),
              eq(s.complete, true),
            ),
            organizationScope(actor),
          ),
        )
        .orderBy(s.organizationId, desc(s.assessedOn), desc(s.assessmentId));
    },

    /** The stored ratings of several assessments, in one query. */
    async ratingsOf(actor: Actor, assessmentIds: readonly string[]) {
      if (assessmentIds.length === 0) return [];
      return db
        .select({ assessmentId: r.assessmentId, clause: r.clause, c: r.c, f: r.f })
        .from(r)
        .innerJoin(a, eq(a.id, r.assessmentId))
        .where(withScope(inArray(r.assessmentId, [...assessmentIds]), assessmentScope(actor)));
    },

    /** Every assessment of the organization with its summary and status, oldest first. */
    async trend(actor: Actor, organizationId: string) {
      return db
        .select({ summary: s, status: a.status })
        .from(s)
        .innerJoin(a, eq(a.id, s.assessmentId))
        .where(withScope(eq(s.organizationId, organizationId), assessmentScope(actor)))
        .orderBy(asc(s.assessedOn), asc(a.createdAt), asc(s.assessmentId));
    },

    /** One assessment's summary, if it is the organization's and the actor may see it. */
    async summary(actor: Actor, organizationId: string, assessmentId: string) {
      const [row] = await db
        .select({ summary: s })
        .from(s)
        .innerJoin(a, eq(a.id, s.assessmentId))
        .where(
          withScope(
            and(eq(s.assessmentId, assessmentId), eq(s.organizationId, organizationId)),
            assessmentScope(actor),
          ),
        );
      return row?.summary;
    },

    /**
     * One complete summary of the organization: the latest on or before `onOrBefore` (or the
     * latest of all), or the earliest on or after `onOrAfter`.
     */
    async pick(actor: Actor, filter: PickFilter) {
      const earliest = filter.onOrAfter !== undefined;
      const [row] = await db
        .select({ summary: s })
        .from(s)
        .innerJoin(a, eq(a.id, s.assessmentId))
        .where(
          withScope(
            and(
              eq(s.organizationId, filter.organizationId),
              eq(s.complete, true),
              inArray(s.kind, [...filter.kinds]),
              filter.standardRef === undefined ? undefined : eq(s.standardRef, filter.standardRef),
              filter.onOrBefore === undefined ? undefined : lte(s.assessedOn, filter.onOrBefore),
              filter.onOrAfter === undefined ? undefined : gte(s.assessedOn, filter.onOrAfter),
            ),
            assessmentScope(actor),
          ),
        )
        .orderBy(
          ...(earliest
            ? [asc(s.assessedOn), asc(s.assessmentId)]
            : [desc(s.assessedOn), desc(s.assessmentId)]),
        )
        .limit(1);
      return row?.summary;
    },

    /**
     * How far self-assessments run ahead of audits across the peers: for each opted-in peer
     * matching the filter, its latest complete audit on the standard and its latest complete
     * self-assessment on or before it; percentiles and the mean of (self − audit) points,
     * total and per domain, computed by the database from the summaries alone. `own`
     * (valueKey → difference) is the compared organization's, for its percentile rank.
     */
    async selfVsAuditCohort(
      filter: PeerFilter & { readonly standardRef: string },
      own: Readonly<Record<string, number>>,
    ): Promise<{ size: number; spreads: DifferenceSpread[] }> {
      const peers = [
        sql`${s.standardRef} = ${filter.standardRef}`,
        sql`${s.complete}`,
        sql`${s.kind} in (${sql.join(
          AUDIT_KINDS.map((kind) => sql`${kind}`),
          sql`, `,
        )})`,
        ...peerConditions(filter),
      ];
      const query = sql`
        with audits as (
          select distinct on (${s.organizationId}) ${s.organizationId} as organization_id,
                 ${s.assessmentId} as assessment_id, ${s.assessedOn} as assessed_on
          from ${s} join ${o} on ${o.id} = ${s.organizationId}
          where ${sql.join(peers, sql` and `)}
          order by ${s.organizationId}, ${s.assessedOn} desc, ${s.assessmentId} desc
        ),
        pairs as (
          select audits.assessment_id as audit_id, self.assessment_id as self_id
          from audits cross join lateral (
            select x.assessment_id from assessment_summaries x
            where x.organization_id = audits.organization_id and x.standard_ref = ${filter.standardRef}
              and x.complete and x.kind = 'self' and x.assessed_on <= audits.assessed_on
            order by x.assessed_on desc, x.assessment_id desc
            limit 1
          ) self
        ),
        differences as (
          select 'total' as scope, '' as id, (ss.total - sa.total)::float8 as d
            from pairs p
            join assessment_summaries ss on ss.assessment_id = p.self_id
            join assessment_summaries sa on sa.assessment_id = p.audit_id
          union all
          select 'domain', sd.key,
                 (sd.value ->> 'points')::float8 - coalesce((sa.areas -> 'domains' -> sd.key ->> 'points')::float8, 0)
            from pairs p
            join assessment_summaries ss on ss.assessment_id = p.self_id
            join assessment_summaries sa on sa.assessment_id = p.audit_id
            cross join lateral jsonb_each(ss.areas -> 'domains') sd
        ),
        own as (select ${JSON.stringify(own)}::jsonb as v)
        select x.scope, x.id,
               (select count(*) from pairs)::int as size,
               percentile_cont(0.25) within group (order by x.d) as p25,
               percentile_cont(0.5) within group (order by x.d) as p50,
               percentile_cont(0.75) within group (order by x.d) as p75,
               percentile_cont(0.9) within group (order by x.d) as p90,
               avg(x.d)::float8 as mean,
               (100 * avg(case
                  when (own.v ->> (x.scope || ':' || x.id)) is null then null
                  when x.d < (own.v ->> (x.scope || ':' || x.id))::float8 then 1
                  when x.d = (own.v ->> (x.scope || ':' || x.id))::float8 then 0.5
                  else 0 end))::float8 as rank
        from differences x cross join own
        group by x.scope, x.id, own.v`;
      const rows = rowsOf<{
        scope: DifferenceScope;
        id: string;
        size: number;
        p25: number;
        p50: number;
        p75: number;
        p90: number;
        mean: number;
        rank: number | null;
      }>(await db.execute(query));
      return {
        size: Number(rows[0]?.size ?? 0),
        spreads: rows.map((row) => ({
          scope: row.scope,
          id: row.id,
          p25: Number(row.p25),
          p50: Number(row.p50),
          p75: Number(row.p75),
          p90: Number(row.p90),
          mean: Number(row.mean),
          rank: row.rank === null ? null : Number(row.rank),
        })),
      };
    },

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
