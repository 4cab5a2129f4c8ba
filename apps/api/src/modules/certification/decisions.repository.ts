import { type DecisionOutcome, type Executor, schema } from '@ccmm/db';
import { asc, eq } from 'drizzle-orm';

const { decisions, users } = schema;

export type DecisionRow = typeof decisions.$inferSelect;

/** Decisions are only ever added: there is no update, and a correction is a new row. */
export function createDecisionsRepository(db: Executor) {
  return {
    async insert(values: {
      assessmentId: string;
      deciderId: string;
      decidedOn: string;
      outcome: DecisionOutcome;
      level: number | null;
      reason: string | null;
      comments: string | null;
      eligibleLevel: number;
      snapshotHash: string;
      until?: string | null;
    }): Promise<DecisionRow> {
      const [row] = await db.insert(decisions).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    async list(assessmentId: string) {
      return db
        .select({ decision: decisions, deciderName: users.name })
        .from(decisions)
        .innerJoin(users, eq(users.id, decisions.deciderId))
        .where(eq(decisions.assessmentId, assessmentId))
        .orderBy(asc(decisions.decidedAt));
    },
  };
}
