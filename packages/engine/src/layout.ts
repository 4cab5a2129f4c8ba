import type { Section, Standard, Topic } from './standard.ts';

// A standard's table of contents as the pages, exports and the engine read it: domains, their
// (nested) sections and which clauses sit where, with the points each area can give. Computed
// once per standard, so nobody walks the nested sections by hand or evaluates no ratings to
// learn the shape.

export interface SectionLayout {
  /** Table-of-contents number, e.g. "2.1.3". */
  readonly id: string;
  readonly domain: string;
  /** The enclosing section; null for a domain's top sections. */
  readonly parent: string | null;
  /** 0 for a domain's top sections. */
  readonly depth: number;
  readonly title: Section['title'];
  readonly topics: readonly Topic[];
  /** Numbers of the clauses placed in this very section, in the pack's order. */
  readonly clauses: readonly number[];
  /** Clauses in this section and every section below it. */
  readonly clauseCount: number;
  /** What those clauses give with every rate at the top of the scale. */
  readonly maxPoints: number;
  readonly sections: readonly SectionLayout[];
}

export interface DomainLayout {
  readonly id: string;
  readonly title: Section['title'];
  readonly sections: readonly SectionLayout[];
  readonly clauseCount: number;
  readonly maxPoints: number;
}

export interface StandardLayout {
  readonly domains: readonly DomainLayout[];
  /** Every section, depth first in table-of-contents order (a domain's sections together). */
  readonly sections: readonly SectionLayout[];
  readonly sectionById: ReadonlyMap<string, SectionLayout>;
  /** What every clause gives with every rate at the top of the scale. */
  readonly maxTotal: number;
}

interface Building extends Omit<SectionLayout, 'clauses' | 'clauseCount' | 'maxPoints' | 'sections'> {
  clauses: number[];
  clauseCount: number;
  maxPoints: number;
  sections: Building[];
}

const cache = new WeakMap<Standard, StandardLayout>();

export function standardLayout(standard: Standard): StandardLayout {
  const cached = cache.get(standard);
  if (cached) return cached;

  const sections: Building[] = [];
  const visit = (section: Section, domain: string, parent: string | null, depth: number): Building => {
    const entry: Building = {
      id: section.id,
      domain,
      parent,
      depth,
      title: section.title,
      topics: section.topics ?? [],
      clauses: [],
      clauseCount: 0,
      maxPoints: 0,
      sections: [],
    };
    sections.push(entry);
    for (const child of section.sections ?? [])
      entry.sections.push(visit(child, domain, section.id, depth + 1));
    return entry;
  };
  const tops = standard.domains.map((domain) => domain.sections.map((s) => visit(s, domain.id, null, 0)));

  // A clause counts in its section and every section above it (the same chain the engine
  // scores); a clause whose section is unknown counts nowhere but in the total.
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  const domainClauses = new Map<string, number>();
  for (const clause of standard.clauses) {
    const own = sectionById.get(clause.section);
    own?.clauses.push(clause.number);
    if (own) domainClauses.set(own.domain, (domainClauses.get(own.domain) ?? 0) + 1);
    for (let at = own; at; at = at.parent === null ? undefined : sectionById.get(at.parent)) at.clauseCount++;
  }

  const maxValue = Math.max(...standard.scale.values.map((v) => v.value));
  const maxTotal = standard.clauses.length * standard.rates.length * maxValue;
  const perClause = maxTotal / Math.max(standard.clauses.length, 1);
  for (const s of sections) s.maxPoints = s.clauseCount * perClause;

  const layout: StandardLayout = {
    domains: standard.domains.map((domain, i) => {
      const clauseCount = domainClauses.get(domain.id) ?? 0;
      return {
        id: domain.id,
        title: domain.title,
        sections: tops[i] ?? [],
        clauseCount,
        maxPoints: clauseCount * perClause,
      };
    }),
    sections,
    sectionById,
    maxTotal,
  };
  cache.set(standard, layout);
  return layout;
}

/**
 * The clauses among `clauses` that lie outside `domains` (an audit plan's domains of one rater;
 * empty: every domain, so none lie outside). A clause the standard does not place in a domain
 * lies outside any non-empty list.
 */
export function clausesOutsideDomains(
  standard: Standard,
  domains: readonly string[],
  clauses: readonly number[],
): number[] {
  if (domains.length === 0) return [];
  const { sectionById } = standardLayout(standard);
  const sectionOf = new Map(standard.clauses.map((c) => [c.number, c.section]));
  const allowed = new Set(domains);
  return clauses.filter((n) => {
    const section = sectionOf.get(n);
    const domain = section === undefined ? undefined : sectionById.get(section)?.domain;
    return domain === undefined || !allowed.has(domain);
  });
}
