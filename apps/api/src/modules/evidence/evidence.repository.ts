import { type Database, schema } from '@ccmm/db';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { assessmentScope, withScope } from '../../tenancy.ts';
import { OPEN_STATUSES } from '../assessments/assessment-rules.ts';
import { type EvidenceQuota, type Holdings, type QuotaExceeded, quotaExceeded } from './evidence.models.ts';

const { assessments, evidence, evidenceClauses, organizations } = schema;

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * The file rows of the assessments matching `scope`, and the bytes of their distinct contents
 * (each sha256 once, as the storage keeps it). For one assessment it reads through the index
 * evidence_assessment; for an organization through assessments_organization, then that index.
 */
async function holdings(tx: Transaction, scope: SQL, sha256: string): Promise<Holdings> {
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
  | { readonly ok: true; readonly evidence: EvidenceView }
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

export function createEvidenceRepository(db: Database) {
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
     * Records evidence if its assessment is still open (the assessment row is locked, so it is
     * not submitted halfway); otherwise returns the status that closed it. A file is also
     * checked against `quota`, under locks that make concurrent uploads wait for each other.
     */
    async insert(
      values: NewEvidence,
      clauses: readonly number[],
      quota?: EvidenceQuota,
    ): Promise<InsertOutcome> {
      const sha256 = values.kind === 'file' ? values.sha256 : null;
      const check = quota && sha256 ? { quota, sha256 } : null;
      return db.transaction(async (tx) => {
        if (check) {
          // Uploads to any assessment of the organization wait for each other on its row, taken
          // before the assessment's (parent first, as changes to the organization lock it) so
          // the two locks are always taken in one order. 'no key update' leaves inserts that
          // refer to the organization (new assessments) unblocked.
          await tx
            .select({ id: organizations.id })
            .from(organizations)
            .where(
              inArray(
                organizations.id,
                tx
                  .select({ id: assessments.organizationId })
                  .from(assessments)
                  .where(eq(assessments.id, values.assessmentId)),
              ),
            )
            .for('no key update');
        }
        const [assessment] = await tx
          .select({ status: assessments.status, organizationId: assessments.organizationId })
          .from(assessments)
          .where(eq(assessments.id, values.assessmentId))
          .for('update');
        if (!assessment || !OPEN_STATUSES.includes(assessment.status)) {
          return { ok: false, reason: 'closed', status: assessment?.status ?? 'missing' } as const;
        }
        if (check) {
          const exceeded = quotaExceeded({
            quota: check.quota,
            assessment: await holdings(tx, eq(evidence.assessmentId, values.assessmentId), check.sha256),
            organization: await holdings(
              tx,
              inArray(
                evidence.assessmentId,
                tx
                  .select({ id: assessments.id })
                  .from(assessments)
                  .where(eq(assessments.organizationId, assessment.organizationId)),
              ),
              check.sha256,
            ),
            size: values.size ?? 0,
          });
          if (exceeded) return { ok: false, reason: 'quota', exceeded } as const;
        }
        const [row] = await tx.insert(evidence).values(values).returning();
        if (!row) throw new Error('insert returned nothing');
        const sorted = [...new Set(clauses)].sort((a, b) => a - b);
        if (sorted.length > 0) {
          await tx.insert(evidenceClauses).values(sorted.map((clause) => ({ evidenceId: row.id, clause })));
        }
        return { ok: true, evidence: { ...row, clauses: sorted } } as const;
      });
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
