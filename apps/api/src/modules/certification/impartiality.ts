import { type ConflictKind, type Executor, schema } from '@ccmm/db';
import { and, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { addYears } from '../../clock.ts';

const { conflicts, users } = schema;

/** Consulting for an organization bars its audits for this many years after it ended. */
export const CONSULTING_COOLING_OFF_YEARS = 2;

export interface ConflictPeriod {
  readonly kind: ConflictKind;
  readonly since: string | null;
  readonly until: string | null;
}

/**
 * Whether a declared conflict bars its auditor from an audit on `assessedOn`: a declared
 * conflict while it lasts (no end date: always); consulting from its start until 2 years
 * after it ended (no end date: ongoing).
 */
export function barsAudit(conflict: ConflictPeriod, assessedOn: string): boolean {
  if (conflict.kind === 'declared') return conflict.until === null || assessedOn <= conflict.until;
  const started = conflict.since === null || conflict.since <= assessedOn;
  const recent =
    conflict.until === null || conflict.until >= addYears(assessedOn, -CONSULTING_COOLING_OFF_YEARS);
  return started && recent;
}

export type ConflictRow = typeof conflicts.$inferSelect;

export function createConflictsRepository(db: Executor) {
  return {
    async insert(values: {
      auditorId: string;
      organizationId: string;
      kind: ConflictKind;
      since: string | null;
      until: string | null;
      note: string | null;
    }): Promise<ConflictRow> {
      const [row] = await db.insert(conflicts).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    /** An organization's declared conflicts (of one auditor when given), newest first. */
    async list(organizationId: string, auditorId?: string) {
      const conditions: SQL[] = [eq(conflicts.organizationId, organizationId)];
      if (auditorId) conditions.push(eq(conflicts.auditorId, auditorId));
      return db
        .select({
          id: conflicts.id,
          auditorId: conflicts.auditorId,
          auditorName: users.name,
          organizationId: conflicts.organizationId,
          kind: conflicts.kind,
          since: conflicts.since,
          until: conflicts.until,
          note: conflicts.note,
          declaredAt: conflicts.declaredAt,
        })
        .from(conflicts)
        .innerJoin(users, eq(users.id, conflicts.auditorId))
        .where(and(...conditions))
        .orderBy(desc(conflicts.declaredAt));
    },

    /** The first of `auditorIds` barred from an audit of the organization on `assessedOn`. */
    async blocking(organizationId: string, assessedOn: string, auditorIds: readonly string[]) {
      if (auditorIds.length === 0) return undefined;
      const rows = await db
        .select({
          auditorId: conflicts.auditorId,
          name: users.name,
          kind: conflicts.kind,
          since: conflicts.since,
          until: conflicts.until,
        })
        .from(conflicts)
        .innerJoin(users, eq(users.id, conflicts.auditorId))
        .where(
          and(eq(conflicts.organizationId, organizationId), inArray(conflicts.auditorId, [...auditorIds])),
        );
      return rows.find((row) => barsAudit(row, assessedOn));
    },
  };
}
