import {
  actualBound,
  type CompiledCriterion,
  type CompiledStandard,
  CRITERION_SHARE,
  CRITERION_TOTAL,
  compileStandard,
  meetsShare,
  type Packing,
  type Scratch,
  type SectionEntry,
  STATS,
  VALUE_SPAN,
} from './compile.ts';
import { computeGap, type Gap } from './gap.ts';
import { type ClauseRating, isRatingValue } from './ratings.ts';
import type { Criterion, RateId, Standard } from './standard.ts';

export interface AssessmentContext {
  /** Full years of operation at the assessment date (see fullYearsBetween). */
  readonly operatingYears: number;
}

export interface RateCounts {
  readonly C: number;
  readonly F: number;
}

/** Points and compliant counts of a domain, a section or a clause group. */
export interface AreaScore {
  readonly id: string;
  readonly clauses: number;
  readonly points: number;
  readonly maxPoints: number;
  /** Clauses whose rate equals the compliant value (10). */
  readonly compliant: RateCounts;
  /** Clauses with the rate scored. */
  readonly scored: RateCounts;
}

export interface SectionScore extends AreaScore {
  readonly domain: string;
  readonly parent: string | null;
  readonly depth: number;
}

export interface CriterionResult {
  readonly id: string;
  readonly level: number;
  readonly kind: Criterion['kind'];
  readonly rate?: RateId;
  readonly group?: string;
  readonly groupSize?: number;
  readonly percent?: number;
  readonly unit: 'clauses' | 'points' | 'years';
  /** Clauses needed (share), points needed (total) or years needed. */
  readonly required: number;
  readonly actual: number;
  readonly met: boolean;
  /** actual - required: negative is the shortfall. */
  readonly margin: number;
  /** The best any scoring can do (all rates 10); null for operating years, which ratings cannot change. */
  readonly maxPossible: number | null;
  /** False when no ratings can meet the criterion (a threshold above what the clauses allow). */
  readonly attainable: boolean;
}

export interface LevelResult {
  readonly level: number;
  readonly code: string;
  /** Every criterion of this level holds (on its own, not counting lower levels). */
  readonly criteriaMet: boolean;
  /** This level and every level below it are met: the level is reached. */
  readonly reached: boolean;
  /** Some ratings could reach it (ignoring operating years). */
  readonly attainable: boolean;
}

export interface RatingIssue {
  readonly code: 'rating.unknown_clause' | 'rating.invalid_value' | 'rating.duplicate_clause';
  readonly clause: number;
}

export interface EligibilityResult {
  readonly standard: string;
  readonly version: string;
  /** Highest level Ln such that every criterion of L1…Ln holds; 0 when L1 is not met. */
  readonly level: number;
  readonly total: number;
  readonly maxTotal: number;
  readonly operatingYears: number;
  /** Every rate of every clause is scored. A level decision needs a complete assessment. */
  readonly complete: boolean;
  readonly scoredRates: number;
  readonly expectedRates: number;
  /** Clauses with at least one rate unscored, in clause order. */
  readonly incompleteClauses: readonly number[];
  readonly domains: readonly AreaScore[];
  readonly sections: readonly SectionScore[];
  readonly groups: readonly AreaScore[];
  readonly levels: readonly LevelResult[];
  /** Every criterion of every level, in level order, each with required, actual and margin. */
  readonly criteria: readonly CriterionResult[];
  /** The level after `level`, or null at the top. */
  readonly nextLevel: number | null;
  readonly gap: Gap | null;
  /** Ratings the engine ignored, with why. Callers validate first; this is the safety net. */
  readonly issues: readonly RatingIssue[];
}

const UNSCORED = -1;

const unpacked = { points: 0, cc: 0, cf: 0, sc: 0, sf: 0 };

/**
 * The fields of packed statistics (into one reused object). Every field's multiplier is a power
 * of two, so multiplying by its inverse is exact, and a multiplication is cheaper than a division.
 */
function unpack(packing: Packing, k: number) {
  const { scale, inverseScale } = packing;
  const sf = Math.floor(k * (inverseScale[3] as number));
  k -= sf * (scale[3] as number);
  const sc = Math.floor(k * (inverseScale[2] as number));
  k -= sc * (scale[2] as number);
  const cf = Math.floor(k * (inverseScale[1] as number));
  k -= cf * (scale[1] as number);
  const cc = Math.floor(k * (inverseScale[0] as number));
  const mC = scale[0] as number;
  unpacked.points = k - cc * mC;
  unpacked.cc = cc;
  unpacked.cf = cf;
  unpacked.sc = sc;
  unpacked.sf = sf;
  return unpacked;
}

