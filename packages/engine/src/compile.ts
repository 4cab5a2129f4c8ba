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
  /** What its result holds whatever the ratings: clauses in the group (0 unless a share)… */
  readonly groupSize: number;
  /** …clauses, points or years needed… */
  readonly required: number;
  /** …the best any scoring can do (null for operating years)… */
  readonly maxPossible: number | null;
  /** …and whether any ratings can meet it. */
  readonly attainable: boolean;
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
  /** Every criterion of every level, in level order. */
  readonly criteria: readonly CompiledCriterion[];
  /** Each level's number and code, by position in levels. */
  readonly levelNumbers: readonly number[];
  readonly levelCodes: readonly string[];
  /** The criteria of levels[l] are criteria[levelStart[l] … levelStart[l + 1]). */
  readonly levelStart: Int32Array;
  /** Some ratings meet every criterion of levels[l] (operating years aside). */
  readonly levelAttainable: readonly boolean[];
  /** Each criterion's kind as a number (CRITERION_SHARE, CRITERION_TOTAL, CRITERION_YEARS)… */
  readonly criterionKind: Uint8Array;
  /** …where a share criterion's count sits in an evaluation's group statistics (-1: no such group)… */
  readonly criterionStat: Int32Array;
  /** …and its test in numbers: met when actual × meetScale >= meetBar (percent × group size for a share). */
  readonly meetScale: Float64Array;
  readonly meetBar: Float64Array;
  /** Each criterion's required value, and 1 where some ratings can meet it. */
  readonly required: Float64Array;
  readonly attainable: Uint8Array;
  /** How many clauses each section (with its subsections) and each domain holds. */
  readonly sectionClauses: Int32Array;
  readonly domainClauses: Int32Array;
  readonly groupClauses: Int32Array;
  /**
   * What a clause adds to the slot sets of Scratch, by its pair of values (c + 1) × VALUE_SPAN
   * + (f + 1): two bits (C, F) each for a raise gaining 10, one gaining 5, and unscored.
   */
  readonly pairCode: Uint8Array;
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
  /**
   * Each clause's statistics packed in one number (points + compliant C, F + scored C, F, each
   * in a field of its own), summed per innermost section and rolled up: null when the fields
   * would not fit a double exactly (then areas are summed clause by clause).
   */
  readonly packing: Packing | null;
  /** Working memory of one evaluation (evaluations run one at a time), reused to spare allocations. */
  readonly scratch: Scratch;
}

/** Buffers an evaluation fills and reads before it returns; never part of a result. */
export interface Scratch {
  readonly values: Int8Array;
  /** Which criteria hold (1), and the actual value each read, by criterion index. */
  readonly met: Uint8Array;
  readonly actual: Float64Array;
  readonly seen: Int32Array;
  /** Bumped by each evaluation: `seen[position] === stamp` marks a clause already read. */
  stamp: number;
  /**
   * Set by a read that also summed the clauses (a complete list in clause order): packedAll
   * holds the packed sum of every clause, packing.sectionSums the sections' sums, and the slot
   * sets below are filled.
   */
  summed: boolean;
  packedAll: number;
  /**
   * Slot sets of the ratings (one bit a slot, 32 a word): the rates a raise to the compliant
   * value gains 10, those it gains 5 (the gap's candidates), and the unscored rates (with
   * the other two, the order of its changes; and the incomplete clauses). Filled a clause at a
   * time from pairCode.
   */
  readonly raisesByTen: Int32Array;
  readonly raisesByFive: Int32Array;
  readonly unscored: Int32Array;
  readonly domainStats: Int32Array;
  readonly sectionStats: Int32Array;
  readonly groupStats: Int32Array;
  readonly picks: Int32Array;
  readonly pickPool: Int32Array;
  readonly order: Int32Array;
  /** How many times the gap picked each slot, and the rank of its change. */
  readonly count: Uint8Array;
  readonly rankOf: Int32Array;
  /** Changes per rank, then where each rank's changes start in the answer. */
  readonly rankCount: Int32Array;
}

export interface Packing {
  /** Multipliers of the fields after points: compliant C, compliant F, scored C, scored F. */
  readonly scale: readonly [number, number, number, number];
  /** 1 / scale, exactly (each multiplier is a power of two). */
  readonly inverseScale: readonly [number, number, number, number];
  /** A clause's packed statistics by (c + 1) * VALUE_SPAN + (f + 1), values -1 (unscored) to 10. */
  readonly contribution: Float64Array;
  /** Innermost section of each clause position (-1: none). */
  readonly leafOf: Int32Array;
  /** Sections deepest first, each with its parent (-1: a domain's top section) and domain. */
  readonly rollup: Int32Array;
  readonly parentOf: Int32Array;
  readonly domainOfSection: Int32Array;
  /** For each group, the domains it holds. */
  readonly groupDomains: readonly Int32Array[];
  readonly sectionSums: Float64Array;
  readonly domainSums: Float64Array;
  readonly groupSums: Float64Array;
}

export const VALUE_SPAN = 12;

