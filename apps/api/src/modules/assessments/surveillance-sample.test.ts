import { sampledClauses } from '@ccmm/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { CLAUSES, certifiedAudit } from '../../../test/certification.ts';

// A surveillance audit starts from the last decided audit's ratings, carried over, and the team
// re-rates the sample the body chose.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let reviewer: Session;
let auditor: Session;

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  reviewer = await seed.user('cb_reviewer');
  auditor = await seed.user('auditor');
});
afterAll(async () => t.close());

const STANDARD = 'cc-cmm-oc@2017';
const startSurveillance = (organizationId: string, sample?: object, who: Session = admin) =>
  t
    .http()
    .post('/api/assessments')
    .set(who.auth)
    .set('Accept-Language', 'en')
    .send({ organizationId, standard: STANDARD, kind: 'surveillance', assessedOn: '2026-06-30', sample });
const detail = (id: string) => t.http().get(`/api/assessments/${id}`).set(admin.auth).expect(200);
const scores = async (id: string) =>
  (await t.http().get(`/api/assessments/${id}/scores`).set(admin.auth).expect(200)).body.ratings as {
    clause: number;
    c: number;
    f: number;
    carried: boolean;
    version: number;
  }[];
const rate = (id: string, clause: number, body: object) =>
  t.http().put(`/api/assessments/${id}/scores/${clause}`).set(auditor.auth).send(body);
const submit = (id: string) =>
  t.http().post(`/api/assessments/${id}/submit`).set(auditor.auth).set('Accept-Language', 'en');
const eligibleLevel = async (id: string): Promise<number> =>
  (await t.http().get(`/api/assessments/${id}/eligibility`).set(admin.auth).expect(200)).body.level;

/** A certified organization and a surveillance audit of it sampling domain 1.0, its auditor assigned. */
async function surveilled(sample: object | null = { domains: ['1.0'] }) {
  const organization = await seed.organization();
  const certified = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
  const res = await startSurveillance(organization.id, sample ?? undefined).expect(201);
  await t
    .http()
    .put(`/api/assessments/${res.body.id}/auditors`)
    .set(admin.auth)
    .send({ userIds: [auditor.id] });
  return { organization, certified, surveillance: res.body as { id: string; carriedFrom: string } };
}

const domain1 = () =>
  sampledClauses(t.standards.get(STANDARD)?.standard ?? fail(), { domains: ['1.0'], clauses: [] });
function fail(): never {
  throw new Error('the standard is not loaded');
}

