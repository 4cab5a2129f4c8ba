import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { ratings } from '../../../test/certification.ts';

// Audit integrity: an audit in progress is the team's. The audited center sees none of its
// ratings, notes, evidence or running total until it is submitted, and an auditor's view of
// the eligibility carries no suggestions to raise ratings.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let auditor: Session;
let centerAdmin: Session;
let organizationId: string;
let auditId: string;

// Every clause at 10/5 except a few at 5/5: L1 reached, L2 within a few changes.
const rated = ratings(10, 5).map((r) => (r.clause <= 20 ? { ...r, c: 5 } : r));

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  organizationId = (await seed.organization({ name: '受审中心' })).id;
  auditor = await seed.user('auditor');
  centerAdmin = await seed.user('center_admin', organizationId);
  auditId = (await seed.assessment(organizationId, 'certification', [auditor.id])).id;
  await t
    .http()
    .put(`/api/assessments/${auditId}/scores`)
    .set(auditor.auth)
    .send({ ratings: rated.map((r) => (r.clause === 1 ? { ...r, note: '现场照片显示未张贴' } : r)) })
    .expect(200);
  await t
    .http()
    .post(`/api/assessments/${auditId}/evidence/notes`)
    .set(auditor.auth)
    .send({ kind: 'note', clauses: [1], text: '审核员笔记' })
    .expect(201);
});
afterAll(async () => t.close());

const sealedPaths = [
  '/scores',
  '/scores.csv',
  '/scores.xlsx',
  '/eligibility',
  '/trail',
  '/trail/verify',
  '/evidence',
  '/report/pdf',
  '/action-plan',
];

describe('the audited center and an audit in progress', () => {
  it('refuses the center every rating, note, piece of evidence and total of the audit with assessment.sealed', async () => {
    for (const path of sealedPaths) {
      const res = await t.http().get(`/api/assessments/${auditId}${path}`).set(centerAdmin.auth);
      expect(res.status, path).toBe(403);
      expect(res.body.code, path).toBe('assessment.sealed');
    }
    // The audit itself is no secret: the center knows it is being audited.
    await t.http().get(`/api/assessments/${auditId}`).set(centerAdmin.auth).expect(200);
  });

  it('leaves the audit out of the center’s trend chart while the body sees its partial total', async () => {
    const trend = (s: Session) =>
      t.http().get(`/api/benchmarks/trend?organizationId=${organizationId}`).set(s.auth).expect(200);
    const ofCenter = (await trend(centerAdmin)).body.points.map(
      (p: { assessmentId: string }) => p.assessmentId,
    );
    const ofBody = (await trend(admin)).body.points.map((p: { assessmentId: string }) => p.assessmentId);
    expect(ofCenter).not.toContain(auditId);
    expect(ofBody).toContain(auditId);
  });

  it('opens all of it to the center once the audit is submitted', async () => {
    const complete = await t.http().post(`/api/assessments/${auditId}/submit`).set(auditor.auth);
    expect(complete.status).toBe(200);
    for (const path of sealedPaths) {
      const res = await t.http().get(`/api/assessments/${auditId}${path}`).set(centerAdmin.auth);
      expect(res.status, path).toBe(200);
    }
    const scores = await t.http().get(`/api/assessments/${auditId}/scores`).set(centerAdmin.auth).expect(200);
    expect(scores.body.ratings.find((r: { clause: number }) => r.clause === 1).note).toBe(
      '现场照片显示未张贴',
    );
    const trend = await t
      .http()
      .get(`/api/benchmarks/trend?organizationId=${organizationId}`)
      .set(centerAdmin.auth)
      .expect(200);
    expect(trend.body.points.map((p: { assessmentId: string }) => p.assessmentId)).toContain(auditId);
  });
});

describe('the eligibility an auditor reads on an audit', () => {
  it('carries the gap as it stands but no suggested changes, while the body still sees them', async () => {
    const audit = await seed.assessment(organizationId, 'certification', [auditor.id]);
    await t
      .http()
      .put(`/api/assessments/${audit.id}/scores`)
      .set(auditor.auth)
      .send({ ratings: rated })
      .expect(200);
    const ofAuditor = await t
      .http()
      .get(`/api/assessments/${audit.id}/eligibility`)
      .set(auditor.auth)
      .expect(200);
    const ofBody = await t.http().get(`/api/assessments/${audit.id}/eligibility`).set(admin.auth).expect(200);
    expect(ofBody.body.gap.changes.length).toBeGreaterThan(0);
    expect(ofAuditor.body.gap.changes).toEqual([]);
    expect(ofAuditor.body.gap.needs).toEqual(ofBody.body.gap.needs);
    expect(ofAuditor.body.level).toBe(ofBody.body.level);
    expect(ofAuditor.body.gap.totalAfterChanges).toBe(ofAuditor.body.total);
  });

  it('keeps the suggestions of a self-assessment for the center', async () => {
    const self = await seed.assessment(organizationId, 'self');
    await t
      .http()
      .put(`/api/assessments/${self.id}/scores`)
      .set(centerAdmin.auth)
      .send({ ratings: rated })
      .expect(200);
    const res = await t
      .http()
      .get(`/api/assessments/${self.id}/eligibility`)
      .set(centerAdmin.auth)
      .expect(200);
    expect(res.body.gap.changes.length).toBeGreaterThan(0);
  });
});
