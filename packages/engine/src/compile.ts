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
  /** Clause numbers by position. */
  readonly clauseNumbers: Int32Array;
  /** Position by clause number (-1: none), when the numbers are small; else null (use positionOf). */
  readonly positionByNumber: Int32Array | null;
  /** sectionsOf flattened: the sections of position i are sectionList[sectionStart[i] … sectionStart[i + 1]). */
  readonly sectionStart: Int32Array;
  readonly sectionList: Int32Array;
  /** groupsOf flattened the same way. */
  readonly groupStart: Int32Array;
  readonly groupList: Int32Array;
  /** For group g and rate index r, the slots (position × 2 + r) of its clauses, in clause order. */
  readonly groupSlots: readonly Int32Array[];
  /** Working memory of one evaluation (evaluations run one at a time), reused to spare allocations. */
  readonly scratch: Scratch;
}

/** Buffers an evaluation fills and reads before it returns; never part of a result. */
export interface Scratch {
  readonly values: Int8Array;
  readonly seen: Int32Array;
  /** Bumped by each evaluation: `seen[position] === stamp` marks a clause already read. */
  stamp: number;
  readonly domainStats: Int32Array;
  readonly sectionStats: Int32Array;
  readonly groupStats: Int32Array;
  readonly gain: Int8Array;
  readonly selected: Uint8Array;
  /** The candidate pools of the gap, one after the other. */
  readonly pools: Int32Array;
  readonly picks: Int32Array;
  readonly pickPool: Int32Array;
  readonly order: Float64Array;
}

/** Per-area statistics slots (points, compliant C/F, scored C/F, clauses). */
export const STATS = 6;

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

  const slotCount = clauses.length * 2;
  const clauseNumbers = Int32Array.from(clauses, (c) => c.number);
  const maxNumber = clauses.reduce((max, c) => Math.max(max, c.number), 0);
  const smallNumbers =
    clauses.every((c) => Number.isInteger(c.number) && c.number >= 0) && maxNumber <= 65_536;
  const positionByNumber = smallNumbers ? new Int32Array(maxNumber + 1).fill(-1) : null;
  if (positionByNumber) {
    for (const [i, c] of clauses.entries()) positionByNumber[c.number] = i;
  }
  const flatten = (lists: readonly (readonly number[])[]) => {
    const start = new Int32Array(lists.length + 1);
    for (const [i, list] of lists.entries()) start[i + 1] = (start[i] ?? 0) + list.length;
    return { start, list: Int32Array.from(lists.flat()) };
  };
  const sectionFlat = flatten(sectionsOf);
  const groupFlat = flatten(groupsOf);
  const groupSlots = groupMembers.flatMap((members) =>
    [0, 1].map((rate) => Int32Array.from(members, (position) => position * 2 + rate)),
  );
  const scratch: Scratch = {
    values: new Int8Array(slotCount),
    seen: new Int32Array(clauses.length),
    stamp: 0,
    domainStats: new Int32Array(domainIds.length * STATS),
    sectionStats: new Int32Array(sections.length * STATS),
    groupStats: new Int32Array(groupIds.length * STATS),
    gain: new Int8Array(slotCount),
    selected: new Uint8Array(slotCount),
    pools: new Int32Array(slotCount * (2 * groupIds.length + 1)),
    picks: new Int32Array(slotCount),
    pickPool: new Int32Array(slotCount),
    order: new Float64Array(slotCount),
  };

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
    clauseNumbers,
    positionByNumber,
    sectionStart: sectionFlat.start,
    sectionList: sectionFlat.list,
    groupStart: groupFlat.start,
    groupList: groupFlat.list,
    groupSlots,
    scratch,
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
