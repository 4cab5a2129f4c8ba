import type { Message } from './i18n.ts';

// The operating KPIs a center records per month (domain.md, "Contact-center KPIs"): what each
// measures, its unit and range, which direction is better, and the method that must be recorded
// beside it for values to be comparable. Pure data and functions, shared by the API and the web.

export const KPI_INDICATORS = [
  'service_level',
  'asa',
  'aht',
  'abandonment',
  'fcr',
  'csat',
  'nps',
  'occupancy',
] as const;
export type KpiIndicator = (typeof KPI_INDICATORS)[number];

export type KpiUnit = 'percent' | 'seconds' | 'score' | 'points';
export const ABANDON_METHODS = ['excluded', 'included', 'short_excluded'] as const;
export type AbandonMethod = (typeof ABANDON_METHODS)[number];
export const CSAT_SCALES = ['1-5', '1-10', 'top_box'] as const;
export type CsatScale = (typeof CSAT_SCALES)[number];

export interface KpiMethod {
  /** Service level: answered within this many seconds (the "20" of 80/20). */
  readonly thresholdSeconds?: number;
  /** Service level: how abandoned contacts count in the denominator. */
  readonly abandons?: AbandonMethod;
  /** CSAT: average on a 1–5 or 1–10 scale, or top-box share in percent. */
  readonly scale?: CsatScale;
}

export interface KpiDefinition {
  readonly indicator: KpiIndicator;
  readonly name: Message;
  readonly better: 'higher' | 'lower';
  /** The unit and range of a value; CSAT's depend on its scale. */
  range(method: KpiMethod): { unit: KpiUnit; min: number; max: number };
}

const percent = () => ({ unit: 'percent' as const, min: 0, max: 100 });

export const KPI_DEFINITIONS: Readonly<Record<KpiIndicator, KpiDefinition>> = {
  service_level: {
    indicator: 'service_level',
    name: { 'zh-Hans': '服务水平', 'zh-Hant': '服務水平', en: 'Service level' },
    better: 'higher',
    range: percent,
  },
  asa: {
    indicator: 'asa',
    name: {
      'zh-Hans': '平均应答速度 ASA',
      'zh-Hant': '平均應答速度 ASA',
      en: 'Average speed of answer (ASA)',
    },
    better: 'lower',
    range: () => ({ unit: 'seconds', min: 0, max: 3600 }),
  },
  aht: {
    indicator: 'aht',
    name: { 'zh-Hans': '平均处理时长 AHT', 'zh-Hant': '平均處理時長 AHT', en: 'Average handling time (AHT)' },
    better: 'lower',
    range: () => ({ unit: 'seconds', min: 1, max: 7200 }),
  },
  abandonment: {
    indicator: 'abandonment',
    name: { 'zh-Hans': '放弃率', 'zh-Hant': '放棄率', en: 'Abandonment rate' },
    better: 'lower',
    range: percent,
  },
  fcr: {
    indicator: 'fcr',
    name: { 'zh-Hans': '首次解决率 FCR', 'zh-Hant': '首次解決率 FCR', en: 'First-contact resolution (FCR)' },
    better: 'higher',
    range: percent,
  },
  csat: {
    indicator: 'csat',
    name: { 'zh-Hans': '客户满意度 CSAT', 'zh-Hant': '客戶滿意度 CSAT', en: 'Customer satisfaction (CSAT)' },
    better: 'higher',
    range: (method) =>
      method.scale === '1-10'
        ? { unit: 'score', min: 1, max: 10 }
        : method.scale === 'top_box'
          ? percent()
          : { unit: 'score', min: 1, max: 5 },
  },
  nps: {
    indicator: 'nps',
    name: { 'zh-Hans': '净推荐值 NPS', 'zh-Hant': '淨推薦值 NPS', en: 'Net promoter score (NPS)' },
    better: 'higher',
    range: () => ({ unit: 'points', min: -100, max: 100 }),
  },
  occupancy: {
    // A floor in most workforce plans; overload above it is a matter for the analysis, not the target.
    indicator: 'occupancy',
    name: { 'zh-Hans': '座席占用率', 'zh-Hant': '座席佔用率', en: 'Occupancy' },
    better: 'higher',
    range: percent,
  },
};

export type KpiProblem =
  | { code: 'kpi.method_required'; field: 'thresholdSeconds' | 'abandons' | 'scale' }
  | { code: 'kpi.method_not_applicable'; field: keyof KpiMethod }
  | { code: 'kpi.out_of_range'; field: 'value' | 'target' | 'thresholdSeconds'; min: number; max: number };

/**
 * What is wrong with one recorded KPI (empty when nothing): the method fields its indicator
 * needs and only those, the value and target within the indicator's range.
 */
