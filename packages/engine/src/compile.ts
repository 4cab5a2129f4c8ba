import { standardLayout } from './layout.ts';
import type { Clause, Criterion, Level, RateId, Section, Standard } from './standard.ts';

/** A section in table-of-contents order, with where it sits. */
export interface SectionEntry {
  readonly id: string;
  readonly domain: string;
  readonly parent: string | null;
  readonly depth: number;
  readonly title: Section['title'];
}

export interface CompiledCriterion {
  readonly id: string;
  readonly level: number;
  readonly criterion: Criterion;
  /** Position of the criterion's clause group in groupIds, or -1. */
  readonly groupIndex: number;
}

/**
 * Index of a standard version built once and reused for every evaluation: arrays indexed by
 * clause position, so evaluating an assessment is a few passes over 168 small integers.
 */
export interface CompiledStandard {
  readonly standard: Standard;
  readonly clauses: readonly Clause[];
  readonly positionOf: ReadonlyMap<number, number>;
  readonly domainIds: readonly string[];
  readonly domainOf: Int32Array;
  readonly sections: readonly SectionEntry[];
  /** For each clause position, the positions in `sections` of every section containing it. */
  readonly sectionsOf: readonly (readonly number[])[];
  readonly groupIds: readonly string[];
  /** For each group, the clause positions it holds. */
  readonly groupMembers: readonly (readonly number[])[];
  /** For each group, 1 at the positions of its clauses: membership in O(1). */
  readonly inGroup: readonly Uint8Array[];
  /** For each clause position, the groups holding it. */
  readonly groupsOf: readonly (readonly number[])[];
  readonly rates: readonly RateId[];
  readonly maxTotal: number;
  readonly levels: readonly Level[];
  readonly criteria: readonly CompiledCriterion[];
}

export function criterionId(level: Pick<Level, 'code'>, criterion: Criterion): string {
  switch (criterion.kind) {
    case 'compliantShare':
      return `${level.code}.${criterion.rate}-${criterion.group}`;
    case 'totalPoints':
      return `${level.code}.total`;
    case 'operatingYears':
      return `${level.code}.years`;
  }
}

const cache = new WeakMap<Standard, CompiledStandard>();

export function compileStandard(standard: Standard): CompiledStandard {
  const cached = cache.get(standard);
  if (cached) return cached;

  const sections: readonly SectionEntry[] = standardLayout(standard).sections;
  const sectionPosition = new Map(sections.map((s, i) => [s.id, i]));

  const domainIds = standard.domains.map((d) => d.id);
  const domainPosition = new Map(domainIds.map((id, i) => [id, i]));
  const clauses = [...standard.clauses].sort((a, b) => a.number - b.number);
  const positionOf = new Map(clauses.map((c, i) => [c.number, i]));
  const domainOf = new Int32Array(clauses.length).fill(-1);
  const sectionsOf = clauses.map((clause, i) => {
    const path: number[] = [];
    let at = sectionPosition.get(clause.section);
    if (at !== undefined) domainOf[i] = domainPosition.get(sections[at]?.domain ?? '') ?? -1;
    while (at !== undefined) {
      path.unshift(at);
      const parent = sections[at]?.parent;
      at = parent == null ? undefined : sectionPosition.get(parent);
    }
    return path;
  });

  const groupIds = standard.clauseGroups.map((g) => g.id);
  const groupMembers = standard.clauseGroups.map((group) => {
    const domains = new Set(group.domains.map((id) => domainPosition.get(id)));
    const members: number[] = [];
    clauses.forEach((_, i) => {
      if (domains.has(domainOf[i])) members.push(i);
    });
    return members;
  });

  const inGroup = groupMembers.map((members) => {
    const flags = new Uint8Array(clauses.length);
    for (const i of members) flags[i] = 1;
    return flags;
  });
  const groupsOf = clauses.map((_, i) =>
    groupMembers.flatMap((members, g) => (members.includes(i) ? [g] : [])),
  );

  const rates = standard.rates.map((r) => r.id);
  const maxValue = Math.max(...standard.scale.values.map((v) => v.value));
  const levels = [...standard.levels].sort((a, b) => a.level - b.level);
  const criteria = levels.flatMap((level) =>
    level.criteria.map((criterion) => ({
      id: criterionId(level, criterion),
      level: level.level,
      criterion,
      groupIndex: criterion.kind === 'compliantShare' ? groupIds.indexOf(criterion.group) : -1,
    })),
  );

  const compiled: CompiledStandard = {
    standard,
    clauses,
    positionOf,
    domainIds,
    domainOf,
    sections,
    sectionsOf,
    groupIds,
    groupMembers,
    inGroup,
    groupsOf,
    rates,
    maxTotal: clauses.length * rates.length * maxValue,
    levels,
    criteria,
  };
  cache.set(standard, compiled);
  return compiled;
}

/**
 * Smallest count k of a group of n clauses with k * 100 >= percent * n (percent is an integer,
 * so this is the integer ceiling of percent * n / 100: 80% of 148 is 119, 70% of 20 is 14).
 */
export function requiredCount(percent: number, groupSize: number): number {
  return Math.floor((percent * groupSize + 99) / 100);
}

/** The threshold test itself, in integers: no floating-point percentage is ever compared. */
export function meetsShare(compliant: number, percent: number, groupSize: number): boolean {
  return compliant * 100 >= percent * groupSize;
}
