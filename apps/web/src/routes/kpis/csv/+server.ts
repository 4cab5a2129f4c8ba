import { schemas } from '@ccmm/api/contract';
import { isMonth } from '@ccmm/engine';
import { t } from '$lib/i18n';
import { describeMethod, indicatorName, status } from '$lib/kpis/format';
import { api } from '$lib/server/api';
import { csvResponse } from '$lib/server/csv';
import { failPage } from '$lib/server/guard';
import { chosenOrganization } from '../kpis.server';
import type { RequestHandler } from './$types';

/** The values table as CSV: one row per month and indicator of the period (from/to, YYYY-MM), oldest first. */
export const GET: RequestHandler = async ({ locals, url }) => {
  const m = t(locals.locale).kpis;
  const { organization } = await chosenOrganization(locals, url);
  const header = [
    m.csv.month,
    m.csv.indicator,
    m.csv.name,
    m.csv.value,
    m.csv.unit,
    m.csv.target,
    m.csv.met,
    m.csv.method,
  ];
  if (!organization) return csvResponse('kpis.csv', header, []);
  const search = new URLSearchParams();
  for (const key of ['from', 'to']) {
    const value = url.searchParams.get(key);
    if (isMonth(value)) search.set(key, value);
  }
  const found = await api(
    locals,
    'GET',
    `/api/organizations/${organization.id}/kpis?${search}`,
    schemas.kpis,
  );
  if (!found.ok) failPage(locals, found);
  const rows = found.body.values.map((v) => [
    v.month,
    v.indicator,
    indicatorName(v.indicator, locals.locale),
    v.value,
    m.unitNames[v.unit],
    v.target,
    v.met === null ? '' : status(v.met, m),
    describeMethod(v.method, m),
  ]);
  const period = [search.get('from'), search.get('to')].filter(Boolean).join('_');
  return csvResponse(`kpis-${organization.id}${period ? `-${period}` : ''}.csv`, header, rows);
};