/**
 * The statistics of every area from its packed sum, into `into` (STATS slots an area), in one
 * loop with the fields unpacked in place (a call per area cost more than the unpacking).
 */
function unpackAreas(packing: Packing, sums: Float64Array, into: Int32Array, clauses: Int32Array) {
  const { scale, inverseScale } = packing;
  const [s0, s1, s2, s3] = scale;
  const [i0, i1, i2, i3] = inverseScale;
  for (let area = 0, at = 0; area < sums.length; area++, at += STATS) {
    let k = sums[area] as number;
    const sf = Math.floor(k * i3);
    k -= sf * s3;
    const sc = Math.floor(k * i2);
    k -= sc * s2;
    const cf = Math.floor(k * i1);
    k -= cf * s1;
    const cc = Math.floor(k * i0);
    into[at] = k - cc * s0;
    into[at + 1] = cc;
    into[at + 2] = cf;
    into[at + 3] = sc;
    into[at + 4] = sf;
    into[at + 5] = clauses[area] as number;
  }
}

function addStats(into: Int32Array, at: number, p: number, cc: number, cf: number, sc: number, sf: number) {
  into[at] = (into[at] as number) + p;
  into[at + 1] = (into[at + 1] as number) + cc;
  into[at + 2] = (into[at + 2] as number) + cf;
  into[at + 3] = (into[at + 3] as number) + sc;
  into[at + 4] = (into[at + 4] as number) + sf;
  into[at + 5] = (into[at + 5] as number) + 1;
}

/** Ratings laid out by clause position: values[position * rates + rateIndex], -1 unscored. */
export interface RatingGrid {
  readonly values: Int8Array;
  readonly issues: RatingIssue[];
}

export function ratingGrid(compiled: CompiledStandard, ratings: Iterable<ClauseRating>): RatingGrid {
  return fillGrid(compiled, ratings, new Int8Array(compiled.clauses.length * 2));
}

/**
 * Lays the ratings out in `values` (every slot overwritten). A complete list in clause order
 * (the usual case) is also summed as it is read (see Scratch.summed): the work per clause
 * overlaps the wait for the next rating object, which is read from memory.
 */
function fillGrid(
  compiled: CompiledStandard,
  ratings: Iterable<ClauseRating>,
  values: Int8Array,
): RatingGrid {
  values.fill(UNSCORED);
  const { scratch, packing } = compiled;
  // A fresh stamp marks the clauses seen by this call: no set to build, no array to clear.
  scratch.stamp = scratch.stamp >= 0x7fffffff ? 1 : scratch.stamp + 1;
  if (scratch.stamp === 1) scratch.seen.fill(0);
  scratch.summed = false;
  const issues: RatingIssue[] = [];
  let from = 0;
  if (Array.isArray(ratings)) {
    const list = ratings as readonly ClauseRating[];
    // Ratings listed in clause order, each known and valid, are read with one comparison for
    // the clause and one table look-up per value: no branch on the value itself, and no
    // duplicate to look for. The first rating that is not is read with the rest below.
    if (packing) from = readInOrder(compiled, packing, list, values);
    if (from < list.length) {
      scratch.seen.fill(scratch.stamp, 0, from);
      for (let i = from; i < list.length; i++) takeRating(compiled, values, issues, list[i] as ClauseRating);
    }
  } else {
    for (const rating of ratings) takeRating(compiled, values, issues, rating);
  }
  return { values, issues };
}

/**
 * Reads ratings while they are in clause order, known and valid, summing each clause as in
 * sumClauses; returns how many it read. Sets scratch.summed when that is every clause.
 */
