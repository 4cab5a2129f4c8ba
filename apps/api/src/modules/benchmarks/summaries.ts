import { type Database, type Executor, schema } from '@ccmm/db';
import {
  compileStandard,
  type EligibilityResult,
  fullYearsBetween,
  levelOfTotals,
  meetsShare,
  requiredCount,
  type Standard,
} from '@ccmm/engine';
import { eq, isNull, sql } from 'drizzle-orm';
import { assessmentEligibility } from '../assessments/assessment-eligibility.ts';
import { asClauseRating } from '../ratings/ratings.repository.ts';

const { assessments, assessmentSummaries, organizations, ratings } = schema;

type SummaryAreas = schema.SummaryAreas;
type AreaSummary = schema.AreaSummary;

/** How summaries find the standard an assessment is pinned to. */
export interface StandardLookup {
  get(ref: string): { readonly standard: Standard };
}

export type SummaryRow = typeof assessmentSummaries.$inferInsert;

/** What a summary keeps of the engine's result: per domain and section, points and compliant counts. */
export function summaryAreas(result: EligibilityResult): SummaryAreas {
  const area = (a: EligibilityResult['domains'][number]): AreaSummary => ({
    points: a.points,
    compliantC: a.compliant.C,
    compliantF: a.compliant.F,
  });
  return {
    domains: Object.fromEntries(result.domains.map((d) => [d.id, area(d)])),
    sections: Object.fromEntries(result.sections.map((s) => [s.id, area(s)])),
  };
}

export function summaryRow(
  assessment: {
    readonly id: string;
    readonly organizationId: string;
    readonly standardRef: string;
    readonly kind: SummaryRow['kind'];
    readonly assessedOn: string;
  },
  result: EligibilityResult,
): SummaryRow {
  return {
    assessmentId: assessment.id,
    organizationId: assessment.organizationId,
    standardRef: assessment.standardRef,
    kind: assessment.kind,
    assessedOn: assessment.assessedOn,
    level: result.level,
    total: result.total,
    complete: result.complete,
    scoredRates: result.scoredRates,
    areas: summaryAreas(result),
  };
}

/** What a rating write adjusts of an assessment's summary. */
export interface SummaryState {
  readonly level: number;
  readonly total: number;
  readonly complete: boolean;
  readonly scoredRates: number;
  readonly areas: SummaryAreas;
}

type Rated = { readonly c: number | null; readonly f: number | null };

/**
 * The summary after some clauses changed, from the summary before and each clause's old and new
 * values alone: the clause's domain and sections take the change of its points and compliant
 * counts, the level follows from the domains' counts and the total. Equal to recomputing it from
 * every rating (refreshSummary); null when the summary does not have the clause's areas (then
 * recompute).
 */
export function summaryAfter(
  standard: Standard,
  before: SummaryState,
  context: { readonly operatingSince: string; readonly assessedOn: string },
  changes: readonly { readonly clause: number; readonly old: Rated; readonly new: Rated }[],
): SummaryState | null {
  const compiled = compileStandard(standard);
  const { compliantValue, unscoredCountsAs } = standard.scale;
  const value = (v: number | null) => (v === null ? unscoredCountsAs : v);
  const domains: Record<string, AreaSummary> = { ...before.areas.domains };
  const sections: Record<string, AreaSummary> = { ...before.areas.sections };
  let total = before.total;
  let scoredRates = before.scoredRates;
  for (const change of changes) {
    const position = compiled.positionOf.get(change.clause);
    if (position === undefined) return null;
    const points = value(change.new.c) + value(change.new.f) - value(change.old.c) - value(change.old.f);
    const compliantC = Number(change.new.c === compliantValue) - Number(change.old.c === compliantValue);
    const compliantF = Number(change.new.f === compliantValue) - Number(change.old.f === compliantValue);
    total += points;
    scoredRates +=
      Number(change.new.c !== null) +
      Number(change.new.f !== null) -
      Number(change.old.c !== null) -
      Number(change.old.f !== null);
    const adjust = (into: Record<string, AreaSummary>, id: string): boolean => {
      const area = into[id];
      if (!area) return false;
      into[id] = {
        points: area.points + points,
        compliantC: area.compliantC + compliantC,
        compliantF: area.compliantF + compliantF,
      };
      return true;
    };
    const domain = compiled.domainIds[compiled.domainOf[position] ?? -1];
    if (domain !== undefined && !adjust(domains, domain)) return null;
    for (const s of compiled.sectionsOf[position] ?? []) {
      const id = compiled.sections[s]?.id;
      if (id === undefined || !adjust(sections, id)) return null;
    }
  }
  const operatingYears = fullYearsBetween(context.operatingSince, context.assessedOn) ?? 0;
  const level = levelOfTotals(
    standard,
    (id) => ({ C: domains[id]?.compliantC ?? 0, F: domains[id]?.compliantF ?? 0 }),
    total,
    { operatingYears },
  );
  return {
    level,
    total,
    complete: scoredRates === compiled.clauses.length * 2,
    scoredRates,
    areas: { domains, sections },
  };
}

/** A level criterion as the database compares it (ccmm_rate_clause): a threshold, or decided already. */
type LevelThreshold =
  | { readonly kind: 'total'; readonly atLeast: number }
  | {
      readonly kind: 'share';
      readonly domains: readonly string[];
      readonly rate: 'compliantC' | 'compliantF';
      readonly atLeast: number;
    }
  | { readonly kind: 'met'; readonly met: boolean };

