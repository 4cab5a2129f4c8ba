import { checkKpi, type KpiIndicator, type KpiMethod } from '@ccmm/engine';
import type { BusinessType, Industry } from './catalog.ts';
import type { Random } from './random.ts';

// A center's monthly KPIs: values follow its maturity (better run centers answer faster and
// resolve more at first contact), with the seasons of its industry and some noise; targets are
// those the seeds quote (CSAT ≥ 4.5, FCR ≥ 85 %, ASA ≤ 30 s …).

export interface KpiRecord {
  readonly month: string;
  readonly indicator: KpiIndicator;
  readonly value: number;
  readonly target: number | null;
  readonly method: KpiMethod;
}

export interface KpiCenter {
  readonly industry: Industry;
  readonly businessType: BusinessType;
  /** The first month the center operated (YYYY-MM-01). */
  readonly since: string;
  /** The center's maturity (0..1) at a date. */
  readonly maturity: (date: string) => number;
}

const AHT_BASE: Readonly<Record<BusinessType, number>> = {
  客户服务中心: 300,
  账务催缴中心: 240,
  技术支持中心: 540,
  电话营销中心: 210,
  预订中心: 260,
  热线服务中心: 280,
};

/** Months of peak load: Spring Festival travel, the November shopping festival, summer holidays. */
function peak(industry: Industry, month: number): number {
  if ((industry === '交通运输' || industry === '旅游服务') && (month === 1 || month === 2)) return 1;
  if (industry === '旅游服务' && (month === 7 || month === 8)) return 0.7;
  if ((industry === '消费品' || industry === 'IT与互联网') && month === 11) return 1;
  if (industry === '政府与公用事业' && month === 7) return 0.5;
  return 0;
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function kpiSeries(center: KpiCenter, months: readonly string[], random: Random): KpiRecord[] {
  const strict = random.chance(0.3); // 90/15 rather than 80/20
  const switches = !strict && random.chance(0.08); // moves to 90/15 in January 2025
  const abandons = random.weighted([
    ['excluded', 5],
    ['included', 3],
    ['short_excluded', 2],
  ] as const);
  const topBox = random.chance(0.3);
  const npsTarget = random.chance(0.1) ? null : random.pick([20, 30, 40]);
  const fcrTarget = random.pick([80, 85]);
  const ahtBase = AHT_BASE[center.businessType] * random.between(0.85, 1.2);
  const records: KpiRecord[] = [];
  for (const month of months) {
    if (month < center.since || random.chance(0.02)) continue;
    const q = clamp((center.maturity(month) - 0.35) / 0.6, 0, 1);
    const load = peak(center.industry, Number(month.slice(5, 7)));
    const tight = strict || (switches && month >= '2025-01-01');
    const sl: KpiMethod = { thresholdSeconds: tight ? 15 : 20, abandons };
    const slTarget = tight ? 90 : 80;
    const noise = (sd: number) => random.normal(0, sd);
    const add = (indicator: KpiIndicator, value: number, target: number | null, method: KpiMethod = {}) =>
      records.push({ month, indicator, value, target, method });
    add(
      'service_level',
      round(clamp(slTarget - 9 + 14 * q - 9 * load + noise(2.5), 30, 99.5), 1),
      slTarget,
      sl,
    );
    add('asa', Math.round(clamp((tight ? 30 : 40) - 28 * q + 25 * load + noise(4), 3, 600)), tight ? 15 : 20);
    add(
      'aht',
      Math.round(clamp(ahtBase * (1.12 - 0.16 * q) + noise(ahtBase * 0.03), 30, 7200)),
      Math.round(ahtBase),
    );
    add('abandonment', round(clamp(9 - 6.5 * q + 3 * load + noise(0.8), 0.3, 40), 1), tight ? 3 : 5);
    add('fcr', round(clamp(66 + 24 * q + noise(2), 30, 99), 1), fcrTarget);
    if (topBox) add('csat', round(clamp(70 + 24 * q + noise(2), 0, 100), 1), 85, { scale: 'top_box' });
    else add('csat', round(clamp(3.85 + 0.85 * q + noise(0.08), 1, 5), 2), 4.5, { scale: '1-5' });
    add('nps', Math.round(clamp(2 + 52 * q + noise(5), -100, 100)), npsTarget);
    add('occupancy', round(clamp(71 + 14 * q + 6 * load + noise(2.5), 40, 97), 1), 80);
  }
  for (const record of records) {
    const problems = checkKpi(record.indicator, record);
    if (problems.length > 0)
      throw new Error(`demo KPI ${record.indicator} ${record.month} invalid: ${JSON.stringify(problems)}`);
  }
  return records;
}
