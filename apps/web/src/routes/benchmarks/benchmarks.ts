// The benchmark API's answers as the pages use them (see GET /api/benchmarks/* in the OpenAPI
// document), and the small pure helpers the pages and their CSV exports share.

export { num, signed } from '$lib/charts/format';

export type Kind = 'self' | 'certification' | 'surveillance';
export const KINDS: readonly Kind[] = ['self', 'certification', 'surveillance'];

/** An organization as GET /api/organizations lists it (only the fields these pages read). */
export interface OrganizationItem {
  id: string;
  name: string;
  industry: string | null;
  businessType: string | null;
  region: string | null;
  seats: number | null;
  benchmarkingOptIn: boolean;
  publicListing: boolean;
}

export interface Percentiles {
  p25?: number;
  p50?: number;
  p75?: number;
  p90?: number;
  rank?: number;
}

export interface CohortAnswer {
  standard: string;
  size: number;
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

export interface Spread {
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  mean: number;
}

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
    size: number;
    shown: boolean;
    reason?: string;
    reasonCode?: string;
    total?: Spread;
    domains?: ({ domain: string } & Spread)[];
    rank?: number;
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

/** The cohort filters a GET form carries (strings as typed; empty = no filter). */
export const FILTER_KEYS = [
  'industry',
  'businessType',
  'region',
  'minSeats',
  'maxSeats',
  'level',
  'kind',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Record<FilterKey, string>;

export function filtersFrom(url: URL): Filters {
  const out = {} as Filters;
  for (const key of FILTER_KEYS) out[key] = (url.searchParams.get(key) ?? '').trim();
  return out;
}

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
