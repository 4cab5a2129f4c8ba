import { t } from '$lib/i18n';
import { csvRefused, csvResponse } from '$lib/server/csv';
import { loadCompare } from '../../benchmarks.server';
import { areas, criterionRows, pointsOf } from '../compare';
import type { RequestHandler } from './$types';

/** The comparison as CSV: the same rows as the page's table, one column per organization. */
export const GET: RequestHandler = async ({ locals, url }) => {
  const all = t(locals.locale);
  const m = all.benchmarks;
  const { answer, layout, problem, problemStatus } = await loadCompare(locals, url);
  // No comparison (fewer than two, too many, refused by the API): its status and why, not an empty file.
  if (!answer) return csvRefused(problemStatus, problem ?? m.compare.pickTwo);
  const orgs = answer.organizations;
  const { domains, sections } = areas(answer, layout);
  const header = [
    m.csv.kindOfRow,
    m.csv.id,
    m.compare.metric,
    `${m.csv.max} / ${m.compare.required}`,
    ...orgs.map((o) => o.name),
  ];
  const rows: (string | number | null | undefined)[][] = [
    [m.standard, '', answer.standard, null, ...orgs.map(() => answer.standard)],
    [m.compare.assessedOn, '', m.compare.assessedOn, null, ...orgs.map((o) => o.assessment?.assessedOn)],
    [m.kind, '', m.kind, null, ...orgs.map((o) => (o.assessment ? all.kinds[o.assessment.kind] : null))],
    [m.level, '', m.level, null, ...orgs.map((o) => o.assessment?.level)],
    [m.total, '', m.total, layout?.maxTotal, ...orgs.map((o) => o.assessment?.total)],
    ...domains.map((d) => [m.domain, d.id, d.title, d.max, ...orgs.map((o) => pointsOf(o, 'domain', d.id))]),
    ...sections.map((s) => [
      m.section,
      s.id,
      s.title,
      s.max,
      ...orgs.map((o) => pointsOf(o, 'section', s.id)),
    ]),
    ...criterionRows(answer).map((r) => [
      `${m.compare.criterion} (${m.csv.margin})`,
      `L${r.level}`,
      r.description,
      r.required,
      ...r.cells.map((c) => c?.margin),
    ]),
  ];
  return csvResponse('benchmark-compare.csv', header, rows);
};
