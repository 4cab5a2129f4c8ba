// What the cohort views (benchmark cohort, self-vs-audit, KPI cohort) share on both sides: the
// organizations as listed and the peer filters every cohort query takes.

import type { Organization } from '@ccmm/api/contract';

/** An organization as GET /api/organizations lists it (only the fields these pages read). */
export type OrganizationItem = Pick<
  Organization,
  'id' | 'name' | 'industry' | 'businessType' | 'region' | 'seats' | 'benchmarkingOptIn' | 'publicListing'
>;

/** The peer filters of GET /api/benchmarks/cohort, …/self-vs-audit and …/kpis; seats is a SEAT_BANDS band. */
export const PEER_FILTERS = ['industry', 'businessType', 'region', 'seats'] as const;
export type PeerFilter = (typeof PEER_FILTERS)[number];
export type PeerFilters = Record<PeerFilter, string>;