export function checkKpi(
  indicator: KpiIndicator,
  entry: { value: number; target?: number | null | undefined; method: KpiMethod },
): KpiProblem[] {
  const problems: KpiProblem[] = [];
  const { method } = entry;
  const needs: (keyof KpiMethod)[] =
    indicator === 'service_level' ? ['thresholdSeconds', 'abandons'] : indicator === 'csat' ? ['scale'] : [];
  for (const field of needs)
    if (method[field] === undefined) problems.push({ code: 'kpi.method_required', field });
  for (const field of Object.keys(method) as (keyof KpiMethod)[])
    if (!needs.includes(field)) problems.push({ code: 'kpi.method_not_applicable', field });
  if (
    method.thresholdSeconds !== undefined &&
    (!Number.isInteger(method.thresholdSeconds) ||
      method.thresholdSeconds < 1 ||
      method.thresholdSeconds > 600)
  )
    problems.push({ code: 'kpi.out_of_range', field: 'thresholdSeconds', min: 1, max: 600 });
  const { min, max } = KPI_DEFINITIONS[indicator].range(method);
  const within = (n: number) => Number.isFinite(n) && n >= min && n <= max;
  if (!within(entry.value)) problems.push({ code: 'kpi.out_of_range', field: 'value', min, max });
  if (entry.target !== undefined && entry.target !== null && !within(entry.target))
    problems.push({ code: 'kpi.out_of_range', field: 'target', min, max });
  return problems;
}

/** Did a value meet its target, in the indicator's better direction? */
export function meetsTarget(indicator: KpiIndicator, value: number, target: number): boolean {
  return KPI_DEFINITIONS[indicator].better === 'higher' ? value >= target : value <= target;
}

/** A canonical key of a method: values are comparable only when their keys are equal. */
export function methodKey(method: KpiMethod): string {
  return JSON.stringify([method.thresholdSeconds ?? null, method.abandons ?? null, method.scale ?? null]);
}

export interface KpiMonth {
  readonly indicator: KpiIndicator;
  /** YYYY-MM-01 */
  readonly month: string;
  readonly value: number;
  readonly target: number | null;
  readonly method: KpiMethod;
}

export interface IndicatorAttainment {
  readonly indicator: KpiIndicator;
  readonly months: number;
  /** Months with a target whose value met it. */
  readonly monthsMet: number;
  readonly monthsWithTarget: number;
  /** Met its target over the period: in at least half of the months that had one. */
  readonly met: boolean;
  /** Least-squares slope per month in the better direction (null: fewer than 3 months). */
  readonly trendPerMonth: number | null;
  /** Improved steadily: a slope in the better direction over at least 3 months. */
  readonly improved: boolean;
}

export interface KpiAttainment {
  readonly from: string;
  readonly to: string;
  readonly indicators: IndicatorAttainment[];
  /** Indicators measured with a target in the period (the denominator of the shares). */
  readonly measured: number;
  readonly met: number;
  readonly metOrImproved: number;
  /** Shares in percent (null when nothing was measured): clauses 127 (≥ 50) and 128 (≥ 75). */
  readonly shareMet: number | null;
  readonly shareMetOrImproved: number | null;
}

/**
 * What share of a center's indicators met their targets, or improved, over a period (inclusive
 * months, YYYY-MM-01): the information clauses 127 and 128 ask about. An indicator's months
 * are only taken with the method of its latest month, so a change of method does not pass
 * for an improvement.
 */
export function kpiAttainment(records: readonly KpiMonth[], from: string, to: string): KpiAttainment {
  const byIndicator = new Map<KpiIndicator, KpiMonth[]>();
  for (const r of records) {
    if (r.month < from || r.month > to) continue;
    const list = byIndicator.get(r.indicator) ?? [];
    list.push(r);
    byIndicator.set(r.indicator, list);
  }
  const indicators: IndicatorAttainment[] = [];
  for (const indicator of KPI_INDICATORS) {
    const all = byIndicator.get(indicator);
    if (!all?.length) continue;
    all.sort((a, b) => a.month.localeCompare(b.month));
    const latestKey = methodKey((all[all.length - 1] as KpiMonth).method);
    const months = all.filter((r) => methodKey(r.method) === latestKey);
    const withTarget = months.filter((r) => r.target !== null);
    const monthsMet = withTarget.filter((r) => meetsTarget(indicator, r.value, r.target as number)).length;
    const sign = KPI_DEFINITIONS[indicator].better === 'higher' ? 1 : -1;
    const slope = months.length >= 3 ? sign * leastSquaresSlope(months) : null;
    indicators.push({
      indicator,
      months: months.length,
      monthsMet,
      monthsWithTarget: withTarget.length,
      met: withTarget.length > 0 && monthsMet * 2 >= withTarget.length,
      trendPerMonth: slope,
      improved: slope !== null && slope > 0,
    });
  }
  const counted = indicators.filter((i) => i.monthsWithTarget > 0);
  const met = counted.filter((i) => i.met).length;
  const metOrImproved = counted.filter((i) => i.met || i.improved).length;
  const share = (n: number) => (counted.length ? Math.round((1000 * n) / counted.length) / 10 : null);
  return {
    from,
    to,
    indicators,
    measured: counted.length,
    met,
    metOrImproved,
    shareMet: share(met),
    shareMetOrImproved: share(metOrImproved),
  };
}

/** Months since year 0, so gaps between recorded months count. */
const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

function leastSquaresSlope(points: readonly KpiMonth[]): number {
  const xs = points.map((p) => monthIndex(p.month));
  const n = points.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = points.reduce((a, p) => a + p.value, 0) / n;
  let num = 0;
  let den = 0;
  points.forEach((p, i) => {
    const dx = (xs[i] as number) - mx;
    num += dx * (p.value - my);
    den += dx * dx;
  });
  return den === 0 ? 0 : num / den;
}
