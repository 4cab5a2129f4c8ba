import { t } from '$lib/i18n';
import { csvResponse } from '$lib/server/csv';
import { loadCohort } from '../benchmarks.server';
import type { RequestHandler } from './$types';

/**
 * The cohort view as CSV: the organization's value, the peers' percentiles and its band per total,
 * domain and section (p90 empty under 10 peers); a hidden cohort gives no rows and no count.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  const all = t(locals.locale);
  const m = all.benchmarks;
  const band = (row: { standing?: keyof typeof all.standing }) =>
    row.standing ? all.standing[row.standing] : null;
  const { organization, cohort, layout } = await loadCohort(locals, url);
  const header = [
    m.csv.scope,
    m.csv.id,
    m.csv.name,
    m.csv.value,
    'p25',
    m.cohort.median,
    'p75',
    'p90',
    m.csv.max,
    m.cohort.standing,
    m.csv.size,
  ];
  const rows: (string | number | null | undefined)[][] = [];
  if (cohort?.shown && layout) {
    const size = cohort.size;
    if (cohort.total)
      rows.push([
        m.total,
        '',
        m.total,
        cohort.total.value,
        cohort.total.p25,
        cohort.total.p50,
        cohort.total.p75,
        cohort.total.p90,
        layout.maxTotal,
        band(cohort.total),
        size,
      ]);
    for (const d of cohort.domains) {
      const info = layout.domains.find((x) => x.id === d.domain);
      rows.push([
        m.domain,
        d.domain,
        info?.title,
        d.value,
        d.p25,
        d.p50,
        d.p75,
        d.p90,
        info?.max,
        band(d),
        size,
      ]);
    }
    for (const s of cohort.sections) {
      const info = layout.sections.find((x) => x.id === s.section);
      rows.push([
        m.section,
        s.section,
        info?.title,
        s.value,
        s.p25,
        s.p50,
        s.p75,
        s.p90,
        info?.max,
        band(s),
        size,
      ]);
    }
  }
  return csvResponse(`benchmark-cohort-${organization?.id ?? 'none'}.csv`, header, rows);
};