function readInOrder(
  compiled: CompiledStandard,
  packing: Packing,
  list: readonly ClauseRating[],
  values: Int8Array,
): number {
  const { clauseNumbers, pairCode, scratch } = compiled;
  const { contribution, leafOf, sectionSums } = packing;
  const { raisesByTen, raisesByFive, unscored } = scratch;
  sectionSums.fill(0);
  let all = 0;
  // The slot sets' current word, 16 clauses (32 slots) a word.
  let ten = 0;
  let five = 0;
  let unscoredBits = 0;
  const inOrder = Math.min(list.length, clauseNumbers.length);
  let i = 0;
  for (; i < inOrder; i++) {
    const rating = list[i] as ClauseRating;
    const c = rating.c;
    const f = rating.f;
    const cv = c === null ? UNSCORED : c;
    const fv = f === null ? UNSCORED : f;
    if (
      rating.clause !== clauseNumbers[i] ||
      // -1 means unscored only when it stands for null: a -1 given is invalid.
      (c as number) === UNSCORED ||
      (f as number) === UNSCORED ||
      RATING_CHECK[(cv + 1) & 15] !== cv ||
      RATING_CHECK[(fv + 1) & 15] !== fv
    )
      break;
    values[i * 2] = cv;
    values[i * 2 + 1] = fv;
    const pair = (cv + 1) * VALUE_SPAN + fv + 1;
    const k = contribution[pair] as number;
    all += k;
    const leaf = leafOf[i] as number;
    if (leaf >= 0) sectionSums[leaf] = (sectionSums[leaf] as number) + k;
    const code = pairCode[pair] as number;
    const shift = (i & 15) << 1;
    ten |= (code & 3) << shift;
    five |= ((code >> 2) & 3) << shift;
    unscoredBits |= (code >> 4) << shift;
    if ((i & 15) === 15) {
      const w = i >> 4;
      raisesByTen[w] = ten;
      raisesByFive[w] = five;
      unscored[w] = unscoredBits;
      ten = five = unscoredBits = 0;
    }
  }
  if (i === list.length && i === clauseNumbers.length) {
    if ((i & 15) !== 0) {
      const w = i >> 4;
      raisesByTen[w] = ten;
      raisesByFive[w] = five;
      unscored[w] = unscoredBits;
    }
    scratch.summed = true;
    scratch.packedAll = all;
  }
  return i;
}

/**
 * The clauses of `values` summed, one addition a clause: its packed statistics into its
 * innermost section (packing.sectionSums), all of them into scratch.packedAll; the slot sets
 * of scratch filled.
 */
function sumClauses(compiled: CompiledStandard, packing: Packing, values: Int8Array) {
  const { clauseNumbers, pairCode, scratch } = compiled;
  const { contribution, leafOf, sectionSums } = packing;
  const clauseCount = clauseNumbers.length;
  sectionSums.fill(0);
  let all = 0;
  for (let i = 0; i < clauseCount; i++) {
    const c = values[i * 2] as number;
    const f = values[i * 2 + 1] as number;
    const k = contribution[(c + 1) * VALUE_SPAN + f + 1] as number;
    all += k;
    const leaf = leafOf[i] as number;
    if (leaf >= 0) sectionSums[leaf] = (sectionSums[leaf] as number) + k;
  }
  scratch.packedAll = all;
  fillSlotSets(clauseCount, pairCode, scratch, values);
}

/** The slot sets of scratch (see Scratch.raisesByTen) from `values`, a word (16 clauses) at a time. */
function fillSlotSets(clauseCount: number, pairCode: Uint8Array, scratch: Scratch, values: Int8Array) {
  const { raisesByTen, raisesByFive, unscored } = scratch;
  for (let w = 0, i = 0; w < raisesByTen.length; w++) {
    let ten = 0;
    let five = 0;
    let unscoredBits = 0;
    for (let shift = 0; shift < 32 && i < clauseCount; shift += 2, i++) {
      const code = pairCode[
        ((values[i * 2] as number) + 1) * VALUE_SPAN + (values[i * 2 + 1] as number) + 1
      ] as number;
      ten |= (code & 3) << shift;
      five |= ((code >> 2) & 3) << shift;
      unscoredBits |= (code >> 4) << shift;
    }
    raisesByTen[w] = ten;
    raisesByFive[w] = five;
    unscored[w] = unscoredBits;
  }
}

/**
 * The numbers of the clauses with a rate unscored, in clause order, read from the unscored
 * slot set (two bits a clause): counted first, so the list is made at its length (a list
 * grown by push reallocates its backing store several times).
 */
