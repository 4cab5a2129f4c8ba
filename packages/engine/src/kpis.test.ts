import { describe, expect, it } from 'vitest';
import {
  checkKpi,
  KPI_DEFINITIONS,
  KPI_INDICATORS,
  type KpiIndicator,
  type KpiMethod,
  type KpiMonth,
  kpiAttainment,
  meetsTarget,
  methodKey,
} from './kpis.ts';

const SL: KpiMethod = { thresholdSeconds: 20, abandons: 'excluded' };

const month = (
  indicator: KpiIndicator,
  m: string,
  value: number,
  target: number | null,
  method: KpiMethod = {},
) => ({ indicator, month: `${m}-01`, value, target, method }) satisfies KpiMonth;

/** Months from `start` (YYYY-MM), one a month, with these values and one target. */
function series(
  indicator: KpiIndicator,
  start: string,
  values: readonly number[],
  target: number | null,
  method: KpiMethod = {},
): KpiMonth[] {
  const [y, m] = start.split('-').map(Number) as [number, number];
  return values.map((value, i) => {
    const index = y * 12 + m - 1 + i;
    const mm = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    return month(indicator, mm, value, target, method);
  });
}

describe('checkKpi', () => {
  it('accepts a service level with its threshold and abandon rule, within 0–100 %', () => {
    expect(checkKpi('service_level', { value: 82.5, target: 80, method: SL })).toEqual([]);
  });

  it('asks a service level for its threshold and how abandons count', () => {
    expect(checkKpi('service_level', { value: 80, method: {} })).toEqual([
      { code: 'kpi.method_required', field: 'thresholdSeconds' },
      { code: 'kpi.method_required', field: 'abandons' },
    ]);
    expect(checkKpi('service_level', { value: 80, method: { thresholdSeconds: 20 } })).toEqual([
      { code: 'kpi.method_required', field: 'abandons' },
    ]);
  });

  it('keeps the threshold a whole number of seconds from 1 to 600', () => {
    for (const thresholdSeconds of [0, 601, 20.5, -1])
      expect(checkKpi('service_level', { value: 80, method: { ...SL, thresholdSeconds } })).toEqual([
        { code: 'kpi.out_of_range', field: 'thresholdSeconds', min: 1, max: 600 },
      ]);
    for (const thresholdSeconds of [1, 600])
      expect(checkKpi('service_level', { value: 80, method: { ...SL, thresholdSeconds } })).toEqual([]);
  });

  it('asks CSAT for its scale, and the scale sets the range', () => {
    expect(checkKpi('csat', { value: 4.5, method: {} })).toEqual([
      { code: 'kpi.method_required', field: 'scale' },
    ]);
    expect(checkKpi('csat', { value: 4.5, target: 4.6, method: { scale: '1-5' } })).toEqual([]);
    expect(checkKpi('csat', { value: 8, method: { scale: '1-5' } })).toEqual([
      { code: 'kpi.out_of_range', field: 'value', min: 1, max: 5 },
    ]);
    expect(checkKpi('csat', { value: 8, method: { scale: '1-10' } })).toEqual([]);
    expect(checkKpi('csat', { value: 0.5, method: { scale: '1-10' } })).toEqual([
      { code: 'kpi.out_of_range', field: 'value', min: 1, max: 10 },
    ]);
    expect(checkKpi('csat', { value: 78, method: { scale: 'top_box' } })).toEqual([]);
    expect(KPI_DEFINITIONS.csat.range({ scale: 'top_box' })).toEqual({ unit: 'percent', min: 0, max: 100 });
  });

  it('refuses a method field the indicator does not use', () => {
    expect(checkKpi('asa', { value: 25, method: { scale: '1-5' } })).toEqual([
      { code: 'kpi.method_not_applicable', field: 'scale' },
    ]);
    expect(checkKpi('csat', { value: 4, method: { scale: '1-5', thresholdSeconds: 20 } })).toEqual([
      { code: 'kpi.method_not_applicable', field: 'thresholdSeconds' },
    ]);
  });

  it('takes NPS from −100 to 100 points', () => {
    expect(checkKpi('nps', { value: -100, target: 100, method: {} })).toEqual([]);
    expect(checkKpi('nps', { value: -101, target: 101, method: {} })).toEqual([
      { code: 'kpi.out_of_range', field: 'value', min: -100, max: 100 },
      { code: 'kpi.out_of_range', field: 'target', min: -100, max: 100 },
    ]);
    expect(KPI_DEFINITIONS.nps.range({}).unit).toBe('points');
  });

  it('takes the percent indicators from 0 to 100', () => {
    for (const indicator of ['abandonment', 'fcr', 'occupancy'] as const) {
      expect(KPI_DEFINITIONS[indicator].range({}).unit).toBe('percent');
      expect(checkKpi(indicator, { value: 0, target: 100, method: {} })).toEqual([]);
      expect(checkKpi(indicator, { value: 100.1, method: {} })).toEqual([
        { code: 'kpi.out_of_range', field: 'value', min: 0, max: 100 },
      ]);
      expect(checkKpi(indicator, { value: 50, target: -1, method: {} })).toEqual([
        { code: 'kpi.out_of_range', field: 'target', min: 0, max: 100 },
      ]);
    }
  });

  it('takes ASA and AHT in seconds: ASA from 0 to an hour, AHT from 1 s to two hours', () => {
    expect(KPI_DEFINITIONS.asa.range({})).toEqual({ unit: 'seconds', min: 0, max: 3600 });
    expect(KPI_DEFINITIONS.aht.range({})).toEqual({ unit: 'seconds', min: 1, max: 7200 });
    expect(checkKpi('asa', { value: 0, method: {} })).toEqual([]);
    expect(checkKpi('aht', { value: 0, method: {} })).toEqual([
      { code: 'kpi.out_of_range', field: 'value', min: 1, max: 7200 },
    ]);
    expect(checkKpi('asa', { value: 3601, method: {} })).toHaveLength(1);
  });

  it('refuses values that are not finite numbers, and takes a null target as none', () => {
    expect(checkKpi('fcr', { value: Number.NaN, method: {} })).toHaveLength(1);
    expect(checkKpi('fcr', { value: Number.POSITIVE_INFINITY, method: {} })).toHaveLength(1);
    expect(checkKpi('fcr', { value: 80, target: null, method: {} })).toEqual([]);
  });
});

