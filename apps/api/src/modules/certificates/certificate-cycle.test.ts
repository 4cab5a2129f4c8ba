import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { submittedAudit } from '../../../test/certification.ts';
import { addDays, addMonths, addYears, clock } from '../../clock.ts';
import { runCertificateJobs } from './certificate-jobs.ts';
import { certificateSigner } from './certificate-signing.ts';

// The certification cycle on one certificate (issue 12): surveillance outcomes as signed
// revisions of the same certificate, suspensions lifted only by a decision, the scheduled job
// (overdue surveillance, suspensions past their deadline), renewal by a recertification under the
// same number, and supersession of a second current certificate.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let reviewer: Session;
let auditor: Session;
let today = '2026-07-01';

beforeAll(async () => {
  // The job's periodic runs stay out of the way: the test runs it when the clock has moved.
  t = await buildTestApp({ CERTIFICATE_JOBS_MINUTES: '0' });
  seed = seeder(t);
  admin = await seed.setupAdmin();
  reviewer = await seed.user('cb_reviewer');
  auditor = await seed.user('auditor');
  vi.spyOn(clock, 'today').mockImplementation(() => today);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t.close();
});

const decide = (assessmentId: string, body: object) =>
  t.http().post(`/api/assessments/${assessmentId}/decision`).set(reviewer.auth).send(body);
const verify = (number: string) => t.http().get(`/api/public/certificates/${number}`);
const runJob = async () =>
  runCertificateJobs(t.database.db, await certificateSigner(t.config, t.database.db), clock.today());

async function certify(organizationId: string, level: number): Promise<string> {
  const id = await submittedAudit(t, seed, organizationId, auditor);
  const res = await decide(id, { outcome: 'certify', level, reason: '按中心申请的等级认证' }).expect(201);
  return res.body.certificate.number;
}
const surveillance = (organizationId: string) =>
  submittedAudit(t, seed, organizationId, auditor, undefined, 'surveillance');

