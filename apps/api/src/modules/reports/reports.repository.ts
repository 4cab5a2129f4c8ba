import { type Executor, type SignOffParty, schema } from '@ccmm/db';
import { asc, eq } from 'drizzle-orm';

const { reportSignOffs, users } = schema;

/** The report's sign-offs: each party once. */
export function createReportsRepository(db: Executor) {
  return {
    async signOffs(assessmentId: string) {
      return db
        .select({
          party: reportSignOffs.party,
          userId: reportSignOffs.userId,
          name: users.name,
          signedOn: reportSignOffs.signedOn,
        })
        .from(reportSignOffs)
        .innerJoin(users, eq(users.id, reportSignOffs.userId))
        .where(eq(reportSignOffs.assessmentId, assessmentId))
        .orderBy(asc(reportSignOffs.party));
    },

    /** Signs for the party; false when the party had signed already. */
    async sign(
      assessmentId: string,
      party: SignOffParty,
      userId: string,
      signedOn: string,
    ): Promise<boolean> {
      const inserted = await db
        .insert(reportSignOffs)
        .values({ assessmentId, party, userId, signedOn })
        .onConflictDoNothing()
        .returning({ party: reportSignOffs.party });
      return inserted.length > 0;
    },
  };
}