/** Per-area statistics slots (points, compliant C/F, scored C/F, clauses). */
export const STATS = 6;

export const CRITERION_SHARE = 0;
export const CRITERION_TOTAL = 1;
export const CRITERION_YEARS = 2;
const KIND_CODE: Record<Criterion['kind'], number> = {
  compliantShare: CRITERION_SHARE,
  totalPoints: CRITERION_TOTAL,
  operatingYears: CRITERION_YEARS,
};

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
  const maxTotal = clauses.length * rates.length * maxValue;
  const criteria = levels.flatMap((level) =>
    level.criteria.map((criterion) => {
      const groupIndex = criterion.kind === 'compliantShare' ? groupIds.indexOf(criterion.group) : -1;
      return {
        id: criterionId(level, criterion),
        level: level.level,
        criterion,
        groupIndex,
        ...staticsOf(criterion, groupMembers[groupIndex]?.length ?? 0, maxTotal),
      };
    }),
  );
  const levelStart = new Int32Array(levels.length + 1);
  for (const [l, level] of levels.entries()) levelStart[l + 1] = (levelStart[l] ?? 0) + level.criteria.length;
  const levelAttainable = levels.map((_, l) =>
    criteria.slice(levelStart[l], levelStart[l + 1]).every((c) => c.attainable),
  );

  const criterionKind = Uint8Array.from(criteria, (c) => KIND_CODE[c.criterion.kind]);
  const criterionStat = Int32Array.from(criteria, ({ criterion, groupIndex }) =>
    criterion.kind === 'compliantShare' && groupIndex >= 0
      ? groupIndex * STATS + (criterion.rate === 'C' ? 1 : 2)
      : -1,
  );
  const meetScale = Float64Array.from(criteria, (c) => (c.criterion.kind === 'compliantShare' ? 100 : 1));
  const meetBar = Float64Array.from(criteria, ({ criterion, groupSize }) =>
    criterion.kind === 'compliantShare' ? criterion.atLeastPercent * groupSize : criterion.atLeast,
  );

  const slotCount = clauses.length * 2;
  const slotWords = (slotCount + 31) >> 5;
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
    met: new Uint8Array(criteria.length),
    actual: new Float64Array(criteria.length),
    seen: new Int32Array(clauses.length),
    stamp: 0,
    summed: false,
    packedAll: 0,
    raisesByTen: new Int32Array(slotWords),
    raisesByFive: new Int32Array(slotWords),
    unscored: new Int32Array(slotWords),
    domainStats: new Int32Array(domainIds.length * STATS),
    sectionStats: new Int32Array(sections.length * STATS),
    groupStats: new Int32Array(groupIds.length * STATS),
    picks: new Int32Array(slotCount * (2 * groupIds.length + 1)),
    pickPool: new Int32Array(slotCount * (2 * groupIds.length + 1)),
    // As many as the picks: where clause groups overlap, one slot can be picked by several cells.
    order: new Int32Array(slotCount * (2 * groupIds.length + 1)),
    count: new Uint8Array(slotCount),
    rankOf: new Int32Array(slotCount),
    // A rank is (criteria helped) × 16 + (value + 1): at most every criterion helps a change.
    rankCount: new Int32Array((criteria.length + 1) * 16),
  };

  const sectionClauses = new Int32Array(sections.length);
  for (const path of sectionsOf) for (const s of path) sectionClauses[s] = (sectionClauses[s] ?? 0) + 1;
  const domainClauses = new Int32Array(domainIds.length);
  for (const d of domainOf) if (d >= 0) domainClauses[d] = (domainClauses[d] ?? 0) + 1;

  const compiled: CompiledStandard = {
    sectionClauses,
    domainClauses,
    groupClauses: Int32Array.from(groupMembers, (members) => members.length),
    packing: packingOf(standard, clauses.length, sections, sectionsOf, domainIds, domainOf),
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
    maxTotal,
    levels,
    criteria,
    levelStart,
    levelNumbers: levels.map((l) => l.level),
    levelCodes: levels.map((l) => l.code),
    levelAttainable,
    criterionKind,
    criterionStat,
    meetScale,
    meetBar,
    required: Float64Array.from(criteria, (c) => c.required),
    attainable: Uint8Array.from(criteria, (c) => (c.attainable ? 1 : 0)),
    pairCode: pairCodes(standard),
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

function pairCodes(standard: Standard): Uint8Array {
  const { compliantValue, unscoredCountsAs } = standard.scale;
  const gain = (v: number) => compliantValue - (v < 0 ? unscoredCountsAs : v);
  // Two bits for a test on the pair: C's in the low bit, F's in the high one.
  const bits = (test: (v: number) => boolean, c: number, f: number) => (test(c) ? 1 : 0) | (test(f) ? 2 : 0);
  const codes = new Uint8Array(VALUE_SPAN * VALUE_SPAN);
  for (let c = -1; c < VALUE_SPAN - 1; c++) {
    for (let f = -1; f < VALUE_SPAN - 1; f++) {
      codes[(c + 1) * VALUE_SPAN + f + 1] =
        bits((v) => gain(v) === 10, c, f) |
        (bits((v) => gain(v) === 5, c, f) << 2) |
        (bits((v) => v < 0, c, f) << 4);
    }
  }
  return codes;
}

function staticsOf(criterion: Criterion, groupSize: number, maxTotal: number) {
  switch (criterion.kind) {
    case 'compliantShare':
      return {
        groupSize,
        required: requiredCount(criterion.atLeastPercent, groupSize),
        maxPossible: groupSize,
        attainable: meetsShare(groupSize, criterion.atLeastPercent, groupSize),
      };
    case 'totalPoints':
      return {
        groupSize: 0,
        required: criterion.atLeast,
        maxPossible: maxTotal,
        attainable: maxTotal >= criterion.atLeast,
      };
    case 'operatingYears':
      return { groupSize: 0, required: criterion.atLeast, maxPossible: null, attainable: true };
  }
}

/**
 * Largest actual value (clauses, points or years) whose result pieces are made once and kept:
 * results of a larger (or fractional) actual are made each time.
 */
export function actualBound(compiled: CompiledStandard, c: CompiledCriterion): number {
  switch (c.criterion.kind) {
    case 'compliantShare':
      return c.groupSize;
    case 'totalPoints':
      return compiled.clauses.length * compiled.rates.length * 10;
    case 'operatingYears':
      return 100;
  }
}

/** Where `actual` sits in a table indexed by actual values, or -1 when the table has no place for it. */
export function slotOf(table: readonly unknown[], actual: number): number {
  return Number.isInteger(actual) && actual >= 0 && actual < table.length ? actual : -1;
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

function packingOf(
  standard: Standard,
  clauseCount: number,
  sections: readonly SectionEntry[],
  sectionsOf: readonly (readonly number[])[],
  domainIds: readonly string[],
  domainOf: Int32Array,
): Packing | null {
  const { compliantValue, unscoredCountsAs } = standard.scale;
  const values = standard.scale.values.map((v) => v.value);
  if (values.some((v) => !Number.isInteger(v) || v < 0 || v > 10) || unscoredCountsAs < 0) return null;
  const countBits = Math.ceil(Math.log2(clauseCount + 1));
  const pointsBits = Math.ceil(Math.log2(clauseCount * 2 * Math.max(10, unscoredCountsAs) + 1));
  if (pointsBits + 4 * countBits > 52) return null;
  const c1 = 2 ** pointsBits;
  const scale: [number, number, number, number] = [
    c1,
    c1 * 2 ** countBits,
    c1 * 2 ** (2 * countBits),
    c1 * 2 ** (3 * countBits),
  ];
  const contribution = new Float64Array(VALUE_SPAN * VALUE_SPAN);
  for (let c = -1; c <= 10; c++) {
    for (let f = -1; f <= 10; f++) {
      const points = (c < 0 ? unscoredCountsAs : c) + (f < 0 ? unscoredCountsAs : f);
      contribution[(c + 1) * VALUE_SPAN + f + 1] =
        points +
        Number(c === compliantValue) * scale[0] +
        Number(f === compliantValue) * scale[1] +
        Number(c >= 0) * scale[2] +
        Number(f >= 0) * scale[3];
    }
  }
  const position = new Map(sections.map((s, i) => [s.id, i]));
  const parentOf = Int32Array.from(sections, (s) =>
    s.parent === null ? -1 : (position.get(s.parent) ?? -1),
  );
  const domainPosition = new Map(domainIds.map((id, i) => [id, i]));
  const domainOfSection = Int32Array.from(sections, (s) => domainPosition.get(s.domain) ?? -1);
  const rollup = Int32Array.from(
    sections.map((s, i) => ({ depth: s.depth, i })).sort((a, b) => b.depth - a.depth || a.i - b.i),
    (e) => e.i,
  );
  // Every clause in a section of its domain's tree (else the sums by section would not add up).
  for (let i = 0; i < clauseCount; i++) {
    const path = sectionsOf[i] ?? [];
    const root = path[0];
    if ((root === undefined) !== (domainOf[i] ?? -1) < 0) return null;
    if (root !== undefined && (parentOf[root] !== -1 || domainOfSection[root] !== domainOf[i])) return null;
  }
  const groupDomains = standard.clauseGroups.map((group) =>
    Int32Array.from(new Set(group.domains.map((id) => domainPosition.get(id) ?? -1).filter((d) => d >= 0))),
  );
  return {
    scale,
    inverseScale: [1 / scale[0], 1 / scale[1], 1 / scale[2], 1 / scale[3]],
    contribution,
    leafOf: Int32Array.from(sectionsOf, (path) => path[path.length - 1] ?? -1),
    rollup,
    parentOf,
    domainOfSection,
    groupDomains,
    sectionSums: new Float64Array(sections.length),
    domainSums: new Float64Array(domainIds.length),
    groupSums: new Float64Array(groupDomains.length),
  };
}
