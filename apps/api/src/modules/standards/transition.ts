import { type Database, schema } from '@ccmm/db';
import {
  AUDIT_KINDS,
  type ClauseRating,
  carryRatings,
  type EligibilityResult,
  evaluateEligibility,
  fullYearsBetween,
  gapToLevel,
} from '@ccmm/engine';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { recordGrantViews } from '../../grant-views.ts';
import type { StandardRegistry } from '../../plugins/context.ts';
import type { createRepositories } from '../../plugins/repositories.ts';
import type { Cell, Column } from '../../spreadsheet.ts';
import { engineMapping, storedMapping } from '../assessments/assessment-move.ts';
import { asClauseRating } from '../ratings/ratings.repository.ts';

const { assessments, consultantGrants, decisions, organizations, ratings } = schema;

/** One center in the transition simulator. */
export interface TransitionRow {
  readonly organizationId: string;
  readonly name: string;
  /** Its certificate in force on the old edition (null: none). */
  readonly certifiedLevel: number | null;
  readonly assessmentId: string | null;
  readonly assessedOn: string | null;
  /** The level its last decided audit gives under the old edition. */
  readonly levelBefore: number | null;
  /** The level the same audit gives under the new edition, its ratings carried by the mapping. */
  readonly levelAfter: number | null;
  readonly totalAfter: number | null;
  /** Clauses of the new edition with no carried rating (new ones, and any left unrated). */
  readonly unrated: number | null;
  /** Clauses whose carried rating is a proposal (split or merged): to confirm. */
  readonly proposed: number | null;
  /** The level to keep: the certified one, else the one before. */
  readonly keepLevel: number | null;
  /** To keep it: rate changes suggested (fewest first) and points missing; 0 when kept. */
  readonly gapChanges: number | null;
  readonly gapPoints: number | null;
  /** Whether raising ratings can keep it (false: a threshold or operating years stand in the way). */
  readonly keepable: boolean | null;
}

/**
 * The transition simulator: for every certified center (the body) or every center that granted
 * access (a consultant), the level its last decided audit on `from` would give under `to`, its
 * ratings carried along the stored mapping (proposals counted as carried), the clauses it has
 * no rating for, and the gap to keep its level.
 */
