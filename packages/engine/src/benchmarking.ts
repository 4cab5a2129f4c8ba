import type { Message } from './i18n.ts';

// What every benchmark view shares: the size bands peers are filtered by, and where an
// organization's value stands in a cohort. A cohort shows bands and percentiles, never a rank
// or a mean: a rank could be probed (change one's own value, watch it move) and a mean differenced
// (add one peer to the filter) to learn a single peer's figure.

/** Fewest organizations a cohort shows at all; p90 needs more (with 5, it would give the 5th value). */
export const MIN_COHORT = 5;
export const MIN_COHORT_P90 = 10;

export const SEAT_BANDS = ['under_100', '100_299', '300_999', '1000_plus'] as const;
export type SeatBand = (typeof SEAT_BANDS)[number];

export const SEAT_BAND_RANGES: Readonly<Record<SeatBand, { min: number; max: number | null }>> = {
  under_100: { min: 0, max: 99 },
  '100_299': { min: 100, max: 299 },
  '300_999': { min: 300, max: 999 },
  '1000_plus': { min: 1000, max: null },
};

export const SEAT_BAND_NAMES: Readonly<Record<SeatBand, Message>> = {
  under_100: { 'zh-Hans': '100 座席以下', 'zh-Hant': '100 座席以下', en: 'under 100 seats' },
  '100_299': { 'zh-Hans': '100–299 座席', 'zh-Hant': '100–299 座席', en: '100–299 seats' },
  '300_999': { 'zh-Hans': '300–999 座席', 'zh-Hant': '300–999 座席', en: '300–999 seats' },
  '1000_plus': { 'zh-Hans': '1000 座席及以上', 'zh-Hant': '1000 座席及以上', en: '1,000 seats or more' },
};

export type Standing = 'below_p25' | 'p25_p50' | 'p50_p75' | 'p75_p90' | 'above_p90' | 'above_p75';

export interface Percentiles {
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  /** Absent when the cohort is too small for it. */
  readonly p90?: number | undefined;
}

/**
 * The band of the cohort's distribution a value falls in, on the value's own scale (for a KPI
 * where lower is better, below_p25 is the best band). Without p90, the top band is above_p75.
 */
export function standingIn(d: Percentiles, value: number): Standing {
  if (value < d.p25) return 'below_p25';
  if (value < d.p50) return 'p25_p50';
  if (value < d.p75) return 'p50_p75';
  if (d.p90 === undefined) return 'above_p75';
  return value < d.p90 ? 'p75_p90' : 'above_p90';
}

/** Whether a cohort of `size` organizations is shown at all. */
export const isCohortShown = (size: number): boolean => size >= MIN_COHORT;

/**
 * What a shown cohort gives of one distribution (its percentiles as computed, p90 included):
 * p25–p75, p90 only from MIN_COHORT_P90 members (with fewer it would be, or be close to, one
 * peer's value), and, when the organization has a value, the band it falls in.
 */
export function cohortBands(
  size: number,
  computed: Required<Percentiles>,
  value: number | null,
): Percentiles & { readonly standing?: Standing } {
  const percentiles: Percentiles = {
    p25: computed.p25,
    p50: computed.p50,
    p75: computed.p75,
    ...(size >= MIN_COHORT_P90 ? { p90: computed.p90 } : {}),
  };
  return value === null ? percentiles : { ...percentiles, standing: standingIn(percentiles, value) };
}
