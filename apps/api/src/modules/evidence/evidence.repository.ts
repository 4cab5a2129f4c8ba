import { type Executor, schema } from '@ccmm/db';
import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { assessmentScope, withScope } from '../../tenancy.ts';
import type { Holdings, QuotaExceeded } from './evidence.models.ts';

const { assessments, checkIns, evidence, evidenceClauses, organizations } = schema;

/**
 * The file rows of the assessments matching `scope`, and the bytes of their distinct contents
 * (each sha256 once, as the storage keeps it). For one assessment it reads through the index
 * evidence_assessment; for an organization through assessments_organization, then that index.
 */
async function holdings(tx: Executor, scope: SQL, sha256: string): Promise<Holdings> {
  const contents = tx
    .select({
      sha256: evidence.sha256,
      size: sql<number>`max(${evidence.size})`.as('size'),
      uploads: sql<number>`count(*)`.as('uploads'),
    })
    .from(evidence)
    .where(and(eq(evidence.kind, 'file'), scope))
    .groupBy(evidence.sha256)
    .as('contents');
  const [row] = await tx
    .select({
      files: sql`coalesce(sum(${contents.uploads}), 0)::bigint`.mapWith(Number),
      bytes: sql`coalesce(sum(${contents.size}), 0)::bigint`.mapWith(Number),
      hasContent: sql<boolean>`coalesce(bool_or(${contents.sha256} = ${sha256}), false)`,
    })
    .from(contents);
  return row ?? { files: 0, bytes: 0, hasContent: false };
}

export type InsertOutcome =
  | { readonly ok: true; readonly evidence: EvidenceView; readonly existed?: boolean }
  | { readonly ok: false; readonly reason: 'closed'; readonly status: string }
  | { readonly ok: false; readonly reason: 'quota'; readonly exceeded: QuotaExceeded };

export type EvidenceRow = typeof evidence.$inferSelect;
export type EvidenceKind = EvidenceRow['kind'];

/** An evidence row with the clauses it is linked to. */
export interface EvidenceView extends EvidenceRow {
  readonly clauses: number[];
}

export type NewEvidence = Omit<typeof evidence.$inferInsert, 'id' | 'createdAt'>;

const columns = {
  id: evidence.id,
  assessmentId: evidence.assessmentId,
  kind: evidence.kind,
  caption: evidence.caption,
  sha256: evidence.sha256,
  mediaType: evidence.mediaType,
  size: evidence.size,
  fileName: evidence.fileName,
  url: evidence.url,
  text: evidence.text,
  createdBy: evidence.createdBy,
  createdAt: evidence.createdAt,
};