function unscoredClauses(compiled: CompiledStandard): number[] {
  const { unscored } = compiled.scratch;
  const { clauseNumbers } = compiled;
  let count = 0;
  for (let w = 0; w < unscored.length; w++) {
    // One bit a clause (its C bit's place): set when C or F is unscored.
    let x = ((unscored[w] as number) | ((unscored[w] as number) >>> 1)) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    count += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  }
  const clauses: number[] = new Array(count);
  let at = 0;
  for (let w = 0; w < unscored.length; w++) {
    for (
      let x = ((unscored[w] as number) | ((unscored[w] as number) >>> 1)) & 0x55555555;
      x !== 0;
      x &= x - 1
    )
      clauses[at++] = clauseNumbers[(w << 4) + ((31 - Math.clz32(x & -x)) >> 1)] as number;
  }
  return clauses;
}

/**
 * A valid value v (0, 5, 10, or -1 for unscored) at index (v + 1) & 15, anything else at no
 * index: `RATING_CHECK[(v + 1) & 15] === v` holds for valid values only (a string, a fraction,
 * undefined or another number reads back something else).
 */
const RATING_CHECK = (() => {
  const check = new Int8Array(16).fill(-128);
  for (const v of [UNSCORED, 0, 5, 10]) check[(v + 1) & 15] = v;
  return check;
})();

function takeRating(
  compiled: CompiledStandard,
  values: Int8Array,
  issues: RatingIssue[],
  rating: ClauseRating,
) {
  const { positionByNumber, positionOf, scratch } = compiled;
  const number = rating.clause;
  const position = positionByNumber
    ? number >= 0 && number < positionByNumber.length && Number.isInteger(number)
      ? (positionByNumber[number] ?? -1)
      : -1
    : (positionOf.get(number) ?? -1);
  if (position < 0) {
    issues.push({ code: 'rating.unknown_clause', clause: number });
    return;
  }
  if (scratch.seen[position] === scratch.stamp) {
    issues.push({ code: 'rating.duplicate_clause', clause: number });
    return;
  }
  scratch.seen[position] = scratch.stamp;
  const c = rating.c;
  const f = rating.f;
  if ((c !== null && !isRatingValue(c)) || (f !== null && !isRatingValue(f))) {
    issues.push({ code: 'rating.invalid_value', clause: number });
    return;
  }
  values[position * 2] = c ?? UNSCORED;
  values[position * 2 + 1] = f ?? UNSCORED;
}

// Per-area statistics in flat integer arrays, STATS slots an area: no object per clause.
const POINTS = 0;
const COMPLIANT_C = 1;
const COMPLIANT_F = 2;
const SCORED_C = 3;
const SCORED_F = 4;
const CLAUSES = 5;

/**
 * Result pieces that depend on a few small numbers, made once per standard and shared (frozen)
 * by every result holding them: an evaluation allocates only what differs between assessments.
 */
interface ResultTables {
  /** clauses + 1: every count of clauses is below it. */
  readonly span: number;
  /** Counts per rate (C, F) by rateCountsKey, in tiles of 16 × 16, `tiles` to a row. */
  readonly tiles: number;
  readonly rateCounts: (RateCounts | undefined)[];
  /**
   * Criterion results by actual value, those of criteria reading the same value (a count, the
   * total, the years: a "source") side by side: criterion i's result for actual a is at
   * criteria[sourceOf[i]][a × width[sourceOf[i]] + columnOf[i]], so the criteria of one
   * evaluation that read the same value find their results in one cache line, not one each.
   */
  readonly criteria: (CriterionResult | undefined)[][];
  readonly sourceOf: Int32Array;
  readonly columnOf: Int32Array;
  /** Per source: how many criteria read it, and the largest actual value kept. */
  readonly width: Int32Array;
  readonly bound: Int32Array;
  /** The level rows by which levels have every criterion met (bit l: levels[l]). */
  readonly levels: (readonly LevelResult[] | undefined)[];
}

const tablesOf = new WeakMap<CompiledStandard, ResultTables>();

