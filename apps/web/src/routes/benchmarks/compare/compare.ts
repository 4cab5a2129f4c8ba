// The comparison table's rows, shared by the page and its CSV: one row per figure, one cell per organization.
import type { ComparedOrganization, Comparison } from '@ccmm/api/contract';
import type { Layout } from '../benchmarks';

export interface CriterionRow {
  key: string;
  level: number;
  unit: 'clauses' | 'points' | 'years';
  description: string;
  required: number;
  cells: ({ actual: number; margin: number; met: boolean } | null)[];
}

/** Every criterion any organization reports, in level order, with each organization's margin. */
export function criterionRows(answer: Comparison): CriterionRow[] {
  const rows = new Map<string, CriterionRow>();
  answer.organizations.forEach((o, i) => {
    for (const c of o.criteria) {
      let row = rows.get(c.criterion);
      if (!row) {
        row = {
          key: c.criterion,
          level: c.level,
          unit: c.unit,
          description: c.description,
          required: c.required,
          cells: answer.organizations.map(() => null),
        };
        rows.set(c.criterion, row);
      }
      row.cells[i] = { actual: c.actual, margin: c.margin, met: c.met };
    }
  });
  return [...rows.values()].sort((a, b) => a.level - b.level);
}

export const pointsOf = (o: ComparedOrganization, scope: 'domain' | 'section', id: string): number | null => {
  if (!o.assessment) return null;
  const found =
    scope === 'domain' ? o.domains.find((d) => d.domain === id) : o.sections.find((s) => s.section === id);
  return found ? found.points : null;
};

/** Domains and sections in the standard's order, with their maxima as the API reports them. */
export function areas(answer: Comparison, layout: Layout | null) {
  const domainMax = new Map<string, number>();
  const sectionMax = new Map<string, number>();
  for (const o of answer.organizations) {
    for (const d of o.domains) domainMax.set(d.domain, d.max);
    for (const s of o.sections) sectionMax.set(s.section, s.max);
  }
  const domains = (layout?.domains ?? []).map((d) => ({ ...d, max: domainMax.get(d.id) ?? d.max }));
  const sections = (layout?.sections ?? []).map((s) => ({ ...s, max: sectionMax.get(s.id) ?? s.max }));
  return { domains, sections };
}
