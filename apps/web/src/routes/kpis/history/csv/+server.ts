import { KPI_DEFINITIONS } from '@ccmm/engine';
import { t } from '$lib/i18n';
import { describeMethod, indicatorName } from '$lib/kpis/format';
import { csvResponse } from '$lib/server/csv';
import { loadHistory } from '../../kpis.server';
import type { RequestHandler } from './$types';

/** The history as CSV: who recorded, changed or deleted what, newest first (a deletion has no value). */
export const GET: RequestHandler = async ({ locals, url }) => {
  const m = t(locals.locale).kpis;
  const { organization, changes } = await loadHistory(locals, url);
  const header = [
    m.csv.when,
    m.csv.who,
    m.csv.month,
    m.csv.indicator,
    m.csv.name,
    m.csv.value,
    m.csv.unit,
    m.csv.target,
    m.csv.method,
  ];
  const rows = changes.map((c) => [
    new Date(c.changedAt).toISOString(),
    c.changedBy.name,
    c.month,
    c.indicator,
    indicatorName(c.indicator, locals.locale),
    c.value === null ? m.history.removed : c.value,
    m.unitNames[KPI_DEFINITIONS[c.indicator].range(c.method ?? {}).unit],
    c.target,
    describeMethod(c.method, m),
  ]);
  return csvResponse(`kpi-history-${organization?.id ?? 'none'}.csv`, header, rows);
};
