import { t } from '$lib/i18n';
import { csvResponse } from '$lib/server/csv';
import { loadSelfVsAudit } from '../../benchmarks.server';
import type { RequestHandler } from './$types';

/**
 * Self-assessment vs audit as CSV: the total and each domain (self, audit, difference and the
 * peers' spread of differences when shown), then each clause rated differently.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  const all = t(locals.locale);
  const m = all.benchmarks;
  const s = m.selfVsAudit;
  const band = (row: { standing?: keyof typeof all.standing } | undefined) =>
    row?.standing ? all.standing[row.standing] : null;
  const { organization, answer, layout } = await loadSelfVsAudit(locals, url);
  const header = [
    m.csv.kindOfRow,
    m.csv.id,
    m.csv.name,
    s.self,
    s.audit,
    s.difference,
    s.selfC,
    s.selfF,
    s.auditC,
    s.auditF,
    'p25',
    m.cohort.median,
    'p75',
    'p90',
    m.cohort.standing,
  ];
  const rows: (string | number | null | undefined)[][] = [];
  if (answer?.total) {
    const c = answer.cohort.shown ? answer.cohort : null;
    const t = c?.total && { standing: c.standing, ...c.total };
    rows.push([
      m.total,
      '',
      m.total,
      answer.total.self,
      answer.total.audit,
      answer.total.difference,
      null,
      null,
      null,
      null,
      t?.p25,
      t?.p50,
      t?.p75,
      t?.p90,
      band(t),
    ]);
    for (const d of answer.domains) {
      const p = c?.domains?.find((x) => x.domain === d.domain);
      const title = layout?.domains.find((x) => x.id === d.domain)?.title;
      rows.push([
        m.domain,
        d.domain,
        title,
        d.self,
        d.audit,
        d.difference,
        null,
        null,
        null,
        null,
        p?.p25,
        p?.p50,
        p?.p75,
        p?.p90,
        band(p),
      ]);
    }
    for (const x of answer.clauses) {
      const title = layout?.sections.find((y) => y.id === x.section)?.title;
      rows.push([
        m.clause,
        x.clause,
        `${x.section} ${title ?? ''}`.trim(),
        null,
        null,
        x.difference,
        x.self.c,
        x.self.f,
        x.audit.c,
        x.audit.f,
      ]);
    }
  }
  return csvResponse(`benchmark-self-vs-audit-${organization?.id ?? 'none'}.csv`, header, rows);
};
