// What the benchmark pages and their CSV exports share: the layout of a standard, the filters and
// small pure helpers. The API's answers are typed by its contract (@ccmm/api/contract).

import type { Cohort } from '@ccmm/api/contract';
import { PEER_FILTERS } from '$lib/peers';

export { num, signed } from '$lib/format';
export type { OrganizationItem } from '$lib/peers';

/**
 * A cohort's figures on one row: p25/p50/p75 when shown, p90 only from MIN_COHORT_P90 peers, and
 * the organization's band when it has a value. Never a rank or a mean (see @ccmm/engine benchmarking).
 */
export type Percentiles = Pick<Cohort['domains'][number], 'p25' | 'p50' | 'p75' | 'p90' | 'standing'>;

/** A standard's structure in the reader's language: titles, maximum points, level names. */
export interface Layout {
  ref: string;
  title: string;
  maxTotal: number;
  domains: { id: string; title: string; max: number }[];
  sections: { id: string; domain: string; title: string; depth: number; max: number }[];
  /** minTotal: the level's minimum total points, where its criteria set one. */
  levels: { level: number; code: string; name: string; minTotal: number | null }[];
}

/** The cohort filters a GET form carries (strings as typed; empty = no filter): the peer filters, then level and kind. */
export const FILTER_KEYS = [...PEER_FILTERS, 'level', 'kind'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Record<FilterKey, string>;

/** The query string of a page, for its CSV link and its forms. */
export function query(params: Record<string, string | readonly string[] | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === null || value === undefined) continue;
    if (typeof value === 'string') {
      if (value !== '') search.set(key, value);
    } else if (value.length > 0) search.set(key, value.join(','));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