describe('meetsTarget', () => {
  it('meets a higher-is-better target at or above it, a lower-is-better one at or below it', () => {
    expect(meetsTarget('fcr', 85, 85)).toBe(true);
    expect(meetsTarget('fcr', 84.9, 85)).toBe(false);
    expect(meetsTarget('asa', 30, 30)).toBe(true);
    expect(meetsTarget('asa', 31, 30)).toBe(false);
    expect(meetsTarget('abandonment', 4, 5)).toBe(true);
    expect(meetsTarget('nps', -5, -10)).toBe(true);
  });

  it('knows which way each indicator is better', () => {
    const lower = KPI_INDICATORS.filter((i) => KPI_DEFINITIONS[i].better === 'lower');
    expect(lower).toEqual(['asa', 'aht', 'abandonment']);
  });
});

describe('methodKey', () => {
  it('is equal for the same method whatever the order of its fields', () => {
    expect(methodKey({ thresholdSeconds: 20, abandons: 'excluded' })).toBe(
      methodKey({ abandons: 'excluded', thresholdSeconds: 20 }),
    );
    expect(methodKey({})).toBe(methodKey({}));
  });

  it('differs when the threshold, the abandon rule or the scale differs', () => {
    expect(methodKey({ thresholdSeconds: 20, abandons: 'excluded' })).not.toBe(
      methodKey({ thresholdSeconds: 30, abandons: 'excluded' }),
    );
    expect(methodKey({ thresholdSeconds: 20, abandons: 'excluded' })).not.toBe(
      methodKey({ thresholdSeconds: 20, abandons: 'included' }),
    );
    expect(methodKey({ scale: '1-5' })).not.toBe(methodKey({ scale: 'top_box' }));
    expect(methodKey({ scale: '1-5' })).not.toBe(methodKey({}));
  });
});

