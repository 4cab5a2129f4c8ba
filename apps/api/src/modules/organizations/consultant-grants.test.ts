import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';

// A center's admin lets a consultant see its data, naming the consultant by id (integrations)
// or by the e-mail they sign in with (people: a center knows its consultant's e-mail, not an id).

let t: TestApp;
let seed: ReturnType<typeof seeder>;
beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  await seed.setupAdmin();
});
afterAll(async () => t.close());

const emailOf = async (session: Session): Promise<string> =>
  (await t.http().get('/api/me').set(session.auth).expect(200)).body.email;

describe('granting a consultant access', () => {
  it('by e-mail in any case: the consultant then sees the organization; revoked, no longer', async () => {
    const org = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const consultant = await seed.user('consultant');
    await t.http().get(`/api/organizations/${org.id}`).set(consultant.auth).expect(404);
    const granted = await t
      .http()
      .post(`/api/organizations/${org.id}/consultants`)
      .set(centerAdmin.auth)
      .send({ email: (await emailOf(consultant)).toUpperCase() })
      .expect(201);
    expect(granted.body.map((g: { consultantId: string }) => g.consultantId)).toEqual([consultant.id]);
    await t.http().get(`/api/organizations/${org.id}`).set(consultant.auth).expect(200);
    await t
      .http()
      .delete(`/api/organizations/${org.id}/consultants/${consultant.id}`)
      .set(centerAdmin.auth)
      .expect(204);
    await t.http().get(`/api/organizations/${org.id}`).set(consultant.auth).expect(404);
  });

  it('refuses an unknown e-mail, a user who is not a consultant, and a body naming both or neither', async () => {
    const org = await seed.organization();
    const centerAdmin = await seed.user('center_admin', org.id);
    const auditor = await seed.user('auditor');
    const consultant = await seed.user('consultant');
    const post = (body: object) =>
      t.http().post(`/api/organizations/${org.id}/consultants`).set(centerAdmin.auth).send(body);
    const unknown = await post({ email: 'nobody@test.example' }).expect(400);
    expect(unknown.body).toMatchObject({ code: 'user.not_found', message: '用户不存在' });
    const notConsultant = await post({ email: await emailOf(auditor) }).expect(400);
    expect(notConsultant.body).toMatchObject({
      code: 'user.not_consultant',
      message: '该用户不是顾问',
    });
    await post({ email: 'not an e-mail' }).expect(400);
    await post({ consultantId: consultant.id, email: await emailOf(consultant) }).expect(400);
    await post({}).expect(400);
    const grants = await t
      .http()
      .get(`/api/organizations/${org.id}/consultants`)
      .set(centerAdmin.auth)
      .expect(200);
    expect(grants.body).toEqual([]);
  });
});
