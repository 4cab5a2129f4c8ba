import {
  type CompiledStandard,
  compileStandard,
  meetsShare,
  requiredCount,
  type SectionEntry,
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

/** Ratings laid out by clause position: values[position * rates + rateIndex], -1 unscored. */
export interface RatingGrid {
  readonly values: Int8Array;
  readonly issues: RatingIssue[];
}

export function ratingGrid(compiled: CompiledStandard, ratings: Iterable<ClauseRating>): RatingGrid {
  const values = new Int8Array(compiled.clauses.length * 2).fill(UNSCORED);
  const seen = new Set<number>();
  const issues: RatingIssue[] = [];
  for (const rating of ratings) {
    const position = compiled.positionOf.get(rating.clause);
    if (position === undefined) {
      issues.push({ code: 'rating.unknown_clause', clause: rating.clause });
      continue;
    }
    if (seen.has(rating.clause)) {
      issues.push({ code: 'rating.duplicate_clause', clause: rating.clause });
      continue;
    }
    seen.add(rating.clause);
    if ((rating.c !== null && !isRatingValue(rating.c)) || (rating.f !== null && !isRatingValue(rating.f))) {
      issues.push({ code: 'rating.invalid_value', clause: rating.clause });
      continue;
    }
    values[position * 2] = rating.c ?? UNSCORED;
    values[position * 2 + 1] = rating.f ?? UNSCORED;
  }
  return { values, issues };
}

// Per-area statistics in flat integer arrays, STATS slots an area: no object per clause.
const STATS = 6;
const POINTS = 0;
const COMPLIANT_C = 1;
const COMPLIANT_F = 2;
const SCORED_C = 3;
const SCORED_F = 4;
const CLAUSES = 5;

function addStats(into: Int32Array, area: number, p: number, cc: number, cf: number, sc: number, sf: number) {
  if (area < 0) return;
  const at = area * STATS;
  into[at + POINTS] = (into[at + POINTS] ?? 0) + p;
  into[at + COMPLIANT_C] = (into[at + COMPLIANT_C] ?? 0) + cc;
  into[at + COMPLIANT_F] = (into[at + COMPLIANT_F] ?? 0) + cf;
  into[at + SCORED_C] = (into[at + SCORED_C] ?? 0) + sc;
  into[at + SCORED_F] = (into[at + SCORED_F] ?? 0) + sf;
  into[at + CLAUSES] = (into[at + CLAUSES] ?? 0) + 1;
}

const stat = (stats: Int32Array, area: number, slot: number): number => stats[area * STATS + slot] ?? 0;

function toArea(id: string, stats: Int32Array, area: number, maxPerClause: number): AreaScore {
  const clauses = stat(stats, area, CLAUSES);
  return {
    id,
    clauses,
    points: stat(stats, area, POINTS),
    maxPoints: clauses * maxPerClause,
    compliant: { C: stat(stats, area, COMPLIANT_C), F: stat(stats, area, COMPLIANT_F) },
    scored: { C: stat(stats, area, SCORED_C), F: stat(stats, area, SCORED_F) },
  };
}

// Built field by field: an object spread here cost more than the whole evaluation besides.
function toSectionScore(
  section: SectionEntry,
  stats: Int32Array,
  area: number,
  maxPerClause: number,
): SectionScore {
  const clauses = stat(stats, area, CLAUSES);
  return {
    id: section.id,
    domain: section.domain,
    parent: section.parent,
    depth: section.depth,
    clauses,
    points: stat(stats, area, POINTS),
    maxPoints: clauses * maxPerClause,
    compliant: { C: stat(stats, area, COMPLIANT_C), F: stat(stats, area, COMPLIANT_F) },
    scored: { C: stat(stats, area, SCORED_C), F: stat(stats, area, SCORED_F) },
  };
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
  const grid = ratingGrid(compiled, ratings);
  return evaluateGrid(compiled, grid, context);
}

export function evaluateGrid(
  compiled: CompiledStandard,
  grid: RatingGrid,
  context: AssessmentContext,
): EligibilityResult {
  const { standard } = compiled;
  const { compliantValue, unscoredCountsAs } = standard.scale;
  const values = grid.values;
  const clauseCount = compiled.clauses.length;
  const maxPerClause = compiled.maxTotal / Math.max(clauseCount, 1);

  const domainStats = new Int32Array(compiled.domainIds.length * STATS);
  const sectionStats = new Int32Array(compiled.sections.length * STATS);
  const groupStats = new Int32Array(compiled.groupIds.length * STATS);
  const incompleteClauses: number[] = [];
  let total = 0;
  let scoredRates = 0;

  for (let i = 0; i < clauseCount; i++) {
    const c = values[i * 2] ?? UNSCORED;
    const f = values[i * 2 + 1] ?? UNSCORED;
    const points = (c === UNSCORED ? unscoredCountsAs : c) + (f === UNSCORED ? unscoredCountsAs : f);
    const cc = c === compliantValue ? 1 : 0;
    const cf = f === compliantValue ? 1 : 0;
    const sc = c === UNSCORED ? 0 : 1;
    const sf = f === UNSCORED ? 0 : 1;
    total += points;
    scoredRates += sc + sf;
    if (sc + sf < 2) incompleteClauses.push(compiled.clauses[i]?.number ?? 0);
    addStats(domainStats, compiled.domainOf[i] ?? -1, points, cc, cf, sc, sf);
    const sections = compiled.sectionsOf[i] ?? [];
    for (let s = 0; s < sections.length; s++)
      addStats(sectionStats, sections[s] ?? -1, points, cc, cf, sc, sf);
    const groups = compiled.groupsOf[i] ?? [];
    for (let g = 0; g < groups.length; g++) addStats(groupStats, groups[g] ?? -1, points, cc, cf, sc, sf);
  }

  const criterionResults: CriterionResult[] = [];
  for (const { id, level, criterion, groupIndex } of compiled.criteria) {
    criterionResults.push(
      criterionResult(id, level, criterion, { groupStats, groupIndex, total, compiled, context }),
    );
  }

  let reachedSoFar = true;
  let level = 0;
  const levels: LevelResult[] = [];
  for (const l of compiled.levels) {
    let criteriaMet = true;
    let attainable = true;
    for (const c of criterionResults) {
      if (c.level !== l.level) continue;
      criteriaMet &&= c.met;
      attainable &&= c.attainable;
    }
    reachedSoFar = reachedSoFar && criteriaMet;
    if (reachedSoFar) level = l.level;
    levels.push({ level: l.level, code: l.code, criteriaMet, reached: reachedSoFar, attainable });
  }

  const next = levels.find(notReached) ?? null;
  const gap = next
    ? computeGap(compiled, values, next, criterionResults.filter(atLevel(next.level)), total)
    : null;

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
    domains: compiled.domainIds.map((id, i) => toArea(id, domainStats, i, maxPerClause)),
    sections: compiled.sections.map((s, i) => toSectionScore(s, sectionStats, i, maxPerClause)),
    groups: compiled.groupIds.map((id, i) => toArea(id, groupStats, i, maxPerClause)),
    levels,
    criteria: criterionResults,
    nextLevel: next?.level ?? null,
    gap,
    issues: grid.issues,
  };
}