export async function simulateTransition({
  db,
  standards,
  repositories,
  actor,
  from,
  to,
  today,
}: {
  db: Database;
  standards: StandardRegistry;
  repositories: ReturnType<typeof createRepositories>;
  actor: Actor;
  from: string;
  to: string;
  today: string;
}): Promise<TransitionRow[]> {
  const oldEdition = standards.get(from).standard;
  const newEdition = standards.get(to).standard;
  const mapping = engineMapping(await storedMapping(db, from, to));

  let centers: { id: string; name: string; certifiedLevel: number | null }[];
  if (actor.role === 'consultant') {
    const granted = await db
      .select({ id: organizations.id, name: organizations.name })
      .from(consultantGrants)
      .innerJoin(organizations, eq(organizations.id, consultantGrants.organizationId))
      .where(and(eq(consultantGrants.consultantId, actor.userId), isNull(consultantGrants.revokedAt)))
      .orderBy(organizations.name);
    centers = await Promise.all(
      granted.map(async (o) => ({
        ...o,
        certifiedLevel: (await repositories.certificates.current(o.id, from, today))?.level ?? null,
      })),
    );
  } else {
    const { rows } = await repositories.certificates.list(actor, today);
    const byOrganization = new Map<string, { id: string; name: string; certifiedLevel: number | null }>();
    for (const c of rows) {
      if (c.standardRef !== from || c.status !== 'active' || byOrganization.has(c.organizationId)) continue;
      byOrganization.set(c.organizationId, {
        id: c.organizationId,
        name: c.organizationName,
        certifiedLevel: c.level,
      });
    }
    centers = [...byOrganization.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh'));
  }

  // Each center's last decided audit on `from`, and its ratings: two queries for all centers.
  const ids = centers.map((c) => c.id);
  const audits =
    ids.length === 0
      ? []
      : await db
          .selectDistinctOn([assessments.organizationId], {
            id: assessments.id,
            organizationId: assessments.organizationId,
            assessedOn: assessments.assessedOn,
            operatingSince: sql<string>`coalesce(${assessments.operatingSince}, ${organizations.operatingSince})`,
          })
          .from(assessments)
          .innerJoin(decisions, eq(decisions.assessmentId, assessments.id))
          .innerJoin(organizations, eq(organizations.id, assessments.organizationId))
          .where(
            and(
              inArray(assessments.organizationId, ids),
              eq(assessments.standardRef, from),
              eq(assessments.status, 'decided'),
              inArray(assessments.kind, [...AUDIT_KINDS]),
            ),
          )
          .orderBy(assessments.organizationId, desc(decisions.decidedAt));
  const auditOf = new Map(audits.map((a) => [a.organizationId, a]));
  const stored =
    audits.length === 0
      ? []
      : await db
          .select({ assessmentId: ratings.assessmentId, clause: ratings.clause, c: ratings.c, f: ratings.f })
          .from(ratings)
          .where(
            inArray(
              ratings.assessmentId,
              audits.map((a) => a.id),
            ),
          );
  const ratingsOf = new Map<string, ClauseRating[]>();
  for (const r of stored)
    ratingsOf.set(r.assessmentId, [...(ratingsOf.get(r.assessmentId) ?? []), asClauseRating(r)]);

  const rows: TransitionRow[] = [];
  for (const center of centers) {
    const none = {
      organizationId: center.id,
      name: center.name,
      certifiedLevel: center.certifiedLevel,
      assessmentId: null,
      assessedOn: null,
      levelBefore: null,
      levelAfter: null,
      totalAfter: null,
      unrated: null,
      proposed: null,
      keepLevel: center.certifiedLevel,
      gapChanges: null,
      gapPoints: null,
      keepable: null,
    };
    const audit = auditOf.get(center.id);
    if (!audit) {
      rows.push(none);
      continue;
    }
    const rated = ratingsOf.get(audit.id) ?? [];
    const context = { operatingYears: fullYearsBetween(audit.operatingSince, audit.assessedOn) ?? 0 };
    const before: EligibilityResult = evaluateEligibility(oldEdition, rated, context);
    const carried = carryRatings(mapping, rated);
    const moved = [...carried.ratings, ...carried.proposals];
    const after = evaluateEligibility(newEdition, moved, context);
    const keepLevel = center.certifiedLevel ?? before.level;
    const gap = gapToLevel(newEdition, moved, context, keepLevel);
    const missingPoints = gap?.needs.find((n) => n.kind === 'totalPoints')?.missing ?? 0;
    rows.push({
      ...none,
      assessmentId: audit.id,
      assessedOn: audit.assessedOn,
      levelBefore: before.level,
      levelAfter: after.level,
      totalAfter: after.total,
      unrated: after.incompleteClauses.length,
      proposed: carried.proposals.length,
      keepLevel,
      gapChanges: gap ? gap.changes.length : 0,
      gapPoints: gap ? missingPoints : 0,
      keepable: gap ? gap.reachable : true,
    });
  }
  await recordGrantViews(
    db,
    actor,
    centers.map((c) => c.id),
    'standards.transition',
  );
  return rows;
}

/** The simulator's table for a spreadsheet: one row per center. */
export const TRANSITION_COLUMNS = [
  { header: { 'zh-Hans': '机构', 'zh-Hant': '機構', en: 'Center' }, width: 28 },
  { header: { 'zh-Hans': '认证等级', 'zh-Hant': '認證等級', en: 'Certified level' }, width: 12 },
  { header: { 'zh-Hans': '审核日期', 'zh-Hant': '審核日期', en: 'Audit date' }, width: 12 },
  { header: { 'zh-Hans': '原版本等级', 'zh-Hant': '原版本等級', en: 'Level (old edition)' }, width: 14 },
  { header: { 'zh-Hans': '新版本等级', 'zh-Hant': '新版本等級', en: 'Level (new edition)' }, width: 14 },
  { header: { 'zh-Hans': '新版本总分', 'zh-Hant': '新版本總分', en: 'Total (new edition)' }, width: 14 },
  { header: { 'zh-Hans': '未评分条目', 'zh-Hant': '未評分條目', en: 'Unrated clauses' }, width: 12 },
  { header: { 'zh-Hans': '待确认建议', 'zh-Hant': '待確認建議', en: 'Proposals to confirm' }, width: 12 },
  {
    header: { 'zh-Hans': '保级所需改动', 'zh-Hant': '保級所需改動', en: 'Changes to keep the level' },
    width: 14,
  },
  {
    header: { 'zh-Hans': '保级所缺分数', 'zh-Hant': '保級所缺分數', en: 'Points missing to keep it' },
    width: 14,
  },
] as const satisfies readonly Column[];

export function transitionCells(row: TransitionRow): Cell[] {
  return [
    row.name,
    row.certifiedLevel,
    row.assessedOn,
    row.levelBefore,
    row.levelAfter,
    row.totalAfter,
    row.unrated,
    row.proposed,
    row.gapChanges,
    row.gapPoints,
  ];
}
