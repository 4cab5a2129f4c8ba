// The benchmark API's answers as the pages use them (see GET /api/benchmarks/* in the OpenAPI
// document), and the small pure helpers the pages and their CSV exports share.

import type { Standing } from '@ccmm/engine';
import { PEER_FILTERS } from '$lib/peers';

export { num, signed } from '$lib/format';
export type { OrganizationItem } from '$lib/peers';

export type Kind = 'self' | 'certification' | 'surveillance';
export const KINDS: readonly Kind[] = ['self', 'certification', 'surveillance'];

/**
 * A cohort's figures on one row: p25/p50/p75 when shown, p90 only from MIN_COHORT_P90 peers, and
 * the organization's band when it has a value. Never a rank or a mean (see @ccmm/engine benchmarking).
 */
export interface Percentiles {
  p25?: number;
  p50?: number;
  p75?: number;
  p90?: number;
  standing?: Standing;
}

export interface CohortAnswer {
  standard: string;
  /** null when the cohort is not shown: a small cohort's count is not told. */
  size: number | null;
  shown: boolean;
  reason?: string;
  reasonCode?: string;
  organization: {
    assessmentId: string;
    assessedOn: string;
    total: number;
    level: number;
    domains: { domain: string; value: number }[];
  } | null;
  total?: { value: number | null } & Percentiles;
  domains: ({ domain: string; value: number | null } & Percentiles)[];
  sections: ({ section: string; domain: string; value: number | null } & Percentiles)[];
}

export interface TrendPoint {
  assessmentId: string;
  kind: Kind;
  status: string;
  assessedOn: string;
  standard: string;
  complete: boolean;
  level: number;
  total: number;
  domains: { domain: string; points: number }[];
}

export interface TrendAnswer {
  organizationId: string;
  points: TrendPoint[];
}

export interface PairSide {
  assessmentId: string;
  assessedOn: string;
  level: number;
  total: number;
}

/** The peers' spread of (self − audit) on one row: the same figures as a cohort row. */
export type Spread = Percentiles;

export interface SelfVsAuditAnswer {
  standard: string | null;
  self: PairSide | null;
  audit: PairSide | null;
  reasonCode?: string;
  reason?: string;
  total: { self: number; audit: number; difference: number } | null;
  domains: { domain: string; self: number; audit: number; difference: number }[];
  clauses: {
    clause: number;
    domain: string;
    section: string;
    self: { c: number | null; f: number | null };
    audit: { c: number | null; f: number | null };
    difference: number;
  }[];
  cohort: {
    size: number | null;
    shown: boolean;
    reason?: string;
    reasonCode?: string;
    total?: Spread;
    domains?: ({ domain: string } & Spread)[];
    /** The band of the organization's total difference (when the API gives it at this level). */
    standing?: Standing;
  };
}

export interface CompareCriterion {
  level: number;
  criterion: string;
  description: string;
  unit: 'clauses' | 'points' | 'years';
  required: number;
  actual: number;
  margin: number;
  met: boolean;
}

export interface CompareOrganization {
  organizationId: string;
  name: string;
  industry: string | null;
  region: string | null;
  seats: number | null;
  assessment: { assessmentId: string; kind: Kind; assessedOn: string; level: number; total: number } | null;
  domains: { domain: string; points: number; max: number }[];
  sections: { section: string; domain: string; points: number; max: number }[];
  criteria: CompareCriterion[];
}

export interface CompareAnswer {
  standard: string;
  organizations: CompareOrganization[];
}

export interface GrantView {
  consultant: { id: string; name: string; email: string };
  view: string;
  viewedAt: string;
}

/** A standard's structure in the reader's language: titles, maximum points, level names. */
export interface Layout {
  ref: string;
  title: string;
  maxTotal: number;
  domains: { id: string; title: string; max: number }[];
  sections: { id: string; domain: string; title: string; depth: number; max: number }[];
  levels: { level: number; code: string; name: string }[];
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
