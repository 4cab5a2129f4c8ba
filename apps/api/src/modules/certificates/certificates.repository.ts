import { type CertificateRecordedStatus, type Executor, schema } from '@ccmm/db';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { assessmentScope, withScope } from '../../tenancy.ts';
import { type CertificateStatus, certificateStatus } from './certificate-status.ts';

const { assessments, certificates, certificateStatusChanges, organizations, users } = schema;

export type CertificateRow = typeof certificates.$inferSelect;
export type NewCertificate = Omit<typeof certificates.$inferInsert, 'createdAt'>;

export interface StatusChange {
  readonly status: CertificateRecordedStatus;
  readonly reason: string;
  readonly until: string | null;
  readonly changedBy: string;
  readonly changedByName: string;
  readonly changedAt: Date;
}

/** A certificate with its status history and its status on the day asked. */
export interface CertificateView extends CertificateRow {
  readonly status: CertificateStatus;
  readonly history: readonly StatusChange[];
}

export function createCertificatesRepository(db: Executor) {
  async function histories(numbers: readonly string[]): Promise<Map<string, StatusChange[]>> {
    const byNumber = new Map<string, StatusChange[]>();
    if (numbers.length === 0) return byNumber;
    const rows = await db
      .select({
        number: certificateStatusChanges.certificateNumber,
        status: certificateStatusChanges.status,
        reason: certificateStatusChanges.reason,
        until: certificateStatusChanges.until,
        changedBy: certificateStatusChanges.changedBy,
        changedByName: users.name,
        changedAt: certificateStatusChanges.changedAt,
      })
      .from(certificateStatusChanges)
      .innerJoin(users, eq(users.id, certificateStatusChanges.changedBy))
      .where(inArray(certificateStatusChanges.certificateNumber, [...numbers]))
      .orderBy(asc(certificateStatusChanges.id));
    for (const { number, ...change } of rows) {
      const list = byNumber.get(number) ?? [];
      list.push(change);
      byNumber.set(number, list);
    }
    return byNumber;
  }

  async function withStatus(rows: readonly CertificateRow[], today: string): Promise<CertificateView[]> {
    const all = await histories(rows.map((r) => r.number));
    return rows.map((row) => {
      const history = all.get(row.number) ?? [];
      return {
        ...row,
        history,
        status: certificateStatus({ expiresOn: row.expiresOn, latest: history.at(-1) ?? null }, today),
      };
    });
  }

  async function select(where: SQL | undefined, today: string): Promise<CertificateView[]> {
    const rows = await db
      .select({ certificate: certificates })
      .from(certificates)
      .innerJoin(assessments, eq(assessments.id, certificates.assessmentId))
      .where(where)
      .orderBy(desc(certificates.year), desc(certificates.sequence));
    return withStatus(
      rows.map((r) => r.certificate),
      today,
    );
  }

  return {
    /**
     * The next number of the year. Takes a transaction-scoped lock, so concurrent decisions
     * number their certificates one after the other.
     */
    async nextSequence(year: number): Promise<number> {
      await db.execute(sql`select pg_advisory_xact_lock(hashtext('ccmm.certificate_number'), ${year})`);
      const [row] = await db
        .select({ max: sql<number>`coalesce(max(${certificates.sequence}), 0)::int` })
        .from(certificates)
        .where(eq(certificates.year, year));
      return (row?.max ?? 0) + 1;
    },

    async insert(values: NewCertificate): Promise<CertificateRow> {
      const [row] = await db.insert(certificates).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    /** The certificates the actor may see (those of the assessments the actor may see). */
    list(actor: Actor, today: string, filter: { organizationId?: string } = {}) {
      const condition = filter.organizationId
        ? eq(certificates.organizationId, filter.organizationId)
        : undefined;
      return select(withScope(condition, assessmentScope(actor)), today);
    },

    async find(actor: Actor, number: string, today: string): Promise<CertificateView | undefined> {
      const [found] = await select(withScope(eq(certificates.number, number), assessmentScope(actor)), today);
      return found;
    },

    /** Any certificate by number, for public verification and the rules that need it. */
    async findAny(number: string, today: string): Promise<CertificateView | undefined> {
      const [found] = await select(eq(certificates.number, number), today);
      return found;
    },

    ofAssessment(assessmentId: string, today: string) {
      return select(eq(certificates.assessmentId, assessmentId), today);
    },

    ofOrganization(organizationId: string, today: string) {
      return select(eq(certificates.organizationId, organizationId), today);
    },

    /** Active certificates of the organizations that chose to be listed publicly. */
    async directory(today: string) {
      const rows = await db
        .select({ certificate: certificates })
        .from(certificates)
        .innerJoin(organizations, eq(organizations.id, certificates.organizationId))
        .where(and(eq(organizations.publicListing, true)))
        .orderBy(asc(certificates.organizationName), desc(certificates.level));
      const views = await withStatus(
        rows.map((r) => r.certificate),
        today,
      );
      return views.filter((v) => v.status === 'active');
    },

    async addChange(values: {
      certificateNumber: string;
      status: CertificateRecordedStatus;
      reason: string;
      until: string | null;
      changedBy: string;
    }): Promise<void> {
      await db.insert(certificateStatusChanges).values(values);
    },
  };
}
