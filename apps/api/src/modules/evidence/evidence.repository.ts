import { type Database, schema } from '@ccmm/db';
import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { assessmentScope, withScope } from '../../tenancy.ts';
import { OPEN_STATUSES } from '../assessments/assessment-rules.ts';

const { assessments, evidence, evidenceClauses } = schema;

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
     * not submitted halfway); otherwise returns the status that closed it.
     */
    async insert(
      values: NewEvidence,
      clauses: readonly number[],
    ): Promise<{ ok: true; evidence: EvidenceView } | { ok: false; status: string }> {
      return db.transaction(async (tx) => {
        const [assessment] = await tx
          .select({ status: assessments.status })
          .from(assessments)
          .where(eq(assessments.id, values.assessmentId))
          .for('update');
        if (!assessment || !OPEN_STATUSES.includes(assessment.status)) {
          return { ok: false, status: assessment?.status ?? 'missing' } as const;
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
