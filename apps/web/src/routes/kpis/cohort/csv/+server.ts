import { t } from '$lib/i18n';
import { describeMethod, indicatorName } from '$lib/kpis/format';
import { csvResponse } from '$lib/server/csv';
import { loadCohort } from '../../kpis.server';
import type { RequestHandler } from './$types';

/**
 * The cohort view as CSV: per indicator the organization's value, the peers' percentiles and its
 * band, or why none (a hidden cohort's count is not told: its peers column stays empty).
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  const all = t(locals.locale);
  const m = all.kpis;
  const { organization, cohort } = await loadCohort(locals, url);
  const header = [
    m.csv.month,
    m.csv.indicator,
    m.csv.name,
    m.csv.method,
    m.csv.unit,
    m.csv.value,
    'p25',
    m.cohort.median,
    'p75',
    'p90',
    m.cohort.standing,
    m.csv.peers,
    m.csv.reason,
  ];
  const rows = (cohort?.indicators ?? []).map((i) => [
    cohort?.month,
    i.indicator,
    indicatorName(i.indicator, locals.locale),
    describeMethod(i.method, m),
    m.unitNames[i.unit],
    i.value,
    i.p25,
    i.p50,
    i.p75,
    i.p90,
    i.standing ? all.standing[i.standing] : null,
    i.size,
    i.shown ? '' : (i.reason ?? ''),
  ]);
  return csvResponse(`kpi-cohort-${organization?.id ?? 'none'}-${cohort?.month ?? ''}.csv`, header, rows);
};
