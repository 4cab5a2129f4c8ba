import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { ratings } from '../../../test/certification.ts';

// Operating years decide L3–L5, so the date they count from is the certification body's to
// set, every change is on record, and a submitted audit keeps the date it was submitted with.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
});
afterAll(async () => t.close());

const operatingYears = async (id: string) =>
  (await t.http().get(`/api/assessments/${id}/eligibility`).set(admin.auth).expect(200)).body.operatingYears;

describe('who sets the operating start date', () => {
  it('refuses a center admin back-dating its own operatingSince, and changes nothing', async () => {
    const org = await seed.organization({ operatingSince: '2015-06-01' });
    const centerAdmin = await seed.user('center_admin', org.id);
    const refused = await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(centerAdmin.auth)
      .send({ operatingSince: '1990-01-01', region: '华东' })
      .expect(403);
    expect(refused.body.code).toBe('organization.field_reserved');
    expect(refused.body.message).toContain('operatingSince');
    const stored = (await t.http().get(`/api/organizations/${org.id}`).set(admin.auth).expect(200)).body;
    expect(stored.operatingSince).toBe('2015-06-01');
    expect(stored.region).toBeNull();
  });

  it('lets the center admin change the rest of its record, and the body change the date', async () => {
    const org = await seed.organization({ operatingSince: '2015-06-01' });
    const centerAdmin = await seed.user('center_admin', org.id);
    await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(centerAdmin.auth)
      .send({ seats: 320 })
      .expect(200);
    const changed = await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(admin.auth)
      .send({ operatingSince: '2014-01-01' })
      .expect(200);
    expect(changed.body).toMatchObject({ operatingSince: '2014-01-01', seats: 320 });
  });
});

describe('every change is on record', () => {
  it('lists who changed which field from what to what, newest first, to the body and the center admin', async () => {
    const org = await seed.organization({ operatingSince: '2015-06-01', region: '华东' });
    const centerAdmin = await seed.user('center_admin', org.id);
    await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(centerAdmin.auth)
      .send({ region: '华南', seats: 80 });
    await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(admin.auth)
      .send({ operatingSince: '2016-01-01' });
    // Sending the values it already has changes nothing and records nothing.
    await t.http().patch(`/api/organizations/${org.id}`).set(admin.auth).send({ region: '华南' }).expect(200);
    const history = (
      await t.http().get(`/api/organizations/${org.id}/changes`).set(centerAdmin.auth).expect(200)
    ).body;
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({
      changedBy: { id: admin.id },
      changes: { operatingSince: { from: '2015-06-01', to: '2016-01-01' } },
    });
    expect(history[1]).toMatchObject({
      changedBy: { id: centerAdmin.id },
      changes: { region: { from: '华东', to: '华南' }, seats: { from: null, to: 80 } },
    });
  });

  it('keeps the history from other centers and from consultants', async () => {
    const org = await seed.organization();
    const other = await seed.organization();
    const otherAdmin = await seed.user('center_admin', other.id);
    await t.http().get(`/api/organizations/${org.id}/changes`).set(otherAdmin.auth).expect(404);
    const consultant = await seed.user('consultant');
    await t.http().get(`/api/organizations/${org.id}/changes`).set(consultant.auth).expect(403);
  });
});

describe('a submitted audit keeps its operating years', () => {
  it('freezes the date at submission: a later change moves an open assessment, not a submitted one', async () => {
    const org = await seed.organization({ operatingSince: '2020-01-01' });
    const auditor = await seed.user('auditor');
    const submitted = await seed.assessment(org.id, 'certification', [auditor.id]);
    await t
      .http()
      .put(`/api/assessments/${submitted.id}/scores`)
      .set(auditor.auth)
      .send({ ratings: ratings(10, 10) })
      .expect(200);
    await t.http().post(`/api/assessments/${submitted.id}/submit`).set(auditor.auth).expect(200);
    const open = await seed.assessment(org.id, 'certification', [auditor.id]);
    // assessedOn is 2026-06-30: six full years from 2020-01-01.
    expect(await operatingYears(submitted.id)).toBe(6);
    expect(await operatingYears(open.id)).toBe(6);

    await t
      .http()
      .patch(`/api/organizations/${org.id}`)
      .set(admin.auth)
      .send({ operatingSince: '2010-01-01' })
      .expect(200);
    expect(await operatingYears(submitted.id)).toBe(6);
    expect(await operatingYears(open.id)).toBe(16);
  });
});