describe('kpiAttainment', () => {
  const FROM = '2025-01-01';
  const TO = '2025-12-01';

  it('says an indicator met its target when it did in at least half of the months that had one', () => {
    const half = series('fcr', '2025-01', [86, 84, 86, 84], 85);
    const less = series('asa', '2025-01', [31, 29, 31, 31], 30);
    const result = kpiAttainment([...half, ...less], FROM, TO);
    const fcr = result.indicators.find((i) => i.indicator === 'fcr');
    const asa = result.indicators.find((i) => i.indicator === 'asa');
    expect(fcr).toMatchObject({ months: 4, monthsWithTarget: 4, monthsMet: 2, met: true });
    expect(asa).toMatchObject({ months: 4, monthsWithTarget: 4, monthsMet: 1, met: false });
  });

  it('counts only the months that had a target toward meeting it', () => {
    const records = [
      month('fcr', '2025-01', 70, null),
      month('fcr', '2025-02', 70, null),
      month('fcr', '2025-03', 90, 85),
    ];
    const [fcr] = kpiAttainment(records, FROM, TO).indicators;
    expect(fcr).toMatchObject({ months: 3, monthsWithTarget: 1, monthsMet: 1, met: true });
  });

  it('calls a least-squares slope in the better direction over 3 months or more an improvement', () => {
    // ASA falling (better) while missing the target; FCR falling (worse).
    const asa = series('asa', '2025-01', [60, 50, 40], 30);
    const fcr = series('fcr', '2025-01', [80, 78, 76], 85);
    const result = kpiAttainment([...asa, ...fcr], FROM, TO);
    const byId = new Map(result.indicators.map((i) => [i.indicator, i]));
    expect(byId.get('asa')).toMatchObject({ met: false, improved: true });
    expect(byId.get('asa')?.trendPerMonth).toBeCloseTo(10, 9);
    expect(byId.get('fcr')).toMatchObject({ met: false, improved: false });
    expect(byId.get('fcr')?.trendPerMonth).toBeCloseTo(-2, 9);
  });

  it('fits the slope over the months as recorded, gaps included', () => {
    // Months 0, 1 and 5: x̄ = 2, ȳ = 70; slope = Σdx·dy / Σdx² = (−2·−10 + −1·−10 + 3·20) / 14.
    const records = [
      month('fcr', '2025-01', 60, 85),
      month('fcr', '2025-02', 60, 85),
      month('fcr', '2025-06', 90, 85),
    ];
    const [fcr] = kpiAttainment(records, FROM, TO).indicators;
    expect(fcr?.trendPerMonth).toBeCloseTo(90 / 14, 9);
  });

  it('does not judge a trend over fewer than 3 months', () => {
    const [asa] = kpiAttainment(series('asa', '2025-01', [60, 40], 30), FROM, TO).indicators;
    expect(asa).toMatchObject({ months: 2, trendPerMonth: null, improved: false });
  });

  it('does not take a change of method for an improvement: only months measured like the latest count', () => {
    // 80/30 then 80/20: the drop in the numbers is the stricter threshold, not a worse service.
    const before = series('service_level', '2025-01', [70, 72, 74], 80, {
      thresholdSeconds: 30,
      abandons: 'excluded',
    });
    const after = series('service_level', '2025-04', [82, 81], 80, {
      thresholdSeconds: 20,
      abandons: 'excluded',
    });
    const [sl] = kpiAttainment([...before, ...after], FROM, TO).indicators;
    expect(sl).toMatchObject({
      months: 2,
      monthsWithTarget: 2,
      monthsMet: 2,
      met: true,
      trendPerMonth: null,
    });
  });

  it('keeps only the months of the period', () => {
    const records = series('fcr', '2024-11', [90, 90, 80, 80], 85);
    const result = kpiAttainment(records, FROM, TO);
    expect(result.indicators[0]).toMatchObject({ months: 2, monthsMet: 0, met: false });
    expect(result).toMatchObject({ from: FROM, to: TO });
  });

  it('gives the shares of the indicators measured with a target, for clauses 127 and 128', () => {
    const records = [
      ...series('fcr', '2025-01', [86, 87, 88], 85), // met
      ...series('asa', '2025-01', [60, 50, 40], 30), // improved only
      ...series('aht', '2025-01', [300, 320, 340], 280), // neither
      ...series('nps', '2025-01', [10, 10, 10], null), // no target: not counted
    ];
    const result = kpiAttainment(records, FROM, TO);
    expect(result.indicators.map((i) => i.indicator)).toEqual(['asa', 'aht', 'fcr', 'nps']);
    expect(result).toMatchObject({ measured: 3, met: 1, metOrImproved: 2 });
    expect(result.shareMet).toBe(33.3);
    expect(result.shareMetOrImproved).toBe(66.7);
  });

  it('has no shares when nothing was measured with a target', () => {
    expect(kpiAttainment([], FROM, TO)).toMatchObject({
      indicators: [],
      measured: 0,
      shareMet: null,
      shareMetOrImproved: null,
    });
  });
});
