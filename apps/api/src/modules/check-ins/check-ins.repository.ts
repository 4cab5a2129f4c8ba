import { type Executor, schema } from '@ccmm/db';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';

const { checkInExplanations, checkIns, users } = schema;

export type CheckInRow = typeof checkIns.$inferSelect;
export type NewCheckIn = Omit<typeof checkIns.$inferInsert, 'receivedAt'>;

/** A check-in as shown: who, where, the photo, and the body's latest explanation. */
export interface CheckInView {
  id: string;
  assessmentId: string;
  kind: CheckInRow['kind'];
  user: { id: string; name: string };
  at: Date;
  receivedAt: Date;
  location: { latitude: number; longitude: number; accuracyM: number } | null;
  photo: { evidenceId: string; sha256: string } | null;
  distanceM: number | null;
  far: boolean;
  explanation: { text: string; by: { id: string; name: string }; at: Date } | null;
}

/** Check-ins and their explanations: only ever inserted (the database refuses the rest). */
export function createCheckInsRepository(db: Executor) {
  async function views(rows: (CheckInRow & { userName: string })[]): Promise<CheckInView[]> {
    if (rows.length === 0) return [];
    const explained = await db
      .select({
        checkInId: checkInExplanations.checkInId,
        text: checkInExplanations.text,
        at: checkInExplanations.explainedAt,
        byId: users.id,
        byName: users.name,
      })
      .from(checkInExplanations)
      .innerJoin(users, eq(users.id, checkInExplanations.explainedBy))
      .where(
        inArray(
          checkInExplanations.checkInId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(desc(checkInExplanations.id));
    const latest = new Map<string, (typeof explained)[number]>();
    for (const e of explained) if (!latest.has(e.checkInId)) latest.set(e.checkInId, e);
    return rows.map((r) => {
      const e = latest.get(r.id);
      return {
        id: r.id,
        assessmentId: r.assessmentId,
        kind: r.kind,
        user: { id: r.userId, name: r.userName },
        at: r.at,
        receivedAt: r.receivedAt,
        location:
          r.latitude !== null && r.longitude !== null && r.accuracyM !== null
            ? { latitude: r.latitude, longitude: r.longitude, accuracyM: r.accuracyM }
            : null,
        photo:
          r.photoEvidenceId && r.photoSha256
            ? { evidenceId: r.photoEvidenceId, sha256: r.photoSha256 }
            : null,
        distanceM: r.distanceM,
        far: r.far,
        explanation: e ? { text: e.text, by: { id: e.byId, name: e.byName }, at: e.at } : null,
      };
    });
  }

  const selected = () =>
    db
      .select({
        id: checkIns.id,
        assessmentId: checkIns.assessmentId,
        userId: checkIns.userId,
        kind: checkIns.kind,
        at: checkIns.at,
        receivedAt: checkIns.receivedAt,
        latitude: checkIns.latitude,
        longitude: checkIns.longitude,
        accuracyM: checkIns.accuracyM,
        photoEvidenceId: checkIns.photoEvidenceId,
        photoSha256: checkIns.photoSha256,
        distanceM: checkIns.distanceM,
        far: checkIns.far,
        userName: users.name,
      })
      .from(checkIns)
      .innerJoin(users, eq(users.id, checkIns.userId));

  return {
    /** An audit's check-ins in the order they were made on the devices. */
    async list(assessmentId: string): Promise<CheckInView[]> {
      return views(
        await selected()
          .where(eq(checkIns.assessmentId, assessmentId))
          .orderBy(asc(checkIns.at), asc(checkIns.receivedAt)),
      );
    },

    async find(id: string): Promise<CheckInView | undefined> {
      const [view] = await views(await selected().where(eq(checkIns.id, id)));
      return view;
    },

    /** Inserts a check-in; false when one with its id exists already (nothing is changed). */
    async insert(values: NewCheckIn): Promise<boolean> {
      const rows = await db
        .insert(checkIns)
        .values(values)
        .onConflictDoNothing({ target: checkIns.id })
        .returning({ id: checkIns.id });
      return rows.length > 0;
    },

    async explain(checkInId: string, text: string, userId: string): Promise<void> {
      await db.insert(checkInExplanations).values({ checkInId, text, explainedBy: userId });
    },

    /** Whether any check-in of this audit by this user has this id (for the same-id check). */
    async isOwn(id: string, assessmentId: string, userId: string): Promise<boolean> {
      const [row] = await db
        .select({ id: checkIns.id })
        .from(checkIns)
        .where(
          and(eq(checkIns.id, id), eq(checkIns.assessmentId, assessmentId), eq(checkIns.userId, userId)),
        );
      return row !== undefined;
    },
  };
}