/** What the database needs to adjust a summary by one clause's change, as summaryAfter does. */
export interface ClauseSummaryChange {
  readonly domain: string | null;
  readonly sections: readonly string[];
  readonly compliant: number;
  readonly unscored: number;
  /** Rates of a complete assessment (C and F of every clause). */
  readonly rates: number;
  /** In level order: each level's criteria, met while every lower level's are. */
  readonly levels: readonly { readonly level: number; readonly criteria: readonly LevelThreshold[] }[];
}

/**
 * summaryAfter's rules for one clause, as data the one-statement write applies: the clause's
 * areas, and the levels' criteria as the thresholds levelOfTotals compares against (a share as
 * its required count, operating years decided here from the assessment's dates). Null for a
 * clause the standard does not have (then the write recomputes the summary).
 */
export function clauseSummaryChange(
  standard: Standard,
  clause: number,
  context: { readonly operatingSince: string; readonly assessedOn: string },
): ClauseSummaryChange | null {
  const compiled = compileStandard(standard);
  const position = compiled.positionOf.get(clause);
  if (position === undefined) return null;
  const operatingYears = fullYearsBetween(context.operatingSince, context.assessedOn) ?? 0;
  const domainsOfGroup = (groupIndex: number) => [
    ...new Set(
      (standard.clauseGroups[groupIndex]?.domains ?? []).filter((id) => compiled.domainIds.includes(id)),
    ),
  ];
  return {
    domain: compiled.domainIds[compiled.domainOf[position] ?? -1] ?? null,
    sections: (compiled.sectionsOf[position] ?? []).flatMap((s) => compiled.sections[s]?.id ?? []),
    compliant: standard.scale.compliantValue,
    unscored: standard.scale.unscoredCountsAs,
    rates: compiled.clauses.length * 2,
    levels: compiled.levels.map((l) => ({
      level: l.level,
      criteria: compiled.criteria
        .filter(({ level }) => level === l.level)
        .map(({ criterion, groupIndex }): LevelThreshold => {
          if (criterion.kind === 'compliantShare') {
            const size = groupIndex < 0 ? 0 : (compiled.groupMembers[groupIndex]?.length ?? 0);
            if (groupIndex < 0) return { kind: 'met', met: meetsShare(0, criterion.atLeastPercent, size) };
            return {
              kind: 'share',
              domains: domainsOfGroup(groupIndex),
              rate: criterion.rate === 'C' ? 'compliantC' : 'compliantF',
              atLeast: requiredCount(criterion.atLeastPercent, size),
            };
          }
          if (criterion.kind === 'totalPoints') return { kind: 'total', atLeast: criterion.atLeast };
          return { kind: 'met', met: operatingYears >= criterion.atLeast };
        }),
    })),
  };
}

/**
 * Recomputes an assessment's summary from its stored ratings with the engine and upserts it.
 * Called inside the transaction that changed the ratings (which holds the assessment's lock),
 * so the summary never disagrees with the ratings another transaction can see.
 */
export async function refreshSummary(tx: Executor, standards: StandardLookup, assessmentId: string) {
  const [assessment] = await tx
    .select({
      id: assessments.id,
      organizationId: assessments.organizationId,
      standardRef: assessments.standardRef,
      kind: assessments.kind,
      assessedOn: assessments.assessedOn,
      // Frozen at submission; the organization's current date before that.
      operatingSince: sql<string>`coalesce(${assessments.operatingSince}, ${organizations.operatingSince})`,
    })
    .from(assessments)
    .innerJoin(organizations, eq(organizations.id, assessments.organizationId))
    .where(eq(assessments.id, assessmentId));
  if (!assessment) return;
  const stored = await tx
    .select({ clause: ratings.clause, c: ratings.c, f: ratings.f })
    .from(ratings)
    .where(eq(ratings.assessmentId, assessmentId));
  const { standard } = standards.get(assessment.standardRef);
  const result = assessmentEligibility(standard, assessment, stored.map(asClauseRating));
  const row = summaryRow(assessment, result);
  await tx
    .insert(assessmentSummaries)
    .values(row)
    .onConflictDoUpdate({
      target: assessmentSummaries.assessmentId,
      set: {
        organizationId: row.organizationId,
        standardRef: row.standardRef,
        kind: row.kind,
        assessedOn: row.assessedOn,
        level: row.level,
        total: row.total,
        complete: row.complete,
        scoredRates: row.scoredRates,
        areas: row.areas,
        updatedAt: new Date(),
      },
    });
}

/** Every assessment of an organization again (its operating years changed, so may its levels). */
export async function refreshOrganizationSummaries(
  db: Database,
  standards: StandardLookup,
  organizationId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    // The same lock rating writes take, so none of them interleaves with the recomputation.
    const rows = await tx
      .select({ id: assessments.id })
      .from(assessments)
      .where(eq(assessments.organizationId, organizationId))
      .for('update');
    for (const row of rows) await refreshSummary(tx, standards, row.id);
  });
}

/** Summaries for assessments that have none (made before summaries existed); at start-up. */
export async function backfillSummaries(db: Database, standards: StandardLookup): Promise<number> {
  const missing = await db
    .select({ id: assessments.id })
    .from(assessments)
    .leftJoin(assessmentSummaries, eq(assessmentSummaries.assessmentId, assessments.id))
    .where(isNull(assessmentSummaries.assessmentId));
  for (const row of missing) {
    await db.transaction(async (tx) => {
      await tx
        .select({ id: assessments.id })
        .from(assessments)
        .where(eq(assessments.id, row.id))
        .for('update');
      await refreshSummary(tx, standards, row.id);
    });
  }
  return missing.length;
}
