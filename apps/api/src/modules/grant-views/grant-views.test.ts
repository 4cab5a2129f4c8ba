import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';
import { fixtures, ratingsFor } from '../benchmarks/benchmarks.fixtures.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let f: ReturnType<typeof fixtures>;
let admin: Session;
let consultant: Session;
let own: string;
let other: string;
let auditId: string;
let evidenceId: string;
let certificateNumber: string;

const get = (session: Session, path: string) => t.http().get(path).set(session.auth);
const listViews = (session: Session, organizationId: string) =>
  get(session, `/api/organizations/${organizationId}/grant-views`);

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  f = fixtures(t, seed);
  admin = await seed.setupAdmin();
  consultant = await seed.user('consultant');
  own = (await seed.organization({ name: '本中心' })).id;
  other = (await seed.organization({ name: '他中心' })).id;
  // Left open until its evidence is uploaded below.
  auditId = await f.assessment(own, 'certification', '2025-05-01', ratingsFor(1), { submit: false });
  const upload = await t
    .http()
    .post(`/api/assessments/${auditId}/evidence`)
    .set((await f.auditorOf()).auth)
    .field('clauses', '1')
    .attach('file', Buffer.from('培训记录\n'), { filename: 'notes.txt', contentType: 'text/plain' })
    .expect(201);
  evidenceId = upload.body.id;
  // Submitted: an audit in progress is sealed from the center and its consultants.
  await t
    .http()
    .post(`/api/assessments/${auditId}/submit`)
    .set((await f.auditorOf()).auth)
    .expect(200);
  certificateNumber = (
    await certifiedAudit(t, seed, own, await seed.user('auditor'), await seed.user('cb_reviewer'))
  ).number;
  await f.grant(own, consultant);
  await f.grant(other, consultant);
});
afterAll(async () => t.close());

describe('consultants’ views through a grant', () => {
  it('are recorded once per read of every route that returns the organization’s data', async () => {
    const reads: [string, string][] = [
      [`/api/organizations/${own}`, 'organizations.read'],
      [`/api/assessments?organizationId=${own}`, 'assessments.list'],
      [`/api/assessments/${auditId}`, 'assessments.read'],
      [`/api/assessments/${auditId}/eligibility`, 'assessments.eligibility'],
      [`/api/assessments/${auditId}/scores`, 'ratings.read'],
      [`/api/assessments/${auditId}/scores.csv`, 'ratings.csv'],
      [`/api/assessments/${auditId}/scores.xlsx`, 'ratings.xlsx'],
      [`/api/assessments/${auditId}/trail`, 'ratings.trail'],
      [`/api/assessments/${auditId}/trail/verify`, 'ratings.trail_verify'],
      [`/api/assessments/${auditId}/decisions`, 'decisions.list'],
      [`/api/certificates?organizationId=${own}`, 'certificates.list'],
      [`/api/certificates/${certificateNumber}`, 'certificates.read'],
      [`/api/certificates/${certificateNumber}/pdf`, 'certificates.pdf'],
      [`/api/assessments/${auditId}/evidence`, 'evidence.list'],
      [`/api/assessments/${auditId}/evidence/${evidenceId}/content`, 'evidence.download'],
      [`/api/assessments/${auditId}/report/pdf`, 'reports.pdf'],
      [`/api/benchmarks/cohort?organizationId=${own}`, 'benchmarks.cohort'],
    ];
    for (const [path, view] of reads) {
      const before = await f.views(consultant.id);
      await get(consultant, path).expect(200);
      expect((await f.views(consultant.id)).slice(before.length), path).toEqual([
        { organizationId: own, view },
      ]);
    }
    // A list across organizations: one view of each organization it returned.
    const before = await f.views(consultant.id);
    await get(consultant, '/api/assessments').expect(200);
    expect((await f.views(consultant.id)).slice(before.length)).toEqual([
      { organizationId: own, view: 'assessments.list' },
    ]);
    // The list of organizations (how a consultant finds the centers) is not a view.
    const beforeList = await f.viewCount();
    await get(consultant, '/api/organizations').expect(200);
    expect(await f.viewCount()).toBe(beforeList);
  });

  it('are recorded for a consultant reading an assessment, not for the certification body', async () => {
    const before = (await f.views(consultant.id, own)).length;
    await get(consultant, `/api/assessments/${auditId}`).expect(200);
    expect(await f.views(consultant.id, own)).toHaveLength(before + 1);
    const total = await f.viewCount();
    await get(admin, `/api/assessments/${auditId}`).expect(200);
    await get(await f.centerOf(own), `/api/assessments/${auditId}`).expect(200);
    expect(await f.viewCount()).toBe(total);
    // Refused reads record nothing; after revocation there is nothing to read through.
    await get(consultant, `/api/organizations/${other}/consultants`).expect(403);
    expect(await f.viewCount()).toBe(total);
  });

  it('are listed, newest first, to the center’s admin for its own organization only', async () => {
    await get(consultant, `/api/benchmarks/trend?organizationId=${other}`).expect(200);
    await get(consultant, `/api/organizations/${own}`).expect(200);
    const centerAdmin = await f.centerOf(own);
    const res = await listViews(centerAdmin, own).expect(200);
    expect(res.body[0]).toMatchObject({
      consultant: { id: consultant.id, email: expect.stringContaining('@'), name: expect.any(String) },
      view: 'organizations.read',
    });
    const recorded = await f.views(consultant.id, own);
    expect(res.body.map((v: { view: string }) => v.view)).toEqual(recorded.map((v) => v.view).reverse());
    const times = res.body.map((v: { viewedAt: string }) => Date.parse(v.viewedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    // The other organization's views are not among them.
    expect(res.body.map((v: { view: string }) => v.view)).not.toContain('benchmarks.trend');
    const theirs = await listViews(await f.centerOf(other), other).expect(200);
    expect(theirs.body.map((v: { view: string }) => v.view)).toContain('benchmarks.trend');

    expect((await listViews(centerAdmin, other).expect(404)).body.code).toBe('organization.not_found');
    await listViews(admin, own).expect(200);
    await listViews(await seed.user('cb_reviewer'), own).expect(200);
    await listViews(await seed.user('center_member', own), own).expect(403);
    await listViews(consultant, own).expect(403);
    await listViews(await f.auditorOf(), own).expect(403);
    await t.http().get(`/api/organizations/${own}/grant-views`).expect(401);
  });

  it('stop with the grant: a revoked consultant reads nothing and nothing more is recorded', async () => {
    const consultant2 = await seed.user('consultant');
    await f.grant(own, consultant2);
    await get(consultant2, `/api/assessments/${auditId}`).expect(200);
    await f.revoke(own, consultant2);
    await get(consultant2, `/api/assessments/${auditId}`).expect(404);
    expect(await f.views(consultant2.id)).toEqual([{ organizationId: own, view: 'assessments.read' }]);
  });
});