function resultTables(compiled: CompiledStandard): ResultTables {
  let tables = tablesOf.get(compiled);
  if (!tables) {
    const span = compiled.clauses.length + 1;
    const sourceOf = new Int32Array(compiled.criteria.length);
    const columnOf = new Int32Array(compiled.criteria.length);
    const sources = new Map<number, number>();
    const width: number[] = [];
    const bound: number[] = [];
    for (const [i, c] of compiled.criteria.entries()) {
      const kind = compiled.criterionKind[i];
      const key =
        kind === CRITERION_SHARE ? (compiled.criterionStat[i] as number) : kind === CRITERION_TOTAL ? -2 : -3;
      let source = sources.get(key);
      if (source === undefined) {
        source = sources.size;
        sources.set(key, source);
        width.push(0);
        bound.push(actualBound(compiled, c));
      }
      sourceOf[i] = source;
      columnOf[i] = (width[source] as number)++;
    }
    tables = {
      span,
      tiles: (span + 15) >> 4,
      rateCounts: new Array(((span + 15) >> 4) ** 2 * 256),
      criteria: width.map((w, source) => new Array(((bound[source] as number) + 1) * w)),
      sourceOf,
      columnOf,
      width: Int32Array.from(width),
      bound: Int32Array.from(bound),
      levels: new Array(compiled.levels.length <= MAX_KEPT_LEVELS ? 2 ** compiled.levels.length : 0),
    };
    tablesOf.set(compiled, tables);
  }
  return tables;
}

// Beyond this many levels, level rows are made each time rather than kept for every combination.
const MAX_KEPT_LEVELS = 12;

/**
 * Where counts (C, F) are kept: in tiles of 16 × 16, so the small counts of sections share a
 * few cache lines (rows of the whole span would put each C on a line of its own); -1: not kept.
 */
function rateCountsKey(tables: ResultTables, C: number, F: number): number {
  return C < tables.span && F < tables.span
    ? (((C >> 4) * tables.tiles + (F >> 4)) << 8) + ((C & 15) << 4) + (F & 15)
    : -1;
}

function rateCounts(tables: ResultTables, C: number, F: number): RateCounts {
  const key = rateCountsKey(tables, C, F);
  let counts = key < 0 ? undefined : tables.rateCounts[key];
  if (counts === undefined) {
    counts = Object.freeze({ C, F });
    if (key >= 0) tables.rateCounts[key] = counts;
  }
  return counts;
}

/** Kept rate counts (C, F), or made and kept: read in place by the loops over areas. */
function keptRateCounts(tables: ResultTables, C: number, F: number): RateCounts {
  const key = rateCountsKey(tables, C, F);
  return (key < 0 ? undefined : tables.rateCounts[key]) ?? rateCounts(tables, C, F);
}

function areaScores(
  tables: ResultTables,
  ids: readonly string[],
  stats: Int32Array,
  maxPerClause: number,
): AreaScore[] {
  const areas: AreaScore[] = new Array(ids.length);
  for (let area = 0, at = 0; area < ids.length; area++, at += STATS) {
    const clauses = stats[at + CLAUSES] as number;
    areas[area] = {
      id: ids[area] as string,
      clauses,
      points: stats[at + POINTS] as number,
      maxPoints: clauses * maxPerClause,
      compliant: keptRateCounts(tables, stats[at + COMPLIANT_C] as number, stats[at + COMPLIANT_F] as number),
      scored: keptRateCounts(tables, stats[at + SCORED_C] as number, stats[at + SCORED_F] as number),
    };
  }
  return areas;
}

// Built field by field: an object spread here cost more than the whole evaluation besides.
function sectionScores(
  tables: ResultTables,
  entries: readonly SectionEntry[],
  stats: Int32Array,
  maxPerClause: number,
): SectionScore[] {
  const sections: SectionScore[] = new Array(entries.length);
  for (let s = 0, at = 0; s < entries.length; s++, at += STATS) {
    const section = entries[s] as SectionEntry;
    const clauses = stats[at + CLAUSES] as number;
    sections[s] = {
      id: section.id,
      domain: section.domain,
      parent: section.parent,
      depth: section.depth,
      clauses,
      points: stats[at + POINTS] as number,
      maxPoints: clauses * maxPerClause,
      compliant: keptRateCounts(tables, stats[at + COMPLIANT_C] as number, stats[at + COMPLIANT_F] as number),
      scored: keptRateCounts(tables, stats[at + SCORED_C] as number, stats[at + SCORED_F] as number),
    };
  }
  return sections;
}

