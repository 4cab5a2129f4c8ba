import { type Executor, schema } from '@ccmm/db';
import { AUDIT_KINDS, type CertificateRenewal } from '@ccmm/engine';
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';

const { assessments, certificateRevisions, certificates, decisions, organizations } = schema;

/** What an organization's audit programme is made of: its certificates and its audits. */
export function createProgrammeRepository(db: Executor) {
  /** The audits (certification and surveillance) of these organizations, any status. */
  function auditsOf(organizationIds: readonly string[]) {
    if (organizationIds.length === 0) return Promise.resolve([]);
    return db
      .select({
        id: assessments.id,
        organizationId: assessments.organizationId,
        kind: assessments.kind,
        status: assessments.status,
        assessedOn: assessments.assessedOn,
        standardRef: assessments.standardRef,
      })
      .from(assessments)
      .where(
        and(
          inArray(assessments.organizationId, [...organizationIds]),
          inArray(assessments.kind, [...AUDIT_KINDS]),
        ),
      );
  }

  /** The renewals of these certificates (each opens a term), oldest first. */
  async function renewalsOf(numbers: readonly string[]): Promise<Map<string, CertificateRenewal[]>> {
    const byNumber = new Map<string, CertificateRenewal[]>();
    if (numbers.length === 0) return byNumber;
    const rows = await db
      .select({
        number: certificateRevisions.certificateNumber,
        assessmentId: decisions.assessmentId,
        renewedOn: certificateRevisions.effectiveOn,
        level: certificateRevisions.level,
        expiresOn: certificateRevisions.expiresOn,
        surveillanceDue: certificateRevisions.surveillanceDue,
      })
      .from(certificateRevisions)
      .innerJoin(decisions, eq(decisions.id, certificateRevisions.decisionId))
      .where(
        and(
          inArray(certificateRevisions.certificateNumber, [...numbers]),
          eq(certificateRevisions.event, 'renewed'),
          isNotNull(certificateRevisions.expiresOn),
        ),
      )
      .orderBy(asc(certificateRevisions.revision));
    for (const { number, expiresOn, surveillanceDue, ...renewal } of rows) {
      const list = byNumber.get(number) ?? [];
      list.push({ ...renewal, expiresOn: expiresOn ?? '', surveillanceDue: surveillanceDue ?? [] });
      byNumber.set(number, list);
    }
    return byNumber;
  }

  return {
    auditsOf,
    renewalsOf,

    /** The organization's certificates, oldest first: each opened a cycle, and each renewal another. */
    certificates(organizationId: string) {
      return db
        .select({
          number: certificates.number,
          assessmentId: certificates.assessmentId,
          standardRef: certificates.standardRef,
          level: certificates.level,
          issuedOn: certificates.issuedOn,
          expiresOn: certificates.expiresOn,
          surveillanceDue: certificates.surveillanceDue,
        })
        .from(certificates)
        .where(eq(certificates.organizationId, organizationId))
        .orderBy(asc(certificates.issuedOn), asc(certificates.number));
    },

    /**
     * Every certificate whose latest revision is active or suspended, with its organization's
     * name and, when suspended, the suspension's deadline (whether it is past its expiry depends
     * on its renewals: see the use case).
     */
    standing() {
      const latest = db
        .selectDistinctOn([certificateRevisions.certificateNumber], {
          number: certificateRevisions.certificateNumber,
          status: certificateRevisions.status,
          until: certificateRevisions.until,
        })
        .from(certificateRevisions)
        .orderBy(certificateRevisions.certificateNumber, sql`${certificateRevisions.revision} desc`)
        .as('latest');
      return db
        .select({
          number: certificates.number,
          organizationId: certificates.organizationId,
          organizationName: organizations.name,
          assessmentId: certificates.assessmentId,
          standardRef: certificates.standardRef,
          level: certificates.level,
          issuedOn: certificates.issuedOn,
          expiresOn: certificates.expiresOn,
          surveillanceDue: certificates.surveillanceDue,
          status: latest.status,
          until: latest.until,
        })
        .from(certificates)
        .innerJoin(latest, eq(latest.number, certificates.number))
        .innerJoin(organizations, eq(organizations.id, certificates.organizationId))
        .where(inArray(latest.status, ['active', 'suspended']));
    },

    /** The organization's audits (certification and surveillance), any status. */
    audits(organizationId: string) {
      return auditsOf([organizationId]);
    },
  };
}
