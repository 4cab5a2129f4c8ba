// How the KPI pages, charts and CSV exports write a KPI: its name, value with unit, method, range
// and status. Names, units, ranges and directions come from the engine's KPI_DEFINITIONS, never
// repeated here; figures follow $lib/format (KPIs keep up to two decimals).
import { KPI_DEFINITIONS, type KpiIndicator, type KpiMethod, type KpiUnit, type Locale } from '@ccmm/engine';
import { num } from '$lib/format';
import { fmt, type Messages } from '$lib/i18n';

/** KPIs keep two decimals (a CSAT of 4.65); rating points keep one. */
export const KPI_DECIMALS = 2;

export const kpiNumber = (value: number | null | undefined): string => num(value, KPI_DECIMALS);

export const indicatorName = (indicator: KpiIndicator, locale: Locale): string =>
  KPI_DEFINITIONS[indicator].name[locale];

/** A value with its unit: 82%, 25 秒 / 25 s, 4.6 分 / 4.6, −12 分 / −12 pts; missing is —. */
export function withUnit(value: number | null | undefined, unit: KpiUnit, m: Messages['kpis']): string {
  if (value === null || value === undefined) return '—';
  const text = kpiNumber(value);
  const suffix = m.units[unit];
  if (!suffix) return text;
  return unit === 'percent' ? `${text}${suffix}` : `${text} ${suffix}`;
}

/** A share in percent (attainment): 75%; none is a dash. */
export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '—' : `${kpiNumber(share)}%`;

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
  return `${fmt(m.range, { min: kpiNumber(min), max })}${suffix ? ` ${suffix}` : ''}`;
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
