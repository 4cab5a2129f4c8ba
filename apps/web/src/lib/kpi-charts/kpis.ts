// The KPI API's answers as the pages use them (GET /api/organizations/:id/kpis…, /api/benchmarks/kpis,
// /api/assessments/:id/kpi-attainment), and how the pages, charts and CSV exports write them.
// Names, units, ranges and directions come from the engine's KPI_DEFINITIONS, never repeated here.
import { KPI_DEFINITIONS, type KpiIndicator, type KpiMethod, type KpiUnit, type Locale } from '@ccmm/engine';
import { fmt, type Messages } from '$lib/i18n';

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

export interface CohortIndicator {
  indicator: KpiIndicator;
  unit: KpiUnit;
  better: 'higher' | 'lower';
  value: number | null;
  target: number | null;
  method: KpiMethod | null;
  size: number;
  shown: boolean;
  reasonCode?: string;
  reason?: string;
  p25?: number;
  p50?: number;
  p75?: number;
  p90?: number;
  rank?: number;
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

/** Months are YYYY-MM; arithmetic on them counts whole months. */
export const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The months from `from` to `to`, inclusive. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 600; m = addMonths(m, 1)) out.push(m);
  return out;
}

export const currentMonth = (): string => new Date().toISOString().slice(0, 7);

export const indicatorName = (indicator: KpiIndicator, locale: Locale): string =>
  KPI_DEFINITIONS[indicator].name[locale];

/** Up to two decimals, no trailing zeros; missing is a dash. */
export function number(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return String(Number(value.toFixed(2)));
}

/** A value with its unit: 82%, 25 秒 / 25 s, 4.6 分 / 4.6, −12 分 / −12 pts. */
export function withUnit(value: number | null | undefined, unit: KpiUnit, m: Messages['kpis']): string {
  if (value === null || value === undefined) return '—';
  const text = number(value).replace(/^-/, '−');
  const suffix = m.units[unit];
  if (!suffix) return text;
  return unit === 'percent' ? `${text}${suffix}` : `${text} ${suffix}`;
}

/** A share in percent (attainment): 75%; none is a dash. */
export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '—' : `${number(share)}%`;

/** The method as a reader says it: "answered within 20 s · abandons excluded", "average on 1–5"; '' for none. */
export function describeMethod(method: KpiMethod | null | undefined, m: Messages['kpis']): string {
  if (!method) return '';
  const parts: string[] = [];
  if (method.thresholdSeconds !== undefined)
    parts.push(fmt(m.thresholdShort, { seconds: method.thresholdSeconds }));
  if (method.abandons) parts.push(m.abandonMethods[method.abandons]);
  if (method.scale) parts.push(m.scales[method.scale]);
  return parts.join(' · ');
}

/** The indicator's range under a method, as a hint: "range 0–100 %". */
export function rangeHint(indicator: KpiIndicator, method: KpiMethod, m: Messages['kpis']): string {
  const { unit, min, max } = KPI_DEFINITIONS[indicator].range(method);
  const suffix = m.units[unit];
  return `${fmt(m.range, { min: number(min).replace(/^-/, '−'), max })}${suffix ? ` ${suffix}` : ''}`;
}

/** Which method fields an indicator records (the engine's checkKpi asks for these and only these). */
export function methodFields(indicator: KpiIndicator): ('thresholdSeconds' | 'abandons' | 'scale')[] {
  if (indicator === 'service_level') return ['thresholdSeconds', 'abandons'];
  if (indicator === 'csat') return ['scale'];
  return [];
}

/** Met, missed or no target, as a word. */
export function status(met: boolean | null, m: Messages['kpis']): string {
  return met === null ? m.noTarget : met ? m.met : m.missed;
}

/**
 * The shares clauses 127 (indicators meeting their targets) and 128 (meeting them or improving)
 * ask for, in percent; the API's /assessments/:id/kpi-attainment answers with the same figures.
 */
export const CLAUSE_SHARES = { 127: 50, 128: 75 } as const;

/** A step of 1, 2 or 5 × 10ⁿ near `rough`: axis ticks a reader can add up. */
export function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  const f = rough / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}
