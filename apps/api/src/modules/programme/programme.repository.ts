import { type Executor, schema } from '@ccmm/db';
import { AUDIT_KINDS } from '@ccmm/engine';
import { and, asc, eq, inArray } from 'drizzle-orm';

const { assessments, certificates } = schema;

/** What an organization's audit programme is made of: its certificates and its audits. */
export function createProgrammeRepository(db: Executor) {
  return {
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

    /** The organization's audits (certification and surveillance), any status. */
    audits(organizationId: string) {
      return db
        .select({
          id: assessments.id,
          kind: assessments.kind,
          status: assessments.status,
          assessedOn: assessments.assessedOn,
          standardRef: assessments.standardRef,
        })
        .from(assessments)
        .where(
          and(eq(assessments.organizationId, organizationId), inArray(assessments.kind, [...AUDIT_KINDS])),
        );
    },
  };
}
