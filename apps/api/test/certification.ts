import type { Session, seeder, TestApp } from './app.ts';

// Audits ready for a decision, through the API as the auditors and reviewers use it.

export const CLAUSES = 168;

/** Every clause rated c/f, except the clauses in `lower` rated 0/0. */
export function ratings(c: 0 | 5 | 10, f: 0 | 5 | 10, lower: readonly number[] = []) {
  return Array.from({ length: CLAUSES }, (_, i) =>
    lower.includes(i + 1) ? { clause: i + 1, c: 0, f: 0 } : { clause: i + 1, c, f },
  );
}

/** A certification audit of the organization by `auditor`, rated with `rated` and submitted. */
export async function submittedAudit(
  t: TestApp,
  seed: ReturnType<typeof seeder>,
  organizationId: string,
  auditor: Session,
  rated = ratings(10, 10),
  kind: 'certification' | 'surveillance' | 'self' = 'certification',
): Promise<string> {
  const { id } = await seed.assessment(organizationId, kind, kind === 'self' ? [] : [auditor.id]);
  await t.http().put(`/api/assessments/${id}/scores`).set(auditor.auth).send({ ratings: rated }).expect(200);
  await t.http().post(`/api/assessments/${id}/submit`).set(auditor.auth).expect(200);
  return id;
}

/** A submitted audit certified at its eligible level; the certificate's number. */
export async function certifiedAudit(
  t: TestApp,
  seed: ReturnType<typeof seeder>,
  organizationId: string,
  auditor: Session,
  reviewer: Session,
): Promise<{ assessmentId: string; number: string; level: number }> {
  const assessmentId = await submittedAudit(t, seed, organizationId, auditor);
  const eligibility = await t
    .http()
    .get(`/api/assessments/${assessmentId}/eligibility`)
    .set(reviewer.auth)
    .expect(200);
  const level: number = eligibility.body.level;
  const res = await t
    .http()
    .post(`/api/assessments/${assessmentId}/decision`)
    .set(reviewer.auth)
    .send({ outcome: 'certify', level, scope: '呼入客户服务' })
    .expect(201);
  return { assessmentId, number: res.body.certificate.number, level };
}