const notReached = (l: LevelResult) => !l.reached;
const atLevel = (level: number) => (c: CriterionResult) => c.level === level;

interface Actuals {
  readonly groupStats: Int32Array;
  readonly groupIndex: number;
  readonly total: number;
  readonly compiled: CompiledStandard;
  readonly context: AssessmentContext;
}

function criterionResult(id: string, level: number, criterion: Criterion, actuals: Actuals): CriterionResult {
  switch (criterion.kind) {
    case 'compliantShare': {
      const { groupStats, groupIndex } = actuals;
      const size = groupIndex < 0 ? 0 : stat(groupStats, groupIndex, CLAUSES);
      const actual =
        groupIndex < 0 ? 0 : stat(groupStats, groupIndex, criterion.rate === 'C' ? COMPLIANT_C : COMPLIANT_F);
      const required = requiredCount(criterion.atLeastPercent, size);
      return {
        id,
        level,
        kind: criterion.kind,
        rate: criterion.rate,
        group: criterion.group,
        groupSize: size,
        percent: criterion.atLeastPercent,
        unit: 'clauses',
        required,
        actual,
        met: meetsShare(actual, criterion.atLeastPercent, size),
        margin: actual - required,
        maxPossible: size,
        attainable: meetsShare(size, criterion.atLeastPercent, size),
      };
    }
    case 'totalPoints': {
      const { total, compiled } = actuals;
      return {
        id,
        level,
        kind: criterion.kind,
        unit: 'points',
        required: criterion.atLeast,
        actual: total,
        met: total >= criterion.atLeast,
        margin: total - criterion.atLeast,
        maxPossible: compiled.maxTotal,
        attainable: compiled.maxTotal >= criterion.atLeast,
      };
    }
    case 'operatingYears': {
      const years = actuals.context.operatingYears;
      return {
        id,
        level,
        kind: criterion.kind,
        unit: 'years',
        required: criterion.atLeast,
        actual: years,
        met: years >= criterion.atLeast,
        margin: years - criterion.atLeast,
        maxPossible: null,
        attainable: true,
      };
    }
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
  return computeGap(
    compiled,
    grid.values,
    target,
    result.criteria.filter((c) => c.level <= level),
    result.total,
  );
}
