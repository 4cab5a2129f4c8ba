import { type Executor, schema } from '@ccmm/db';
import { AUDIT_KINDS } from '@ccmm/engine';
import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';

const { assessments, certificateRevisions, certificates, organizations } = schema;

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

  return {
    auditsOf,

    /** The organization's certificates, oldest first: each opened a cycle. */
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
     * Every certificate in force on `today` (its latest revision active or suspended, not past its
     * expiry), with its organization's name and, when suspended, the suspension's deadline.
     */
    inForce(today: string) {
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
          issuedOn: certificates.issuedOn,
          expiresOn: certificates.expiresOn,
          surveillanceDue: certificates.surveillanceDue,
          status: latest.status,
          until: latest.until,
        })
        .from(certificates)
        .innerJoin(latest, eq(latest.number, certificates.number))
        .innerJoin(organizations, eq(organizations.id, certificates.organizationId))
        .where(and(inArray(latest.status, ['active', 'suspended']), gte(certificates.expiresOn, today)));
    },

    /** The organization's audits (certification and surveillance), any status. */
    audits(organizationId: string) {
      return auditsOf([organizationId]);
    },
  };
}
