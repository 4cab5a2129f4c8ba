// The KPI API's answers as the pages use them: GET /api/organizations/:id/kpis…,
// GET /api/benchmarks/kpis and GET /api/assessments/:id/kpi-attainment (see the OpenAPI document).
import type { KpiIndicator, KpiMethod, KpiUnit, Standing } from '@ccmm/engine';

export interface KpiItem {
  month: string;
  indicator: KpiIndicator;
  value: number;
  target: number | null;
  method: KpiMethod;
  unit: KpiUnit;
  better: 'higher' | 'lower';
  met: boolean | null;
}

export interface IndicatorAttainment {
  indicator: KpiIndicator;
  months: number;
  monthsMet: number;
  monthsWithTarget: number;
  met: boolean;
  trendPerMonth: number | null;
  improved: boolean;
}

export interface Attainment {
  from: string;
  to: string;
  indicators: IndicatorAttainment[];
  measured: number;
  met: number;
  metOrImproved: number;
  shareMet: number | null;
  shareMetOrImproved: number | null;
}

export interface ClauseShare {
  required: number;
  share: number | null;
  met: boolean;
}

export interface AssessmentAttainment extends Attainment {
  clauses: { 127: ClauseShare; 128: ClauseShare };
}

/**
 * One indicator against its cohort. Shown: p25/p50/p75 (p90 only from 10 peers) and, when the
 * organization has a value, its standing band. Hidden: `size` null and the API's reason, no count.
 */
export interface CohortIndicator {
  indicator: KpiIndicator;
  unit: KpiUnit;
  better: 'higher' | 'lower';
  value: number | null;
  target: number | null;
  method: KpiMethod | null;
  size: number | null;
  shown: boolean;
  reasonCode?: string;
  reason?: string;
  p25?: number;
  p50?: number;
  p75?: number;
  p90?: number;
  standing?: Standing;
}

export interface KpiCohort {
  month: string | null;
  indicators: CohortIndicator[];
}

export interface KpiChange {
  month: string;
  indicator: KpiIndicator;
  value: number | null;
  target: number | null;
  method: KpiMethod | null;
  changedBy: { id: string; name: string };
  changedAt: string;
}