export function createEvidenceRepository(db: Executor) {
  /** Evidence rows of assessments the actor may see (tenancy applied here, not only in routes). */
  const visible = (actor: Actor, condition: SQL | undefined) =>
    db
      .select(columns)
      .from(evidence)
      .innerJoin(assessments, eq(assessments.id, evidence.assessmentId))
      .where(withScope(condition, assessmentScope(actor)));

  async function withClauses(rows: EvidenceRow[]): Promise<EvidenceView[]> {
    if (rows.length === 0) return [];
    const links = await db
      .select()
      .from(evidenceClauses)
      .where(
        inArray(
          evidenceClauses.evidenceId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(evidenceClauses.clause));
    const byEvidence = new Map<string, number[]>();
    for (const link of links) {
      const list = byEvidence.get(link.evidenceId) ?? [];
      list.push(link.clause);
      byEvidence.set(link.evidenceId, list);
    }
    return rows.map((r) => ({ ...r, clauses: byEvidence.get(r.id) ?? [] }));
  }

  return {
    /** The evidence of an assessment the actor may see, oldest first; optionally of one clause. */
    async list(actor: Actor, assessmentId: string, clause?: number): Promise<EvidenceView[]> {
      const ofClause =
        clause === undefined
          ? undefined
          : inArray(
              evidence.id,
              db
                .select({ id: evidenceClauses.evidenceId })
                .from(evidenceClauses)
                .where(eq(evidenceClauses.clause, clause)),
            );
      const rows = await visible(actor, and(eq(evidence.assessmentId, assessmentId), ofClause)).orderBy(
        asc(evidence.createdAt),
        asc(evidence.id),
      );
      return withClauses(rows);
    },

    async find(actor: Actor, assessmentId: string, evidenceId: string): Promise<EvidenceView | undefined> {
      const rows = await visible(
        actor,
        and(eq(evidence.assessmentId, assessmentId), eq(evidence.id, evidenceId)),
      );
      const [row] = await withClauses(rows);
      return row;
    },

    /**
     * Locks what recording evidence for an assessment changes, in one order, and returns the
     * assessment's status and organization (undefined: no such assessment). With `organization`
     * (a file checked against quotas), uploads to any assessment of the organization wait for
     * each other on its row, taken before the assessment's (parent first, as changes to the
     * organization lock it); 'no key update' leaves inserts that refer to the organization (new
     * assessments) unblocked. The assessment's row keeps it from being submitted halfway.
     */
    async lockForRecording(assessmentId: string, organization: boolean) {
      if (organization) {
        await db
          .select({ id: organizations.id })
          .from(organizations)
          .where(
            inArray(
              organizations.id,
              db
                .select({ id: assessments.organizationId })
                .from(assessments)
                .where(eq(assessments.id, assessmentId)),
            ),
          )
          .for('no key update');
      }
      const [assessment] = await db
        .select({ status: assessments.status, organizationId: assessments.organizationId })
        .from(assessments)
        .where(eq(assessments.id, assessmentId))
        .for('update');
      return assessment;
    },

    /** The files and distinct bytes an assessment holds (and whether it has this content). */
    holdingsOfAssessment: (assessmentId: string, sha256: string) =>
      holdings(db, eq(evidence.assessmentId, assessmentId), sha256),

    /** The files and distinct bytes all of an organization's assessments hold. */
    holdingsOfOrganization: (organizationId: string, sha256: string) =>
      holdings(
        db,
        inArray(
          evidence.assessmentId,
          db
            .select({ id: assessments.id })
            .from(assessments)
            .where(eq(assessments.organizationId, organizationId)),
        ),
        sha256,
      ),

    /** Inserts an evidence row and its clauses. */
    async insert(values: NewEvidence, clauses: readonly number[]): Promise<EvidenceView> {
      const [row] = await db.insert(evidence).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      const sorted = [...new Set(clauses)].sort((a, b) => a - b);
      if (sorted.length > 0) {
        await db.insert(evidenceClauses).values(sorted.map((clause) => ({ evidenceId: row.id, clause })));
      }
      return { ...row, clauses: sorted };
    },

    async setCaption(evidenceId: string, caption: string | null): Promise<void> {
      await db.update(evidence).set({ caption }).where(eq(evidence.id, evidenceId));
    },

    /**
     * The file evidence of an assessment one user uploaded with this content under this name (the
     * oldest), with its clauses: an upload sent again (a retry after a lost answer) is the same
     * evidence; the same content under another name stays another piece of evidence.
     */
    async sameUpload(
      assessmentId: string,
      userId: string,
      sha256: string,
      fileName: string | null,
    ): Promise<EvidenceView | undefined> {
      const rows = await db
        .select(columns)
        .from(evidence)
        .where(
          and(
            eq(evidence.assessmentId, assessmentId),
            eq(evidence.createdBy, userId),
            eq(evidence.kind, 'file'),
            eq(evidence.sha256, sha256),
            fileName === null ? isNull(evidence.fileName) : eq(evidence.fileName, fileName),
          ),
        )
        .orderBy(asc(evidence.createdAt), asc(evidence.id))
        .limit(1);
      const [row] = await withClauses(rows);
      return row;
    },

    /** Links evidence to more clauses (those it has stay). */
    async addClauses(evidenceId: string, clauses: readonly number[]): Promise<void> {
      if (clauses.length === 0) return;
      await db
        .insert(evidenceClauses)
        .values(clauses.map((clause) => ({ evidenceId, clause })))
        .onConflictDoNothing();
    },

    /** Whether a check-in's photo is this evidence (it is then part of the presence record). */
    async isCheckInPhoto(evidenceId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: checkIns.id })
        .from(checkIns)
        .where(eq(checkIns.photoEvidenceId, evidenceId))
        .limit(1);
      return row !== undefined;
    },

    async remove(evidenceId: string): Promise<void> {
      await db.delete(evidence).where(eq(evidence.id, evidenceId));
    },

    /** How many evidence rows, of any assessment, refer to stored content. */
    async countBySha(sha256: string): Promise<number> {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(evidence)
        .where(eq(evidence.sha256, sha256));
      return row?.n ?? 0;
    },
  };
}
