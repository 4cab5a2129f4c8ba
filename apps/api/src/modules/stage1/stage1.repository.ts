import { type Executor, schema } from '@ccmm/db';
import type { Stage1Result } from '@ccmm/engine';
import { and, desc, eq, inArray } from 'drizzle-orm';

const { stage1Reviews, users } = schema;

/** Stage 1 reviews: appended, never changed. */
export function createStage1Repository(db: Executor) {
  return {
    async insert(values: {
      organizationId: string;
      standardRef: string;
      reviewedOn: string;
      result: Stage1Result;
      notes: string;
      recordedBy: string;
    }): Promise<string> {
      const [row] = await db.insert(stage1Reviews).values(values).returning({ id: stage1Reviews.id });
      if (!row) throw new Error('stage 1 review not inserted');
      return row.id;
    },

    /** The organizations' reviews (on one standard, if given), newest first, with who recorded each. */
    list(organizationIds: readonly string[], standardRef?: string) {
      if (organizationIds.length === 0) return Promise.resolve([]);
      return db
        .select({
          id: stage1Reviews.id,
          organizationId: stage1Reviews.organizationId,
          standard: stage1Reviews.standardRef,
          reviewedOn: stage1Reviews.reviewedOn,
          result: stage1Reviews.result,
          notes: stage1Reviews.notes,
          recordedByName: users.name,
          recordedAt: stage1Reviews.recordedAt,
        })
        .from(stage1Reviews)
        .innerJoin(users, eq(users.id, stage1Reviews.recordedBy))
        .where(
          and(
            inArray(stage1Reviews.organizationId, [...organizationIds]),
            standardRef === undefined ? undefined : eq(stage1Reviews.standardRef, standardRef),
          ),
        )
        .orderBy(desc(stage1Reviews.reviewedOn), desc(stage1Reviews.recordedAt));
    },
  };
}