describe('a surveillance audit', () => {
  it('carries every rating of the certified audit over, each marked carried, and keeps its sample', async () => {
    const { certified, surveillance } = await surveilled({ domains: ['1.0'], clauses: [150] });
    expect(surveillance.carriedFrom).toBe(certified.assessmentId);
    const carried = await scores(surveillance.id);
    expect(carried).toHaveLength(CLAUSES);
    expect(carried.every((r) => r.carried && r.c === 10 && r.f === 10)).toBe(true);
    const shown = await detail(surveillance.id);
    expect(shown.body).toMatchObject({
      sample: { domains: ['1.0'], clauses: [150] },
      ratedClauses: CLAUSES,
      sampledToConfirm: domain1().length + 1,
    });
  });

  it('records the carry-over in the audit trail, and the chain verifies', async () => {
    const { certified, surveillance } = await surveilled();
    const trail = (
      await t.http().get(`/api/assessments/${surveillance.id}/trail`).set(admin.auth).expect(200)
    ).body;
    expect(trail).toHaveLength(CLAUSES);
    expect(trail[0]).toMatchObject({
      seq: 1,
      actorId: admin.id,
      old: { c: null, f: null, note: null },
      new: { c: 10, f: 10 },
      carriedFrom: certified.assessmentId,
    });
    const verified = await t.http().get(`/api/assessments/${surveillance.id}/trail/verify`).set(admin.auth);
    expect(verified.body).toMatchObject({ valid: true, entries: CLAUSES });
  });

  it('is not submitted while a sampled clause is carried; clauses outside the sample may stay carried', async () => {
    const { surveillance } = await surveilled();
    const sampled = domain1();
    const refused = await submit(surveillance.id).expect(409);
    expect(refused.body).toMatchObject({ code: 'assessment.sample_unconfirmed' });
    expect(refused.body.message).toContain(` ${sampled.length} `);

    // Confirm all but the last with the same values (a change would do as well).
    const [last, ...rest] = [...sampled].reverse();
    for (const clause of rest) await rate(surveillance.id, clause, { c: 10, f: 10, version: 1 }).expect(200);
    expect((await detail(surveillance.id)).body.sampledToConfirm).toBe(1);
    expect((await submit(surveillance.id).expect(409)).body.message).toContain(' 1 ');

    await rate(surveillance.id, last ?? fail(), { c: 5, f: 10, version: 1 }).expect(200);
    expect((await detail(surveillance.id)).body.sampledToConfirm).toBe(0);
    await submit(surveillance.id).expect(200);
    const after = await scores(surveillance.id);
    expect(after.filter((r) => r.carried)).toHaveLength(CLAUSES - sampled.length);
  });

  it('clears carried on a confirmation (recorded with equal old and new values) or a change', async () => {
    const { surveillance } = await surveilled();
    const [first, second] = domain1();
    const confirmed = await rate(surveillance.id, first ?? fail(), { c: 10, f: 10, version: 1 }).expect(200);
    expect(confirmed.body).toMatchObject({ carried: false, version: 2, c: 10, f: 10 });
    const changed = await rate(surveillance.id, second ?? fail(), { c: 5, f: 5, version: 1 }).expect(200);
    expect(changed.body).toMatchObject({ carried: false, version: 2 });
    // Once confirmed, the same values again change nothing.
    await rate(surveillance.id, first ?? fail(), { c: 10, f: 10, version: 2 }).expect(200);
    const trail = (
      await t.http().get(`/api/assessments/${surveillance.id}/trail`).set(admin.auth).expect(200)
    ).body;
    expect(trail.slice(CLAUSES)).toEqual([
      expect.objectContaining({
        clause: first,
        old: { c: 10, f: 10, note: null },
        new: { c: 10, f: 10, note: null },
      }),
      expect.objectContaining({
        clause: second,
        old: { c: 10, f: 10, note: null },
        new: { c: 5, f: 5, note: null },
      }),
    ]);
    expect(trail[CLAUSES]).not.toHaveProperty('carriedFrom');
  });

  it('is eligible over carried and re-rated ratings together, and a maintain above that is refused', async () => {
    const { certified, surveillance } = await surveilled();
    expect(await eligibleLevel(surveillance.id)).toBe(certified.level);
    for (const clause of domain1())
      await rate(surveillance.id, clause, { c: 0, f: 0, version: 1 }).expect(200);
    const lowered = await eligibleLevel(surveillance.id);
    expect(lowered).toBeLessThan(certified.level);
    await submit(surveillance.id).expect(200);
    const maintain = await t
      .http()
      .post(`/api/assessments/${surveillance.id}/decision`)
      .set(reviewer.auth)
      .send({ outcome: 'maintain' })
      .expect(422);
    expect(maintain.body.code).toBe('decision.maintain_exceeds_eligibility');
  });

  it('carries from the latest decided audit: a decided surveillance after the certification', async () => {
    const { organization, surveillance } = await surveilled();
    for (const clause of domain1())
      await rate(surveillance.id, clause, { c: 10, f: 10, version: 1 }).expect(200);
    await submit(surveillance.id).expect(200);
    await t
      .http()
      .post(`/api/assessments/${surveillance.id}/decision`)
      .set(reviewer.auth)
      .send({ outcome: 'maintain' })
      .expect(201);
    const next = await startSurveillance(organization.id, { clauses: [1] }).expect(201);
    expect(next.body.carriedFrom).toBe(surveillance.id);
  });

  it('without a sample re-rates the whole standard', async () => {
    const { surveillance } = await surveilled(null);
    const shown = await detail(surveillance.id);
    expect(shown.body).toMatchObject({ sample: null, sampledToConfirm: CLAUSES });
  });
});

describe('a surveillance audit is refused', () => {
  it('with a domain or clause the standard does not have (422, naming them)', async () => {
    const organization = await seed.organization();
    await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const unknown = await startSurveillance(organization.id, {
      domains: ['1.0', '9.0'],
      clauses: [3, 999],
    }).expect(422);
    expect(unknown.body).toMatchObject({
      code: 'assessment.sample_unknown',
      domains: ['9.0'],
      clauses: [999],
    });
    const empty = await startSurveillance(organization.id, { domains: [], clauses: [] }).expect(422);
    expect(empty.body.code).toBe('assessment.sample_empty');
  });

  it('without a decided audit to carry from (422), and a sample on another kind (422)', async () => {
    const organization = await seed.organization();
    const none = await startSurveillance(organization.id, { domains: ['1.0'] }).expect(422);
    expect(none.body.code).toBe('assessment.nothing_to_carry');
    const list = await t
      .http()
      .get('/api/assessments')
      .query({ organizationId: organization.id })
      .set(admin.auth);
    expect(list.body).toEqual([]);
    const certification = await t
      .http()
      .post('/api/assessments')
      .set(admin.auth)
      .send({
        organizationId: organization.id,
        standard: STANDARD,
        kind: 'certification',
        sample: { clauses: [1] },
      })
      .expect(422);
    expect(certification.body.code).toBe('assessment.sample_not_surveillance');
  });

  it('to a center, even of its own organization', async () => {
    const organization = await seed.organization();
    await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const center = await seed.user('center_admin', organization.id);
    const refused = await startSurveillance(organization.id, { domains: ['1.0'] }, center).expect(403);
    expect(refused.body.code).toBe('assessment.kind_not_allowed');
  });
});
