import { t } from '$lib/i18n';
import { describeMethod, indicatorName } from '$lib/kpi-charts/kpis';
import { csvResponse, loadCohort } from '../../kpis.server';
import type { RequestHandler } from './$types';

/** The cohort view as CSV: per indicator the organization's value, the peers' percentiles, or why none. */
export const GET: RequestHandler = async ({ locals, url }) => {
  const m = t(locals.locale).kpis;
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
    m.cohort.rank,
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
    i.rank,
    i.size,
    i.shown ? '' : (i.reason ?? ''),
  ]);
  return csvResponse(`kpi-cohort-${organization?.id ?? 'none'}-${cohort?.month ?? ''}.csv`, header, rows);
};