/**
 * Evaluates one assessment: scores per domain, section and group, every criterion of every
 * level, the level reached (cumulative) and the gap to the next one.
 */
export function evaluateEligibility(
  standard: Standard,
  ratings: Iterable<ClauseRating>,
  context: AssessmentContext,
): EligibilityResult {
  const compiled = compileStandard(standard);
  // An array is read in one go: the grid can live in the compiled standard's working memory.
  const grid = Array.isArray(ratings)
    ? fillGrid(compiled, ratings, compiled.scratch.values)
    : ratingGrid(compiled, ratings);
  return evaluate(compiled, grid, context, compiled.scratch.summed);
}

export function evaluateGrid(
  compiled: CompiledStandard,
  grid: RatingGrid,
  context: AssessmentContext,
): EligibilityResult {
  return evaluate(compiled, grid, context, false);
}

/** `summed`: the grid was just read by fillGrid, which summed its clauses (Scratch.summed). */
function evaluate(
  compiled: CompiledStandard,
  grid: RatingGrid,
  context: AssessmentContext,
  summed: boolean,
): EligibilityResult {
  const { standard } = compiled;
  const { compliantValue, unscoredCountsAs } = standard.scale;
  const values = grid.values;
  const clauseCount = compiled.clauses.length;

  const { domainStats, sectionStats, groupStats } = compiled.scratch;
  let total = 0;
  let scoredRates = 0;
  const packing = compiled.packing;
  if (packing) {
    // The clauses summed into their innermost sections (by fillGrid as it read them, or here);
    // then sections roll up into their parents, domains take their top sections, groups their
    // domains.
    if (!summed) sumClauses(compiled, packing, values);
    const { rollup, parentOf, domainOfSection, sectionSums, domainSums } = packing;
    domainSums.fill(0);
    const all = compiled.scratch.packedAll;
    for (let r = 0; r < rollup.length; r++) {
      const s = rollup[r] as number;
      const parent = parentOf[s] as number;
      const sum = sectionSums[s] as number;
      if (parent >= 0) sectionSums[parent] = (sectionSums[parent] as number) + sum;
      else {
        const d = domainOfSection[s] as number;
        if (d >= 0) domainSums[d] = (domainSums[d] as number) + sum;
      }
    }
    const unpacked = unpack(packing, all);
    total = unpacked.points;
    scoredRates = unpacked.sc + unpacked.sf;
    unpackAreas(packing, sectionSums, sectionStats, compiled.sectionClauses);
    unpackAreas(packing, domainSums, domainStats, compiled.domainClauses);
    const { groupSums } = packing;
    for (let g = 0; g < packing.groupDomains.length; g++) {
      let sum = 0;
      const domains = packing.groupDomains[g] as Int32Array;
      for (let d = 0; d < domains.length; d++) sum += domainSums[domains[d] as number] as number;
      groupSums[g] = sum;
    }
    unpackAreas(packing, groupSums, groupStats, compiled.groupClauses);
  } else {
    fillSlotSets(clauseCount, compiled.pairCode, compiled.scratch, values);
    domainStats.fill(0);
    sectionStats.fill(0);
    groupStats.fill(0);
    const { domainOf, sectionStart, sectionList, groupStart, groupList } = compiled;
    for (let i = 0; i < clauseCount; i++) {
      const c = values[i * 2] as number;
      const f = values[i * 2 + 1] as number;
      const points = (c === UNSCORED ? unscoredCountsAs : c) + (f === UNSCORED ? unscoredCountsAs : f);
      const cc = c === compliantValue ? 1 : 0;
      const cf = f === compliantValue ? 1 : 0;
      const sc = c === UNSCORED ? 0 : 1;
      const sf = f === UNSCORED ? 0 : 1;
      total += points;
      scoredRates += sc + sf;
      const domain = domainOf[i] as number;
      if (domain >= 0) addStats(domainStats, domain * STATS, points, cc, cf, sc, sf);
      for (let s = sectionStart[i] as number, end = sectionStart[i + 1] as number; s < end; s++)
        addStats(sectionStats, (sectionList[s] as number) * STATS, points, cc, cf, sc, sf);
      for (let g = groupStart[i] as number, end = groupStart[i + 1] as number; g < end; g++)
        addStats(groupStats, (groupList[g] as number) * STATS, points, cc, cf, sc, sf);
    }
  }

  const incompleteClauses = unscoredClauses(compiled);

  const tables = resultTables(compiled);
  const compiledCriteria = compiled.criteria;
  const criteria: CriterionResult[] = new Array(compiledCriteria.length);
  // Each criterion's actual value and test in numbers from compiled arrays: the result objects
  // (kept per actual value) are only passed on.
  const { criterionKind, criterionStat, meetScale, meetBar } = compiled;
  const { met, actual: actuals } = compiled.scratch;
  const { sourceOf, columnOf, width, bound, criteria: kept } = tables;
  for (let i = 0; i < compiledCriteria.length; i++) {
    const kind = criterionKind[i] as number;
    const stat = criterionStat[i] as number;
    const actual =
      kind === CRITERION_SHARE
        ? stat < 0
          ? 0
          : (groupStats[stat] as number)
        : kind === CRITERION_TOTAL
          ? total
          : context.operatingYears;
    met[i] = actual * (meetScale[i] as number) >= (meetBar[i] as number) ? 1 : 0;
    actuals[i] = actual;
    // The kept result read in place (see ResultTables.criteria), made on first use.
    const source = sourceOf[i] as number;
    const at =
      Number.isInteger(actual) && actual >= 0 && actual <= (bound[source] as number)
        ? actual * (width[source] as number) + (columnOf[i] as number)
        : -1;
    criteria[i] =
      (at < 0 ? undefined : (kept[source] as (CriterionResult | undefined)[])[at]) ??
      keepCriterionResult(tables, compiled, i, actual, at);
  }

  // The level reached is the last of the unbroken run of levels with every criterion met.
  const { levelStart } = compiled;
  const levelCount = compiled.levels.length;
  let metLevels = 0;
  let reached = -1;
  for (let l = 0; l < levelCount; l++) {
    let levelMet = true;
    for (let i = levelStart[l] as number, end = levelStart[l + 1] as number; i < end && levelMet; i++)
      levelMet = met[i] === 1;
    if (levelMet && l < 31) metLevels |= 1 << l;
    if (levelMet && reached === l - 1) reached = l;
  }
  const levels = levelResults(tables, compiled, criteria, metLevels);
  // Levels by position in compiled arrays: no level object read (a cache miss each) to decide.
  const { levelNumbers, levelCodes } = compiled;
  const level = reached < 0 ? 0 : (levelNumbers[reached] as number);
  const next = reached + 1 < levelCount ? reached + 1 : -1;
  const gap =
    next < 0
      ? null
      : computeGap(
          compiled,
          values,
          levelNumbers[next] as number,
          levelCodes[next] as string,
          criteria,
          levelStart[next] as number,
          levelStart[next + 1] as number,
          total,
        );

  const maxPerClause = compiled.maxTotal / Math.max(clauseCount, 1);
  const domains = areaScores(tables, compiled.domainIds, domainStats, maxPerClause);
  const sections = sectionScores(tables, compiled.sections, sectionStats, maxPerClause);
  const groups = areaScores(tables, compiled.groupIds, groupStats, maxPerClause);

  return {
    standard: standard.standard,
    version: standard.version,
    level,
    total,
    maxTotal: compiled.maxTotal,
    operatingYears: context.operatingYears,
    complete: scoredRates === clauseCount * 2,
    scoredRates,
    expectedRates: clauseCount * 2,
    incompleteClauses,
    domains,
    sections,
    groups,
    levels,
    criteria,
    nextLevel: next < 0 ? null : (levelNumbers[next] as number),
    gap,
    issues: grid.issues,
  };
}

