import { type DecisionOutcome, type Executor, rowsOf, schema } from '@ccmm/db';
import { type CertificateRenewal, currentTerm } from '@ccmm/engine';
import { and, asc, desc, eq, getTableColumns, gte, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import { contains, type Page, paged, totalOver } from '../../paging.ts';
import { assessmentScope, withScope } from '../../tenancy.ts';
import { type CertificateStatus, certificateStatus } from './certificate-status.ts';

const { assessments, certificates, certificateRevisions, decisions, organizations, users } = schema;

export type CertificateRow = typeof certificates.$inferSelect;
export type NewCertificate = Omit<typeof certificates.$inferInsert, 'createdAt'>;

/** One signed revision of a certificate, with the name of who decided it (null: the job). */
export type RevisionRow = typeof certificateRevisions.$inferSelect;
export interface Revision extends RevisionRow {
  readonly decidedByName: string | null;
  /** The audit of the decision that made the change, if any. */
  readonly assessmentId: string | null;
}

/** The renewals among a certificate's revisions (each opens a new term). */
export function renewalsOf(revisions: readonly Revision[]): CertificateRenewal[] {
  return revisions.flatMap((r) =>
    r.event === 'renewed' && r.expiresOn && r.assessmentId
      ? [
          {
            assessmentId: r.assessmentId,
            renewedOn: r.effectiveOn,
            level: r.level,
            expiresOn: r.expiresOn,
            surveillanceDue: r.surveillanceDue ?? [],
          },
        ]
      : [],
  );
}

/**
 * A certificate with its revisions: `level` is the current level (the latest revision's),
 * `issuedLevel` the level it was issued and signed at; `expiresOn` and `surveillanceDue` those of
 * the term in force (the latest renewal's, else as issued), `validFrom` the day that term began,
 * `issuedExpiresOn` the expiry it was issued and signed with; `status` its status on the day asked.
 */
export interface CertificateView extends CertificateRow {
  readonly issuedLevel: number;
  readonly issuedExpiresOn: string;
  readonly validFrom: string;
  readonly status: CertificateStatus;
  readonly revision: number;
  readonly revisions: readonly Revision[];
  readonly supersededBy: string | null;
}

/**
 * A certificate's status on `today` in SQL, as certificateStatus computes it from the rows (the
 * list filters by it on the server): the latest revision's status, withdrawn and superseded
 * final, expired past the end of the term in force (the latest renewal's expiry, else the
 * issued one). certificates.test.ts holds it equal to certificateStatus on every certificate.
 * Served by certificate_revisions_number_revision.
 */
export function statusOn(today: string): SQL<CertificateStatus> {
  const latest = sql`(select r.status::text from ${certificateRevisions} r
    where r.certificate_number = ${certificates.number}
    order by r.revision desc limit 1)`;
  const termEnds = sql`coalesce((select r.expires_on from ${certificateRevisions} r
    join ${decisions} d on d.id = r.decision_id
    where r.certificate_number = ${certificates.number} and r.event = 'renewed' and r.expires_on is not null
    order by r.effective_on desc, r.revision desc limit 1), ${certificates.expiresOn})`;
  return sql<CertificateStatus>`(case
    when ${latest} in ('withdrawn', 'superseded') then ${latest}
    when ${today}::date > ${termEnds} then 'expired'
    else coalesce(${latest}, 'active') end)`;
}

export function createCertificatesRepository(db: Executor) {
  async function revisionsOf(numbers: readonly string[]): Promise<Map<string, Revision[]>> {
    const byNumber = new Map<string, Revision[]>();
    if (numbers.length === 0) return byNumber;
    const rows = await db
      .select({
        revision: certificateRevisions,
        decidedByName: users.name,
        assessmentId: decisions.assessmentId,
      })
      .from(certificateRevisions)
      .leftJoin(users, eq(users.id, certificateRevisions.decidedBy))
      .leftJoin(decisions, eq(decisions.id, certificateRevisions.decisionId))
      .where(inArray(certificateRevisions.certificateNumber, [...numbers]))
      .orderBy(asc(certificateRevisions.certificateNumber), asc(certificateRevisions.revision));
    for (const { revision, decidedByName, assessmentId } of rows) {
      const list = byNumber.get(revision.certificateNumber) ?? [];
      list.push({ ...revision, decidedByName, assessmentId });
      byNumber.set(revision.certificateNumber, list);
    }
    return byNumber;
  }

  async function withStatus(rows: readonly CertificateRow[], today: string): Promise<CertificateView[]> {
    const all = await revisionsOf(rows.map((r) => r.number));
    return rows.map((row) => {
      const revisions = all.get(row.number) ?? [];
      const latest = revisions.at(-1);
      const term = currentTerm(row, renewalsOf(revisions));
      return {
        ...row,
        issuedLevel: row.level,
        issuedExpiresOn: row.expiresOn,
        validFrom: term.issuedOn,
        expiresOn: term.expiresOn,
        surveillanceDue: [...term.surveillanceDue],
        level: latest?.level ?? row.level,
        revision: latest?.revision ?? 0,
        revisions,
        supersededBy: latest?.status === 'superseded' ? latest.supersededBy : null,
        status: certificateStatus({ expiresOn: term.expiresOn, latest: latest ?? null }, today),
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

    /**
     * The certificates the actor may see (those of the assessments the actor may see), newest
     * first, a page at a time, with how many in all.
     */
    async list(
      actor: Actor,
      today: string,
      filter: {
        organizationId?: string | undefined;
        q?: string | undefined;
        status?: readonly CertificateStatus[] | undefined;
      } & Page = {},
    ): Promise<{ rows: CertificateView[]; total: number }> {
      const where = withScope(
        and(
          filter.organizationId ? eq(certificates.organizationId, filter.organizationId) : undefined,
          filter.q
            ? or(contains(certificates.organizationName, filter.q), contains(certificates.number, filter.q))
            : undefined,
          filter.status ? inArray(statusOn(today), [...filter.status]) : undefined,
        ),
        assessmentScope(actor),
      );
      // The list never reads the frozen ratings (the snapshot): only a certificate's own
      // route and the public verification check them against the signed hash.
      const { snapshot: _snapshot, ...listed } = getTableColumns(certificates);
      const from = () =>
        db
          .select({ certificate: listed, total: totalOver() })
          .from(certificates)
          .innerJoin(assessments, eq(assessments.id, certificates.assessmentId));
      const { rows, total } = await paged(
        filter,
        (limit, offset) => {
          const query = from()
            .where(where)
            .orderBy(desc(certificates.year), desc(certificates.sequence))
            .offset(offset);
          return limit === undefined ? query : query.limit(limit);
        },
        async () =>
          (
            await db
              .select({ n: sql<number>`count(*)::int` })
              .from(certificates)
              .innerJoin(assessments, eq(assessments.id, certificates.assessmentId))
              .where(where)
          )[0]?.n ?? 0,
      );
      return {
        rows: await withStatus(
          rows.map((r) => ({ ...r.certificate, snapshot: null })),
          today,
        ),
        total,
      };
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

    /** The certificates issued, or renewed, on the audit. */
    ofAssessment(assessmentId: string, today: string) {
      const renewed = db
        .select({ number: certificateRevisions.certificateNumber })
        .from(certificateRevisions)
        .innerJoin(decisions, eq(decisions.id, certificateRevisions.decisionId))
        .where(and(eq(certificateRevisions.event, 'renewed'), eq(decisions.assessmentId, assessmentId)));
      return select(
        or(eq(certificates.assessmentId, assessmentId), inArray(certificates.number, renewed)),
        today,
      );
    },

    ofOrganization(organizationId: string, today: string) {
      return select(eq(certificates.organizationId, organizationId), today);
    },

    /** The organization's certificate in force (active or suspended) on the standard on `day`, if any. */
    async current(organizationId: string, standardRef: string, day: string) {
      return (await select(eq(certificates.organizationId, organizationId), day)).find(
        (c) => c.standardRef === standardRef && (c.status === 'active' || c.status === 'suspended'),
      );
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

    /** Locks a certificate's row for the transaction: its revisions are appended one at a time. */
    async lock(number: string): Promise<CertificateRow | undefined> {
      const [row] = await db.select().from(certificates).where(eq(certificates.number, number)).for('update');
      return row;
    },

    async latestRevision(number: string): Promise<RevisionRow | undefined> {
      const [row] = await db
        .select()
        .from(certificateRevisions)
        .where(eq(certificateRevisions.certificateNumber, number))
        .orderBy(desc(certificateRevisions.revision))
        .limit(1);
      return row;
    },

    async insertRevision(values: Omit<typeof certificateRevisions.$inferInsert, 'id' | 'recordedAt'>) {
      const [row] = await db.insert(certificateRevisions).values(values).returning();
      if (!row) throw new Error('insert returned nothing');
      return row;
    },

    /** Revisions migrated from the status changes before revisions existed, not yet signed. */
    unsignedRevisions() {
      return db
        .select({ revision: certificateRevisions, certificate: certificates })
        .from(certificateRevisions)
        .innerJoin(certificates, eq(certificates.number, certificateRevisions.certificateNumber))
        .where(isNull(certificateRevisions.signature))
        .orderBy(asc(certificateRevisions.id));
    },

    /** Signs a migrated revision once (the only write to a revision: it had no signature). */
    async signRevision(id: number, signature: string, keyId: string): Promise<void> {
      await db
        .update(certificateRevisions)
        .set({ signature, keyId })
        .where(and(eq(certificateRevisions.id, id), isNull(certificateRevisions.signature)));
    },

    /** Every certificate with its status (for the scheduled job). */
    all(today: string) {
      return select(undefined, today);
    },

    /**
     * Whether a surveillance audit of the organization on the standard was decided, with one of
     * `outcomes`, on or after `since`.
     */
    async surveillanceDecidedSince(
      organizationId: string,
      standardRef: string,
      since: string,
      outcomes: readonly DecisionOutcome[],
    ): Promise<boolean> {
      const [row] = await db
        .select({ id: decisions.id })
        .from(decisions)
        .innerJoin(assessments, eq(assessments.id, decisions.assessmentId))
        .where(
          and(
            eq(assessments.organizationId, organizationId),
            eq(assessments.standardRef, standardRef),
            eq(assessments.kind, 'surveillance'),
            inArray(decisions.outcome, [...outcomes]),
            gte(decisions.decidedOn, since),
          ),
        )
        .limit(1);
      return row !== undefined;
    },

    /** Whether the certificate has a revision with the reason code, effective on or after `since`. */
    async hasRevisionSince(number: string, reasonCode: string, since: string): Promise<boolean> {
      const [row] = await db
        .select({ id: certificateRevisions.id })
        .from(certificateRevisions)
        .where(
          and(
            eq(certificateRevisions.certificateNumber, number),
            eq(certificateRevisions.reasonCode, reasonCode),
            gte(certificateRevisions.effectiveOn, since),
          ),
        )
        .limit(1);
      return row !== undefined;
    },

    /** Takes the scheduled job's lock for the transaction; false when another process holds it. */
    async tryJobLock(): Promise<boolean> {
      const rows = rowsOf<{ locked: boolean }>(
        await db.execute(sql`select pg_try_advisory_xact_lock(hashtext('ccmm.certificate_jobs')) as locked`),
      );
      return rows[0]?.locked === true;
    },
  };
}
