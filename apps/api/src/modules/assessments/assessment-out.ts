import type { AssessmentView } from './assessments.repository.ts';

/** An assessment as every route answers it (the `assessment` schema of assessments.schemas.ts). */
export function assessmentOut(row: AssessmentView) {
  return {
    id: row.id,
    organizationId: row.organizationId,
    organizationName: row.organizationName,
    standard: row.standardRef,
    kind: row.kind,
    status: row.status,
    assessedOn: row.assessedOn,
    carriedFrom: row.carriedFrom,
    sample: row.sample,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