/** The level rows, kept per combination of levels met (all but the `reached` flags follow from it). */
function levelResults(
  tables: ResultTables,
  compiled: CompiledStandard,
  criteria: readonly CriterionResult[],
  metLevels: number,
): readonly LevelResult[] {
  const kept = metLevels < tables.levels.length ? tables.levels[metLevels] : undefined;
  if (kept !== undefined) return kept;
  const levels: LevelResult[] = [];
  let reachedSoFar = true;
  for (const [l, { level, code }] of compiled.levels.entries()) {
    const criteriaMet = criteria
      .slice(compiled.levelStart[l], compiled.levelStart[l + 1])
      .every((c) => c.met);
    reachedSoFar &&= criteriaMet;
    const attainable = compiled.levelAttainable[l] ?? true;
    levels.push(Object.freeze({ level, code, criteriaMet, reached: reachedSoFar, attainable }));
  }
  if (metLevels < tables.levels.length) tables.levels[metLevels] = Object.freeze(levels);
  return levels;
}

/** Criterion i's result for `actual`, kept at `at` in its source's table (-1: not kept). */
function keepCriterionResult(
  tables: ResultTables,
  compiled: CompiledStandard,
  index: number,
  actual: number,
  at: number,
): CriterionResult {
  const made = Object.freeze(makeCriterionResult(compiled.criteria[index] as CompiledCriterion, actual));
  if (at >= 0)
    (tables.criteria[tables.sourceOf[index] as number] as (CriterionResult | undefined)[])[at] = made;
  return made;
}