describe('the certification cycle', () => {
  let organization: { id: string };
  let number: string;
  let issuedOn: string;

  it('certifies at L3, then a surveillance maintains the same certificate as revision 2', async () => {
    organization = await seed.organization({ name: '成都客服中心' });
    number = await certify(organization.id, 3);
    issuedOn = today;
    const issued = await verify(number).expect(200);
    expect(issued.body).toMatchObject({ status: 'active', level: 3, revision: 1, signatureValid: true });
    expect(issued.body.history).toEqual([
      { revision: 1, on: today, event: 'issued', level: 3, status: 'active' },
    ]);

    today = addMonths(issuedOn, 10);
    const audit = await surveillance(organization.id);
    const res = await decide(audit, { outcome: 'maintain' }).expect(201);
    expect(res.body.decision).toMatchObject({ outcome: 'maintain', level: 3 });
    expect(res.body.certificate).toMatchObject({ number, revision: 2, level: 3, status: 'active' });
    const page = await verify(number).expect(200);
    expect(page.body).toMatchObject({
      number,
      revision: 2,
      level: 3,
      status: 'active',
      signatureValid: true,
    });
    expect(page.body.history.map((h: { event: string }) => h.event)).toEqual(['issued', 'maintained']);
    // No second certificate for the center.
    const list = await t
      .http()
      .get(`/api/certificates?organizationId=${organization.id}`)
      .set(admin.auth)
      .expect(200);
    expect(list.body.map((c: { number: string }) => c.number)).toEqual([number]);
  });

  it('refuses a second decision on a decided surveillance audit (409): the revision stands', async () => {
    const [decided] = (
      await t.http().get(`/api/assessments?organizationId=${organization.id}`).set(admin.auth).expect(200)
    ).body.filter(
      (a: { kind: string; status: string }) => a.kind === 'surveillance' && a.status === 'decided',
    );
    const again = await decide(decided.id, { outcome: 'withdraw', reason: '重复决定' }).expect(409);
    expect(again.body.code).toBe('decision.surveillance_decided');
    const page = await verify(number).expect(200);
    expect(page.body).toMatchObject({ revision: 2, status: 'active', signatureValid: true });
  });

  it('refuses certify and a raise on a surveillance audit (422), then lowers to L2 as revision 3', async () => {
    today = addMonths(issuedOn, 11);
    const audit = await surveillance(organization.id);
    const certifying = await decide(audit, { outcome: 'certify', level: 3 });
    expect(certifying.status).toBe(422);
    expect(certifying.body.code).toBe('decision.outcome_not_for_kind');
    const raise = await decide(audit, { outcome: 'lower', level: 4, reason: '—' });
    expect(raise.status).toBe(422);
    expect(raise.body.code).toBe('decision.raise_needs_recertification');
    const same = await decide(audit, { outcome: 'lower', level: 3, reason: '—' });
    expect(same.status).toBe(422);
    expect(same.body.code).toBe('decision.level_not_lower');
    const noLevel = await decide(audit, { outcome: 'lower', reason: '—' });
    expect(noLevel.status).toBe(400);

    const lowered = await decide(audit, {
      outcome: 'lower',
      level: 2,
      reason: '质量监控流程未持续执行',
    }).expect(201);
    expect(lowered.body.certificate).toMatchObject({ number, revision: 3, level: 2, issuedLevel: 3 });
    const page = await verify(number).expect(200);
    expect(page.body).toMatchObject({ revision: 3, level: 2, status: 'active', signatureValid: true });

    // After the lowering, maintaining at a higher level than the current L2 is a raise too.
    const next = await surveillance(organization.id);
    const raiseBack = await decide(next, { outcome: 'maintain', level: 3 });
    expect(raiseBack.status).toBe(422);
    expect(raiseBack.body.code).toBe('decision.raise_needs_recertification');
  });

  it('refuses a surveillance outcome on a certification audit, and a surveillance audit with no decided audit to carry from (422)', async () => {
    const other = await seed.organization();
    const cert = await submittedAudit(t, seed, other.id, auditor);
    const wrong = await decide(cert, { outcome: 'maintain' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('decision.outcome_not_for_kind');
    // With no decided audit there are no ratings to carry over: the surveillance audit does not
    // start, so no decision can act on a certificate that is not there.
    const orphan = await t
      .http()
      .post('/api/assessments')
      .set((await seed.setupAdmin()).auth)
      .send({ organizationId: other.id, standard: 'cc-cmm-oc@2017', kind: 'surveillance' });
    expect(orphan.status).toBe(422);
    expect(orphan.body.code).toBe('assessment.nothing_to_carry');
  });

  it('suspends with a deadline at most six months away; time passing does not lift it, a reinstatement does', async () => {
    const audit = await surveillance(organization.id);
    const noDeadline = await decide(audit, { outcome: 'suspend', reason: '投诉处理超时' });
    expect(noDeadline.status).toBe(400);
    expect(noDeadline.body.code).toBe('decision.until_required');
    const tooLong = await decide(audit, {
      outcome: 'suspend',
      reason: '投诉处理超时',
      until: addDays(addMonths(today, 6), 1),
    });
    expect(tooLong.status).toBe(422);
    const until = addMonths(today, 2);
    const suspended = await decide(audit, { outcome: 'suspend', reason: '投诉处理超时', until }).expect(201);
    expect(suspended.body.certificate).toMatchObject({ number, revision: 4, status: 'suspended' });
    expect(suspended.body.decision.until).toBe(until);

    const decidedOn = today;
    today = addDays(until, 10);
    expect((await verify(number).expect(200)).body.status).toBe('suspended');
    const reinstated = await t
      .http()
      .post(`/api/certificates/${number}/reinstate`)
      .set(admin.auth)
      .send({ reason: '整改已验证有效' })
      .expect(200);
    expect(reinstated.body).toMatchObject({ status: 'active', revision: 5, signatureValid: true });
    const again = await t
      .http()
      .post(`/api/certificates/${number}/reinstate`)
      .set(admin.auth)
      .send({ reason: '—' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('certificate.not_suspended');
    expect(reinstated.body.history[3]).toMatchObject({ on: decidedOn, until, event: 'suspended' });
  });

  it('suspends a certificate whose surveillance is overdue, exactly once (job run twice)', async () => {
    const page = await t.http().get(`/api/certificates/${number}`).set(admin.auth).expect(200);
    const [, secondDue] = page.body.surveillanceDue as string[];
    expect(secondDue).toBe(addYears(issuedOn, 2));
    today = addDays(secondDue as string, 1);
    const first = await runJob();
    expect(first.ran).toBe(true);
    expect(first.suspended).toContain(number);
    const second = await runJob();
    expect(second.suspended).not.toContain(number);
    const after = await t.http().get(`/api/certificates/${number}`).set(admin.auth).expect(200);
    const overdue = after.body.history.filter(
      (h: { reasonCode: string }) => h.reasonCode === 'surveillance_overdue',
    );
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({
      event: 'suspended',
      status: 'suspended',
      until: addMonths(today, 6),
      decidedBy: null,
      signatureValid: true,
    });
    expect(after.body).toMatchObject({ status: 'suspended', revision: 6, signatureValid: true });
  });

  it('withdraws a suspension past its deadline, recorded as a revision, once', async () => {
    today = addDays(addMonths(today, 6), 1);
    const first = await runJob();
    expect(first.withdrawn).toContain(number);
    expect((await runJob()).withdrawn).not.toContain(number);
    const page = await verify(number).expect(200);
    expect(page.body).toMatchObject({ status: 'withdrawn', revision: 7, signatureValid: true });
    expect(page.body.history.at(-1)).toMatchObject({ revision: 7, event: 'withdrawn', status: 'withdrawn' });
  });

  it('supersedes the other current certificate of a center that holds two (older data) when it renews one', async () => {
    today = '2027-03-01';
    const center = await seed.organization({ name: '杭州客服中心' });
    const previous = await certify(center.id, 2);
    // Before renewals, a center could end up with two current certificates on the standard.
    const elsewhere = await seed.organization({ name: '宁波客服中心' });
    const latest = await certify(elsewhere.id, 2);
    await t.database.db.execute(
      sql`update certificates set organization_id = ${center.id} where number = ${latest}`,
    );
    today = '2027-09-01';
    const renewed = await certify(center.id, 3);
    expect(renewed).toBe(latest);
    const old = await verify(previous).expect(200);
    expect(old.body).toMatchObject({
      status: 'superseded',
      supersededBy: latest,
      revision: 2,
      signatureValid: true,
    });
    expect(old.body.history.at(-1)).toEqual({
      revision: 2,
      on: '2027-09-01',
      event: 'superseded',
      level: 2,
      status: 'superseded',
    });
    expect((await verify(latest).expect(200)).body).toMatchObject({
      status: 'active',
      supersededBy: null,
      revision: 2,
      level: 3,
    });
    // A superseded certificate's status cannot change any more.
    const change = await t
      .http()
      .post(`/api/certificates/${previous}/status`)
      .set(admin.auth)
      .send({ status: 'withdrawn', reason: '—' });
    expect(change.status).toBe(409);
    expect(change.body.code).toBe('certificate.superseded');
  });
});

describe('recertification', () => {
  let center: { id: string };
  let number: string;
  let recertification: string;
  const issuedOn = '2029-01-10';
  const renewedOn = '2031-12-01';
  /** An audit of the center held today (the programme places audits by the day they were held). */
  const heldToday = async (audit: Promise<string>) => {
    const id = await audit;
    await t.database.db.execute(sql`update assessments set assessed_on = ${today} where id = ${id}`);
    return id;
  };

  it('renews the same number: L3, maintained (2), lowered to L2 (3), recertified at L3 (4, renewed)', async () => {
    today = issuedOn;
    center = await seed.organization({ name: '重庆客服中心' });
    number = await certify(center.id, 3);
    today = '2029-11-10';
    await decide(await heldToday(surveillance(center.id)), { outcome: 'maintain' }).expect(201);
    today = '2030-10-10';
    const lowered = await decide(await heldToday(surveillance(center.id)), {
      outcome: 'lower',
      level: 2,
      reason: '质量监控流程未持续执行',
    }).expect(201);
    expect(lowered.body.certificate).toMatchObject({ number, revision: 3, level: 2 });

    today = renewedOn;
    recertification = await heldToday(submittedAudit(t, seed, center.id, auditor));
    const res = await decide(recertification, { outcome: 'certify', level: 3, reason: '再认证' }).expect(201);
    expect(res.body.certificate).toMatchObject({
      number,
      revision: 4,
      level: 3,
      issuedLevel: 3,
      status: 'active',
      issuedOn,
      expiresOn: addYears(renewedOn, 3),
      surveillanceDue: [addYears(renewedOn, 1), addYears(renewedOn, 2)],
      signatureValid: true,
    });
    expect(res.body.certificate.history.at(-1)).toMatchObject({
      revision: 4,
      event: 'renewed',
      status: 'active',
      level: 3,
      on: renewedOn,
      decidedBy: reviewer.id,
      signatureValid: true,
    });
    const page = await verify(number).expect(200);
    expect(page.body).toMatchObject({
      number,
      status: 'active',
      level: 3,
      revision: 4,
      issuedOn,
      expiresOn: addYears(renewedOn, 3),
      signatureValid: true,
      supersededBy: null,
    });
    expect(page.body.history).toEqual([
      { revision: 1, on: issuedOn, event: 'issued', level: 3, status: 'active' },
      { revision: 2, on: '2029-11-10', event: 'maintained', level: 3, status: 'active' },
      { revision: 3, on: '2030-10-10', event: 'lowered', level: 2, status: 'active' },
      { revision: 4, on: renewedOn, event: 'renewed', level: 3, status: 'active' },
    ]);
    // Still one certificate for the center.
    const list = await t
      .http()
      .get(`/api/certificates?organizationId=${center.id}`)
      .set(admin.auth)
      .expect(200);
    expect(list.body.map((c: { number: string }) => c.number)).toEqual([number]);
    // The audit that renewed it is not decided again while the certificate stands.
    const again = await decide(recertification, { outcome: 'certify', level: 3, reason: '更正' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('certification.certificate_outstanding');
  });

  it('shows two cycles under the one number in the programme, the recertification opening the second', async () => {
    const res = await t.http().get(`/api/organizations/${center.id}/programme`).set(admin.auth).expect(200);
    const cycles = res.body.cycles as {
      certificateNumber: string;
      level: number;
      issuedOn: string;
      expiresOn: string;
      audits: { kind: string; dueBy: string; status: string; assessmentId: string | null }[];
    }[];
    expect(cycles.map((c) => [c.certificateNumber, c.level, c.issuedOn, c.expiresOn])).toEqual([
      [number, 3, issuedOn, addYears(issuedOn, 3)],
      [number, 3, renewedOn, addYears(renewedOn, 3)],
    ]);
    // The initial certification opens with its stage 1; the renewed term has none.
    expect(cycles[0]?.audits.map((a) => [a.kind, a.status])).toEqual([
      ['stage1', 'done'],
      ['stage2', 'done'],
      ['surveillance', 'done'],
      ['surveillance', 'done'],
      ['recertification', 'done'],
    ]);
    expect(cycles[0]?.audits.at(-1)?.assessmentId).toBe(recertification);
    expect(cycles[1]?.audits.map((a) => [a.kind, a.dueBy, a.status, a.assessmentId])).toEqual([
      ['stage2', renewedOn, 'done', recertification],
      ['surveillance', addYears(renewedOn, 1), 'planned', null],
      ['surveillance', addYears(renewedOn, 2), 'planned', null],
      ['recertification', addYears(renewedOn, 3), 'planned', null],
    ]);
  });

  it('lets the job go by the renewed term: past the old expiry nothing happens, a missed new due date suspends', async () => {
    today = addDays(addYears(issuedOn, 3), 5);
    expect((await runJob()).suspended).not.toContain(number);
    expect((await verify(number).expect(200)).body).toMatchObject({ status: 'active', revision: 4 });
    // The attention list reads the renewed term's dates too.
    const firstDue = addYears(renewedOn, 1);
    today = addDays(firstDue, -20);
    const attention = await t.http().get('/api/programme/attention').set(admin.auth).expect(200);
    expect(
      attention.body.filter((a: { certificateNumber: string }) => a.certificateNumber === number),
    ).toEqual([expect.objectContaining({ reason: 'due', audit: 'surveillance', date: firstDue })]);

    today = addDays(firstDue, 1);
    expect((await runJob()).suspended).toContain(number);
    const page = await verify(number).expect(200);
    expect(page.body).toMatchObject({ status: 'suspended', revision: 5, signatureValid: true });
  });

  it('detects a renewal’s validity or snapshot hash changed in the database', async () => {
    const db = t.database.db;
    const tamper = async (statement: ReturnType<typeof sql>, restore: ReturnType<typeof sql>) => {
      await db.execute(statement);
      expect((await verify(number).expect(200)).body.signatureValid).toBe(false);
      await db.execute(restore);
      expect((await verify(number).expect(200)).body.signatureValid).toBe(true);
    };
    const renewed = sql`certificate_number = ${number} and revision = 4`;
    await tamper(
      sql`update certificate_revisions set expires_on = expires_on + 365 where ${renewed}`,
      sql`update certificate_revisions set expires_on = expires_on - 365 where ${renewed}`,
    );
    await tamper(
      sql`update certificate_revisions set snapshot_hash = md5(snapshot_hash) where ${renewed}`,
      sql`update certificate_revisions set snapshot_hash = (select snapshot_hash from decisions where decisions.id = certificate_revisions.decision_id) where ${renewed}`,
    );
  });
});

describe('tampering', () => {
  it('is detected in any revision’s signed fields by the public verification', async () => {
    today = '2028-01-10';
    const center = await seed.organization({ name: '西安客服中心' });
    const number = await certify(center.id, 3);
    today = '2028-11-10';
    const audit = await surveillance(center.id);
    await decide(audit, { outcome: 'lower', level: 2, reason: '监督审核发现退步' }).expect(201);
    expect((await verify(number).expect(200)).body.signatureValid).toBe(true);

    const db = t.database.db;
    const tamper = async (statement: ReturnType<typeof sql>, restore: ReturnType<typeof sql>) => {
      await db.execute(statement);
      expect((await verify(number).expect(200)).body.signatureValid).toBe(false);
      await db.execute(restore);
      expect((await verify(number).expect(200)).body.signatureValid).toBe(true);
    };
    await tamper(
      sql`update certificate_revisions set level = 3 where certificate_number = ${number} and revision = 2`,
      sql`update certificate_revisions set level = 2 where certificate_number = ${number} and revision = 2`,
    );
    await tamper(
      sql`update certificate_revisions set effective_on = '2028-01-01' where certificate_number = ${number} and revision = 1`,
      sql`update certificate_revisions set effective_on = '2028-01-10' where certificate_number = ${number} and revision = 1`,
    );
    await tamper(
      sql`update certificate_revisions set status = 'active', event = 'maintained' where certificate_number = ${number} and revision = 2`,
      sql`update certificate_revisions set status = 'active', event = 'lowered' where certificate_number = ${number} and revision = 2`,
    );
    // A revision removed from the history breaks it too.
    await tamper(
      sql`update certificate_revisions set revision = 9 where certificate_number = ${number} and revision = 2`,
      sql`update certificate_revisions set revision = 2 where certificate_number = ${number} and revision = 9`,
    );
  });
});
