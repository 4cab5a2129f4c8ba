// What the cohort views (benchmark cohort, self-vs-audit, KPI cohort) share on both sides: the
// organizations as listed and the peer filters every cohort query takes.

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

/** The peer filters of GET /api/benchmarks/cohort, …/self-vs-audit and …/kpis; seats is a SEAT_BANDS band. */
export const PEER_FILTERS = ['industry', 'businessType', 'region', 'seats'] as const;
export type PeerFilter = (typeof PEER_FILTERS)[number];
export type PeerFilters = Record<PeerFilter, string>;