function makeCriterionResult(c: CompiledCriterion, actual: number): CriterionResult {
  const { id, level, criterion, required, maxPossible, attainable } = c;
  switch (criterion.kind) {
    case 'compliantShare':
      return {
        id,
        level,
        kind: criterion.kind,
        rate: criterion.rate,
        group: criterion.group,
        groupSize: c.groupSize,
        percent: criterion.atLeastPercent,
        unit: 'clauses',
        required,
        actual,
        met: meetsShare(actual, criterion.atLeastPercent, c.groupSize),
        margin: actual - required,
        maxPossible,
        attainable,
      };
    case 'totalPoints':
      return {
        id,
        level,
        kind: criterion.kind,
        unit: 'points',
        required,
        actual,
        met: actual >= required,
        margin: actual - required,
        maxPossible,
        attainable,
      };
    case 'operatingYears':
      return {
        id,
        level,
        kind: criterion.kind,
        unit: 'years',
        required,
        actual,
        met: actual >= required,
        margin: actual - required,
        maxPossible,
        attainable,
      };
  }
}

/**
 * The gap from the ratings to `level` (every criterion of L1…level), e.g. to keep a certified
 * level under a new edition; null when the ratings reach it already or the level does not exist.
 */
export function gapToLevel(
  standard: Standard,
  ratings: Iterable<ClauseRating>,
  context: AssessmentContext,
  level: number,
): Gap | null {
  const compiled = compileStandard(standard);
  const grid = ratingGrid(compiled, ratings);
  const result = evaluateGrid(compiled, grid, context);
  const target = result.levels.find((l) => l.level === level);
  if (!target || result.level >= level) return null;
  // Levels are in order, so the criteria of L1…level are the first ones.
  let to = 0;
  while (to < result.criteria.length && (result.criteria[to] as CriterionResult).level <= level) to++;
  return computeGap(compiled, grid.values, target.level, target.code, result.criteria, 0, to, result.total);
}

/**
 * The level evaluateEligibility gives, from what a summary keeps: compliant counts per domain
 * and the total (a clause group is a set of domains, so its count is the sum of theirs). A
 * rating write adjusts those and takes the level from here without re-reading every rating.
 */
export function levelOfTotals(
  standard: Standard,
  compliantOfDomain: (domainId: string) => RateCounts,
  total: number,
  context: AssessmentContext,
): number {
  const compiled = compileStandard(standard);
  const groupCounts = standard.clauseGroups.map((group) => {
    let C = 0;
    let F = 0;
    for (const id of new Set(group.domains)) {
      if (!compiled.domainIds.includes(id)) continue;
      const counts = compliantOfDomain(id);
      C += counts.C;
      F += counts.F;
    }
    return { C, F };
  });
  let level = 0;
  for (const l of compiled.levels) {
    let met = true;
    for (const { level: at, criterion, groupIndex } of compiled.criteria) {
      if (at !== l.level) continue;
      if (criterion.kind === 'compliantShare') {
        const size = groupIndex < 0 ? 0 : (compiled.groupMembers[groupIndex]?.length ?? 0);
        const counts = groupIndex < 0 ? undefined : groupCounts[groupIndex];
        met &&= meetsShare(counts ? counts[criterion.rate] : 0, criterion.atLeastPercent, size);
      } else if (criterion.kind === 'totalPoints') met &&= total >= criterion.atLeast;
      else met &&= context.operatingYears >= criterion.atLeast;
    }
    if (!met) break;
    level = l.level;
  }
  return level;
}
