import { type AssessmentKind, type Executor, rowsOf, schema } from '@ccmm/db';
import { AUDIT_KINDS, SEAT_BAND_RANGES } from '@ccmm/engine';
import { and, asc, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { assessmentScope, organizationScope, unsealedScope, withScope } from '../../tenancy.ts';
import { type Computed, computedOf, isSettled, type PeerFilter, percentileColumns } from './cohort.sql.ts';

const { assessmentSummaries: s, assessments: a, organizations: o, ratings: r } = schema;

export type SummaryRecord = typeof s.$inferSelect;

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
export interface DifferenceSpread extends Computed {
  readonly scope: DifferenceScope;
  readonly id: string;
}

/** Who counts as a peer: attributes of the organization and of its latest counted assessment. */
export interface CohortFilter extends PeerFilter {
  readonly standardRef: string;
  readonly kind?: AssessmentKind | undefined;
  /** The level of the member's latest counted assessment. */
  readonly level?: number | undefined;
}

export type AreaScope = 'total' | 'domain' | 'section';

/** One distribution of the cohort: percentiles of points. */
export interface Distribution extends Computed {
  readonly scope: AreaScope;
  readonly id: string;
}

export interface CohortStats {
  readonly size: number;
  readonly distributions: Distribution[];
}

/**
 * Conditions on `organizations` selecting the peers of a cohort: opted in to benchmarking,
 * not the organization compared, matching the filters.
 */
export function peerConditions(filter: PeerFilter): SQL[] {
  const conditions: SQL[] = [sql`${o.benchmarkingOptIn}`, sql`${o.id} <> ${filter.organizationId}`];
  if (filter.industry !== undefined) conditions.push(sql`${o.industry} = ${filter.industry}`);
  if (filter.businessType !== undefined) conditions.push(sql`${o.businessType} = ${filter.businessType}`);
  if (filter.region !== undefined) conditions.push(sql`${o.region} = ${filter.region}`);
  if (filter.seats !== undefined) {
    const { min, max } = SEAT_BAND_RANGES[filter.seats];
    conditions.push(sql`${o.seats} >= ${min}`);
    if (max !== null) conditions.push(sql`${o.seats} <= ${max}`);
  }
  return conditions;
}

/** The key a compared organization's value goes by (scope and id of an area). */
export const valueKey = (scope: AreaScope, id: string) => `${scope}:${id}`;

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

    /**
     * Each organization's latest complete summary on the standard whose ratings no longer
     * change (absent: it has none).
     */
    async latestCompleteOf(actor: Actor, organizationIds: readonly string[], standardRef: string) {
      return db
        .selectDistinctOn([s.organizationId], {
          summary: s,
          // Frozen at submission; the organization's current date before that.
          operatingSince: sql<string>`coalesce(${a.operatingSince}, ${o.operatingSince})`,
        })
        .from(s)
        .innerJoin(o, eq(o.id, s.organizationId))
        .innerJoin(a, eq(a.id, s.assessmentId))
        .where(
          withScope(
            and(
              inArray(s.organizationId, [...organizationIds]),
              eq(s.standardRef, standardRef),
              eq(s.complete, true),
              isSettled(a.status),
            ),
            organizationScope(actor),
          ),
        )
        .orderBy(s.organizationId, desc(s.assessedOn), desc(a.createdAt), desc(s.assessmentId));
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
        .where(
          withScope(and(eq(s.organizationId, organizationId), unsealedScope(actor)), assessmentScope(actor)),
        )
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
            and(eq(s.assessmentId, assessmentId), eq(s.organizationId, organizationId), unsealedScope(actor)),
            assessmentScope(actor),
          ),
        );
      return row?.summary;
    },

    /**
     * One complete summary of the organization whose ratings no longer change: the latest on or
     * before `onOrBefore` (or the latest of all), or the earliest on or after `onOrAfter`. Of
     * two on the same day, the one made last.
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
              isSettled(a.status),
              inArray(s.kind, [...filter.kinds]),
              filter.standardRef === undefined ? undefined : eq(s.standardRef, filter.standardRef),
              filter.onOrBefore === undefined ? undefined : lte(s.assessedOn, filter.onOrBefore),
              filter.onOrAfter === undefined ? undefined : gte(s.assessedOn, filter.onOrAfter),
            ),
            assessmentScope(actor),
          ),
        )
        .orderBy(earliest ? asc(s.assessedOn) : desc(s.assessedOn), desc(a.createdAt), desc(s.assessmentId))
        .limit(1);
      return row?.summary;
    },

    /**
     * How far self-assessments run ahead of audits across the peers: for each opted-in peer
     * matching the filter, its latest counted audit on the standard and its latest counted
     * self-assessment on or before it (counted: complete, ratings no longer changing);
     * percentiles of (self − audit) points, total and per domain, computed by the database
     * from the summaries alone.
     */
    async selfVsAuditCohort(
      filter: PeerFilter & { readonly standardRef: string },
    ): Promise<{ size: number; spreads: DifferenceSpread[] }> {
      const peers = [
        sql`${s.standardRef} = ${filter.standardRef}`,
        sql`${s.complete}`,
        sql`${s.kind} in (${sql.join(
          AUDIT_KINDS.map((kind) => sql`${kind}`),
          sql`, `,
        )})`,
        isSettled(a.status),
        ...peerConditions(filter),
      ];
      const query = sql`
        with audits as (
          select distinct on (${s.organizationId}) ${s.organizationId} as organization_id,
                 ${s.assessmentId} as assessment_id, ${s.assessedOn} as assessed_on
          from ${s} join ${o} on ${o.id} = ${s.organizationId} join ${a} on ${a.id} = ${s.assessmentId}
          where ${sql.join(peers, sql` and `)}
          order by ${s.organizationId}, ${s.assessedOn} desc, ${a.createdAt} desc, ${s.assessmentId} desc
        ),
        pairs as (
          select audits.assessment_id as audit_id, self.assessment_id as self_id
          from audits cross join lateral (
            select x.assessment_id from assessment_summaries x join assessments xa on xa.id = x.assessment_id
            where x.organization_id = audits.organization_id and x.standard_ref = ${filter.standardRef}
              and x.complete and x.kind = 'self' and x.assessed_on <= audits.assessed_on
              and ${isSettled(sql`xa.status`)}
            order by x.assessed_on desc, xa.created_at desc, x.assessment_id desc
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
        )
        select x.scope, x.id, (select count(*) from pairs)::int as size, ${percentileColumns(sql`x.d`)}
        from differences x
        group by x.scope, x.id`;
      const rows = rowsOf<
        { scope: DifferenceScope; id: string; size: number } & Record<keyof Computed, unknown>
      >(await db.execute(query));
      return {
        size: Number(rows[0]?.size ?? 0),
        spreads: rows.map((row) => ({ scope: row.scope, id: row.id, ...computedOf(row) })),
      };
    },

    /**
     * The organization's latest complete summary (on the standard, if given), whatever its
     * status: its own data, compared with its peers.
     */
    async latestComplete(organizationId: string, standardRef?: string) {
      const [row] = await db
        .select({ summary: s })
        .from(s)
        .innerJoin(a, eq(a.id, s.assessmentId))
        .where(
          and(
            eq(s.organizationId, organizationId),
            eq(s.complete, true),
            standardRef ? eq(s.standardRef, standardRef) : undefined,
          ),
        )
        .orderBy(desc(s.assessedOn), desc(a.createdAt), desc(s.assessmentId))
        .limit(1);
      return row?.summary;
    },

    /**
     * The cohort's size and, per domain, section and the total, percentiles of points computed
     * by the database (percentile_cont) from the summaries alone: the latest counted assessment
     * (complete, ratings no longer changing) of each opted-in organization matching the filter.
     * One round trip; the caller withholds what a cohort of its size may not show.
     */
    async cohort(filter: CohortFilter): Promise<CohortStats> {
      const before = [
        sql`${s.standardRef} = ${filter.standardRef}`,
        sql`${s.complete}`,
        isSettled(a.status),
        ...peerConditions(filter),
      ];
      if (filter.kind !== undefined) before.push(sql`${s.kind} = ${filter.kind}`);
      // The level is that of the member's latest assessment, so it filters after the pick.
      const after = filter.level === undefined ? sql`true` : sql`latest.level = ${filter.level}`;
      const query = sql`
        with latest as (
          select distinct on (${s.organizationId}) ${s.assessmentId} as assessment_id,
                 ${s.level} as level, ${s.total} as total
          from ${s} join ${o} on ${o.id} = ${s.organizationId} join ${a} on ${a.id} = ${s.assessmentId}
          where ${sql.join(before, sql` and `)}
          order by ${s.organizationId}, ${s.assessedOn} desc, ${a.createdAt} desc, ${s.assessmentId} desc
        ),
        -- The areas (a large jsonb) of the picked assessments only, not carried through the sort.
        members as (
          select latest.total, m.areas from latest
          join assessment_summaries m on m.assessment_id = latest.assessment_id
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
        )
        select p.scope, p.id, (select count(*) from members)::int as size, ${percentileColumns(sql`p.points`)}
        from points p
        group by p.scope, p.id`;
      const rows = rowsOf<{ scope: AreaScope; id: string; size: number } & Record<keyof Computed, unknown>>(
        await db.execute(query),
      );
      return {
        size: Number(rows[0]?.size ?? 0),
        distributions: rows.map((row) => ({ scope: row.scope, id: row.id, ...computedOf(row) })),
      };
    },
  };
}
