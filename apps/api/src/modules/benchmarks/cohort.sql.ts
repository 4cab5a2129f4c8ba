import { SETTLED_STATUSES, type SeatBand } from '@ccmm/engine';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

// How the database computes a cohort, for every cohort view (ratings, self-vs-audit, KPIs): who
// counts as a peer, which assessments count, and the percentiles (percentile_cont). What a
// cohort then shows (bands, never a rank or a mean; hidden when small) is @ccmm/engine's
// benchmarking.ts; the use cases put the two together.

/**
 * `status in (the settled statuses)`: the assessments a cohort counts (see SETTLED_STATUSES in
 * @ccmm/engine for why), for a status column or expression.
 */
export const isSettled = (status: AnyColumn | SQL): SQL =>
  sql`${status} in (${sql.join(
    SETTLED_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  )})`;

/** Who counts as a peer by the organization's own attributes (any benchmark: ratings, KPIs). */
export interface PeerFilter {
  /** The organization compared: never a member of its own cohort. */
  readonly organizationId: string;
  readonly industry?: string | undefined;
  readonly businessType?: string | undefined;
  readonly region?: string | undefined;
  readonly seats?: SeatBand | undefined;
}

/** The peer filter of a parsed cohort query (see peerFilterQuery). */
export function peerFilterOf(
  query: Omit<PeerFilter, 'organizationId'> & { readonly organizationId: string },
): PeerFilter {
  return {
    organizationId: query.organizationId,
    industry: query.industry,
    businessType: query.businessType,
    region: query.region,
    seats: query.seats,
  };
}

/**
 * The percentile columns (p25, p50, p75, p90; percentile_cont: linear interpolation) of an
 * aggregate over `value`. p90 is computed always and shown only from MIN_COHORT_P90 members.
 */
export const percentileColumns = (value: SQL): SQL => sql`
  percentile_cont(0.25) within group (order by ${value}) as p25,
  percentile_cont(0.5) within group (order by ${value}) as p50,
  percentile_cont(0.75) within group (order by ${value}) as p75,
  percentile_cont(0.9) within group (order by ${value}) as p90`;

/** The percentiles of a distribution as the database computed them. */
export interface Computed {
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p90: number;
}

/** A row's percentile columns as numbers (drivers may give numeric strings). */
export const computedOf = (row: { p25: unknown; p50: unknown; p75: unknown; p90: unknown }): Computed => ({
  p25: Number(row.p25),
  p50: Number(row.p50),
  p75: Number(row.p75),
  p90: Number(row.p90),
});
