import { t } from '$lib/i18n';
import { csvResponse } from '$lib/server/csv';
import { loadTrend } from '../../benchmarks.server';
import type { RequestHandler } from './$types';

/** The trend as CSV: one row per assessment, oldest first, with the points per domain. */
export const GET: RequestHandler = async ({ locals, url }) => {
  const all = t(locals.locale);
  const m = all.benchmarks;
  const { organization, points, layouts } = await loadTrend(locals, url);
  const domains = [...new Set(Object.values(layouts).flatMap((l) => l.domains.map((d) => d.id)))];
  const header = [
    m.date,
    m.kind,
    m.status,
    m.trends.complete,
    m.standard,
    m.level,
    m.total,
    ...domains.map(
      (id) =>
        `${id} ${
          Object.values(layouts)
            .find((l) => l.domains.some((d) => d.id === id))
            ?.domains.find((d) => d.id === id)?.title ?? ''
        }`,
    ),
  ];
  const rows = points.map((p) => [
    p.assessedOn,
    all.kinds[p.kind],
    all.statuses[p.status as keyof typeof all.statuses] ?? p.status,
    p.complete ? m.trends.yes : m.trends.no,
    p.standard,
    p.level,
    p.total,
    ...domains.map((id) => p.domains.find((d) => d.domain === id)?.points ?? null),
  ]);
  return csvResponse(`benchmark-trend-${organization?.id ?? 'none'}.csv`, header, rows);
};
