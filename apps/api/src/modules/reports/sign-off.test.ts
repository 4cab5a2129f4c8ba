import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { ratings } from '../../../test/certification.ts';

// The report's sign-off: the lead auditor and the center's admin, each once, after submission.

let t: TestApp;
let lead: Session;
let outsider: Session;
let centerAdmin: Session;
let centerMember: Session;
let audit = '';

beforeAll(async () => {
  t = await buildTestApp();
  const seed = seeder(t);
  await seed.setupAdmin();
  lead = await seed.user('auditor');
  outsider = await seed.user('auditor');
  const organization = await seed.organization({ name: '温州客服中心' });
  centerAdmin = await seed.user('center_admin', organization.id);
  centerMember = await seed.user('center_member', organization.id);
  audit = (await seed.assessment(organization.id, 'certification', [lead.id])).id;
});
afterAll(async () => t.close());

const signOff = (who: Session) => t.http().post(`/api/assessments/${audit}/sign-off`).set(who.auth);

describe('the report sign-off', () => {
  it('waits for the audit to be submitted', async () => {
    expect((await signOff(lead).expect(409)).body.code).toBe('report.not_submitted');
  });

  it('is signed by the lead auditor and the center’s admin, each once, and shown to both', async () => {
    await t
      .http()
      .put(`/api/assessments/${audit}/scores`)
      .set(lead.auth)
      .send({ ratings: ratings(10, 10) })
      .expect(200);
    await t.http().post(`/api/assessments/${audit}/submit`).set(lead.auth).expect(200);
    expect((await signOff(outsider)).status).toBe(404);
    expect((await signOff(centerMember)).status).toBe(403);
    const first = await signOff(lead).expect(201);
    expect(first.body).toEqual([expect.objectContaining({ party: 'lead_auditor', userId: lead.id })]);
    expect((await signOff(lead).expect(409)).body.code).toBe('report.already_signed');
    await signOff(centerAdmin).expect(201);
    const listed = await t
      .http()
      .get(`/api/assessments/${audit}/sign-offs`)
      .set(centerMember.auth)
      .expect(200);
    expect(listed.body.map((s: { party: string }) => s.party)).toEqual(['lead_auditor', 'center']);
  });
});
