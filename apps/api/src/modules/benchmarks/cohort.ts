import type { Role } from '@ccmm/db';
import {
  type Locale,
  MIN_COHORT,
  MIN_COHORT_P90,
  type Percentiles,
  SETTLED_STATUSES,
  type SeatBand,
  type Standing,
  standingIn,
} from '@ccmm/engine';
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';
import { messageFor } from '../../errors.ts';

// What every cohort view shares (ratings, self-vs-audit, KPIs): who may read one, who counts as
// a peer, and what a cohort shows. A cohort shows bands, never a rank or a mean, and hides its
// size when it is too small: see @ccmm/engine benchmarking.ts for why.

/**
 * Whoever reads one organization's benchmarks: the certification body, the organization's own
 * center, granted consultants (the organizations scope decides which). Auditors have no benchmark view.
 */
export const BENCHMARK_READERS: readonly Role[] = [
  'cb_admin',
  'cb_reviewer',
  'center_admin',
  'center_member',
  'consultant',
];

/** Which assessments count in a cohort: see SETTLED_STATUSES in @ccmm/engine domain.ts for why. */
export { SETTLED_STATUSES };

/** `status in (the settled statuses)`, for a status column or expression. */
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

/** The result rows of db.execute, whichever driver ran it (PGlite: { rows }, postgres.js: an array). */
export const rowsOf = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];

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

/** Whether a cohort of `size` organizations is shown at all. */
export const isShown = (size: number) => size >= MIN_COHORT;

/**
 * What a shown cohort gives of one distribution: p25–p75, p90 only from MIN_COHORT_P90
 * members (with fewer it would be, or be close to, one peer's value), and, when the
 * organization has a value, the band it falls in.
 */
export function bands(
  size: number,
  d: Computed,
  value: number | null,
): Percentiles & { readonly standing?: Standing } {
  const percentiles: Percentiles = {
    p25: d.p25,
    p50: d.p50,
    p75: d.p75,
    ...(size >= MIN_COHORT_P90 ? { p90: d.p90 } : {}),
  };
  return value === null ? percentiles : { ...percentiles, standing: standingIn(percentiles, value) };
}

/**
 * A cohort not shown: no size (with narrow filters the exact count of a small cohort would tell
 * whether a known organization matches them), and why, without the count.
 */
export function hiddenCohort(locale: Locale) {
  return {
    size: null,
    shown: false,
    reasonCode: 'benchmark.cohort_too_small',
    reason: messageFor('benchmark.cohort_too_small', locale, { min: MIN_COHORT }),
  } as const;
}
