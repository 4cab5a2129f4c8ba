import { type CompiledStandard, compileStandard, meetsShare, requiredCount } from './compile.ts';
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

interface Tally {
  points: number;
  compliantC: number;
  compliantF: number;
  scoredC: number;
  scoredF: number;
  clauses: number;
}

const newTally = (): Tally => ({
  points: 0,
  compliantC: 0,
  compliantF: 0,
  scoredC: 0,
  scoredF: 0,
  clauses: 0,
});

function toArea(id: string, tally: Tally, maxPerClause: number): AreaScore {
  return {
    id,
    clauses: tally.clauses,
    points: tally.points,
    maxPoints: tally.clauses * maxPerClause,
    compliant: { C: tally.compliantC, F: tally.compliantF },
    scored: { C: tally.scoredC, F: tally.scoredF },
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

  const domainTallies = compiled.domainIds.map(newTally);
  const sectionTallies = compiled.sections.map(newTally);
  const clauseTally = new Array<Tally>(clauseCount);
  const incompleteClauses: number[] = [];
  let total = 0;
  let scoredRates = 0;

  for (let i = 0; i < clauseCount; i++) {
    const c = values[i * 2] ?? UNSCORED;
    const f = values[i * 2 + 1] ?? UNSCORED;
    const t: Tally = {
      points: (c === UNSCORED ? unscoredCountsAs : c) + (f === UNSCORED ? unscoredCountsAs : f),
      compliantC: c === compliantValue ? 1 : 0,
      compliantF: f === compliantValue ? 1 : 0,
      scoredC: c === UNSCORED ? 0 : 1,
      scoredF: f === UNSCORED ? 0 : 1,
      clauses: 1,
    };
    clauseTally[i] = t;
    total += t.points;
    scoredRates += t.scoredC + t.scoredF;
    if (t.scoredC + t.scoredF < 2) incompleteClauses.push(compiled.clauses[i]?.number ?? 0);
    const domain = domainTallies[compiled.domainOf[i] ?? -1];
    if (domain) add(domain, t);
    for (const s of compiled.sectionsOf[i] ?? []) {
      const section = sectionTallies[s];
      if (section) add(section, t);
    }
  }

  const groupTallies = compiled.groupMembers.map((members) => {
    const tally = newTally();
    for (const i of members) {
      const t = clauseTally[i];
      if (t) add(tally, t);
    }
    return tally;
  });
  const groupPosition = new Map(compiled.groupIds.map((id, i) => [id, i]));

  const criterionResults = compiled.criteria.map(({ id, level, criterion }) => {
    const group =
      criterion.kind === 'compliantShare'
        ? groupTallies[groupPosition.get(criterion.group) ?? -1]
        : undefined;
    return criterionResult(id, level, criterion, { group: group ?? newTally(), total, compiled, context });
  });

  let reachedSoFar = true;
  let level = 0;
  const levels = compiled.levels.map((l): LevelResult => {
    const criteria = criterionResults.filter((c) => c.level === l.level);
    const criteriaMet = criteria.every((c) => c.met);
    reachedSoFar = reachedSoFar && criteriaMet;
    if (reachedSoFar) level = l.level;
    return {
      level: l.level,
      code: l.code,
      criteriaMet,
      reached: reachedSoFar,
      attainable: criteria.every((c) => c.attainable),
    };
  });

  const next = levels.find((l) => !l.reached) ?? null;
  const gap = next
    ? computeGap(
        compiled,
        values,
        next,
        criterionResults.filter((c) => c.level === next.level),
        total,
      )
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
    domains: compiled.domainIds.map((id, i) => toArea(id, domainTallies[i] ?? newTally(), maxPerClause)),
    sections: compiled.sections.map((s, i) => ({
      ...toArea(s.id, sectionTallies[i] ?? newTally(), maxPerClause),
      domain: s.domain,
      parent: s.parent,
      depth: s.depth,
    })),
    groups: compiled.groupIds.map((id, i) => toArea(id, groupTallies[i] ?? newTally(), maxPerClause)),
    levels,
    criteria: criterionResults,
    nextLevel: next?.level ?? null,
    gap,
    issues: grid.issues,
  };
}

interface Actuals {
  readonly group: Tally;
  readonly total: number;
  readonly compiled: CompiledStandard;
  readonly context: AssessmentContext;
}

function criterionResult(id: string, level: number, criterion: Criterion, actuals: Actuals): CriterionResult {
  switch (criterion.kind) {
    case 'compliantShare': {
      const { group } = actuals;
      const actual = criterion.rate === 'C' ? group.compliantC : group.compliantF;
      const required = requiredCount(criterion.atLeastPercent, group.clauses);
      return {
        id,
        level,
        kind: criterion.kind,
        rate: criterion.rate,
        group: criterion.group,
        groupSize: group.clauses,
        percent: criterion.atLeastPercent,
        unit: 'clauses',
        required,
        actual,
        met: meetsShare(actual, criterion.atLeastPercent, group.clauses),
        margin: actual - required,
        maxPossible: group.clauses,
        attainable: meetsShare(group.clauses, criterion.atLeastPercent, group.clauses),
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

function add(into: Tally, t: Tally): void {
  into.points += t.points;
  into.compliantC += t.compliantC;
  into.compliantF += t.compliantF;
  into.scoredC += t.scoredC;
  into.scoredF += t.scoredF;
  into.clauses += t.clauses;
}
