import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';
import { addDays, clock } from '../../clock.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let decider: Session;
let uninvolved: Session;
let auditor: Session;
let organization: { id: string; name: string };
let centerAdmin: Session;
let certified: { assessmentId: string; number: string; level: number };

beforeAll(async () => {
  t = await buildTestApp({ COMPLAINTS_PER_HOUR: '50' });
  seed = seeder(t);
  admin = await seed.setupAdmin();
  decider = await seed.user('cb_reviewer');
  uninvolved = await seed.user('cb_reviewer');
  auditor = await seed.user('auditor');
  organization = await seed.organization({ name: '投诉测试中心' });
  centerAdmin = await seed.user('center_admin', organization.id);
  certified = await certifiedAudit(t, seed, organization.id, auditor, decider);
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const complain = (number: string, body: object, language = 'zh-CN') =>
  t.http().post(`/api/public/certificates/${number}/complaints`).set('Accept-Language', language).send(body);

const appeal = (who: Session, assessmentId: string, body: object = { text: '评级依据有误，请复核' }) =>
  t.http().post(`/api/assessments/${assessmentId}/appeals`).set(who.auth).send(body);

const assign = (id: string, handlerId: string, who: Session = admin) =>
  t.http().post(`/api/complaints/${id}/assign`).set(who.auth).send({ handlerId });

const outcome = (
  id: string,
  who: Session,
  body: object = { outcome: 'rejected', text: '经核查，投诉不成立' },
) => t.http().post(`/api/complaints/${id}/outcome`).set(who.auth).send(body);

describe('a complaint from the public', () => {
  it('is accepted without an account, numbered, and stored with the certificate’s organization', async () => {
    const res = await complain(certified.number, {
      text: '  来电多次无人接听，投诉处理承诺未兑现  ',
      contact: 'zhang@example.com',
    }).expect(201);
    expect(res.body).toEqual({ id: expect.any(String), reference: expect.stringMatching(/^C-\d{4}-\d{4}$/) });
    const register = await t.http().get('/api/complaints').set(decider.auth).expect(200);
    const found = register.body.find((c: { id: string }) => c.id === res.body.id);
    expect(found).toMatchObject({
      kind: 'complaint',
      status: 'received',
      organizationId: organization.id,
      organizationName: '投诉测试中心',
      assessmentId: certified.assessmentId,
      certificateNumber: certified.number,
      text: '来电多次无人接听，投诉处理承诺未兑现',
      contact: 'zhang@example.com',
      handlerId: null,
      outcome: null,
    });
    expect(found.history).toMatchObject([{ event: 'lodged', actorName: null }]);
  });

  it('is refused for a certificate that does not exist, and for bad input with 400 codes', async () => {
    const missing = await complain('CCMM-OC-2026-9999', { text: '投诉' }, 'en').expect(404);
    expect(missing.body.code).toBe('certificate.not_found');
    for (const body of [
      {},
      { text: '' },
      { text: '   ' },
      { text: 'x'.repeat(4001) },
      { text: '投诉', contact: 'x'.repeat(201) },
      { text: '\u0000' },
      { text: 42 },
    ]) {
      const res = await complain(certified.number, body, 'en');
      expect(res.status, JSON.stringify(body).slice(0, 50)).toBe(400);
      expect(res.body.code).toBe('request.invalid');
      expect(res.body.message).toMatch(/[a-z]/);
    }
    const badNumber = await complain('not-a-number', { text: '投诉' });
    expect(badNumber.status).toBe(400);
  });

  it('is rate limited per address: 429 beyond the configured number an hour', async () => {
    const fresh = await buildTestApp({ COMPLAINTS_PER_HOUR: '2' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (
            await fresh
              .http()
              .post('/api/public/certificates/CCMM-OC-2026-0001/complaints')
              .send({ text: 'x' })
          ).status,
        );
      }
      expect(statuses).toEqual([404, 404, 429]);
      const limited = await fresh
        .http()
        .post('/api/public/certificates/CCMM-OC-2026-0001/complaints')
        .set('Accept-Language', 'en')
        .send({ text: 'x' });
      expect(limited.body.code).toBe('request.too_many');
      // Verification has its own limit.
      await fresh.http().get('/api/public/certificates/CCMM-OC-2026-0001').expect(404);
    } finally {
      await fresh.close();
    }
  });
});

describe('an appeal', () => {
  it('is lodged by the center admin within the period, once per decision', async () => {
    const { assessmentId } = await certifiedAudit(t, seed, organization.id, auditor, decider);
    const res = await appeal(centerAdmin, assessmentId).expect(201);
    expect(res.body.reference).toMatch(/^A-\d{4}-\d{4}$/);
    const again = await appeal(centerAdmin, assessmentId).expect(409);
    expect(again.body.code).toBe('appeal.already_open');
    expect(again.body.message).toContain(res.body.reference);
  });

  it('is refused after the period with 422 appeal.too_late', async () => {
    const { assessmentId } = await certifiedAudit(t, seed, organization.id, auditor, decider);
    const [decision] = (
      await t.http().get(`/api/assessments/${assessmentId}/decisions`).set(admin.auth).expect(200)
    ).body;
    vi.spyOn(clock, 'today').mockReturnValue(addDays(decision.decidedOn, 30));
    await appeal(centerAdmin, assessmentId, { text: '最后一天' }).expect(201);
    const later = await certifiedAudit(t, seed, organization.id, auditor, decider);
    const [laterDecision] = (
      await t.http().get(`/api/assessments/${later.assessmentId}/decisions`).set(admin.auth).expect(200)
    ).body;
    vi.spyOn(clock, 'today').mockReturnValue(addDays(laterDecision.decidedOn, 31));
    const res = await t
      .http()
      .post(`/api/assessments/${later.assessmentId}/appeals`)
      .set(centerAdmin.auth)
      .send({ text: '太晚了' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('appeal.too_late');
    // A signed-in caller reads messages in their account's language (简体 by default).
    expect(res.body.message).toContain('须在 30 天内');
  });

  it('needs a decision, and is refused to other roles and other organizations', async () => {
    const { id: undecided } = await seed.assessment(organization.id, 'certification', [auditor.id]);
    const none = await appeal(centerAdmin, undecided).expect(409);
    expect(none.body.code).toBe('appeal.no_decision');
    const member = await seed.user('center_member', organization.id);
    const consultant = await seed.user('consultant');
    for (const who of [admin, decider, auditor, member, consultant]) {
      const res = await appeal(who, certified.assessmentId);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('auth.forbidden');
    }
    const other = await seed.organization();
    const otherAdmin = await seed.user('center_admin', other.id);
    const foreign = await appeal(otherAdmin, certified.assessmentId).expect(404);
    expect(foreign.body.code).toBe('assessment.not_found');
    const empty = await appeal(centerAdmin, certified.assessmentId, { text: '' }).expect(400);
    expect(empty.body.code).toBe('request.invalid');
    const badId = await appeal(centerAdmin, 'nope').expect(400);
    expect(badId.body.code).toBe('request.invalid');
  });
});

describe('handling', () => {
  it('refuses the decider and the auditor as handler, accepts an uninvolved body user who records the outcome', async () => {
    const lodgedComplaint = (await complain(certified.number, { text: '服务态度差' }).expect(201)).body;
    const auditorAsHandler = await assign(lodgedComplaint.id, auditor.id).expect(422);
    expect(auditorAsHandler.body.code).toBe('complaint.handler_not_body');
    const deciderAsHandler = await assign(lodgedComplaint.id, decider.id).expect(422);
    expect(deciderAsHandler.body.code).toBe('complaint.handler_involved');
    // A body user put on the audit as an auditor (behind the API's back) is involved as well.
    const bodyAuditor = await seed.user('cb_reviewer');
    const { sql } = await import('drizzle-orm');
    await t.database.db.execute(
      sql`insert into assessment_auditors (assessment_id, user_id) values (${certified.assessmentId}, ${bodyAuditor.id})`,
    );
    const auditedIt = await assign(lodgedComplaint.id, bodyAuditor.id).expect(422);
    expect(auditedIt.body.code).toBe('complaint.handler_involved');
    // Only the body's admin assigns.
    await assign(lodgedComplaint.id, uninvolved.id, uninvolved).expect(403);
    const assigned = await assign(lodgedComplaint.id, uninvolved.id).expect(200);
    expect(assigned.body).toMatchObject({ status: 'assigned', handlerId: uninvolved.id });
    // Only the assigned handler records the outcome.
    const notHandler = await outcome(lodgedComplaint.id, admin).expect(403);
    expect(notHandler.body.code).toBe('complaint.not_handler');
    const bad = await outcome(lodgedComplaint.id, uninvolved, { outcome: 'maybe', text: '—' }).expect(400);
    expect(bad.body.code).toBe('request.invalid');
    const closed = await outcome(lodgedComplaint.id, uninvolved).expect(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      outcome: 'rejected',
      outcomeText: '经核查，投诉不成立',
      closedOn: clock.today(),
    });
    expect(closed.body.history.map((e: { event: string }) => e.event)).toEqual([
      'lodged',
      'assigned',
      'closed',
    ]);
    const twice = await outcome(lodgedComplaint.id, uninvolved).expect(409);
    expect(twice.body.code).toBe('complaint.closed');
    await assign('00000000-0000-4000-8000-000000000000', uninvolved.id).expect(404);
  });

  it('refuses the outcome from a handler who became involved after assignment', async () => {
    const { assessmentId } = await certifiedAudit(t, seed, organization.id, auditor, decider);
    const lodgedAppeal = (await appeal(centerAdmin, assessmentId).expect(201)).body;
    const handler = await seed.user('cb_reviewer');
    await assign(lodgedAppeal.id, handler.id).expect(200);
    const { sql } = await import('drizzle-orm');
    await t.database.db.execute(
      sql`insert into assessment_auditors (assessment_id, user_id) values (${assessmentId}, ${handler.id})`,
    );
    const res = await outcome(lodgedAppeal.id, handler, { outcome: 'upheld', text: '维持申诉' }).expect(403);
    expect(res.body.code).toBe('complaint.handler_involved');
    const deciderAsHandler = await assign(lodgedAppeal.id, decider.id).expect(422);
    expect(deciderAsHandler.body.code).toBe('complaint.handler_involved');
  });
});

describe('the register', () => {
  it('shows the body everything, filtered by kind and status', async () => {
    const complaints = await t.http().get('/api/complaints?kind=complaint').set(admin.auth).expect(200);
    expect(complaints.body.length).toBeGreaterThan(0);
    expect(complaints.body.every((c: { kind: string }) => c.kind === 'complaint')).toBe(true);
    const open = await t
      .http()
      .get('/api/complaints?status=received&kind=appeal')
      .set(decider.auth)
      .expect(200);
    expect(
      open.body.every(
        (c: { status: string; kind: string }) => c.status === 'received' && c.kind === 'appeal',
      ),
    ).toBe(true);
    const bad = await t.http().get('/api/complaints?status=nope').set(admin.auth).expect(400);
    expect(bad.body.code).toBe('request.invalid');
    for (const role of ['auditor', 'center_admin', 'center_member', 'consultant'] as const) {
      const who = await seed.user(role, role.startsWith('center') ? organization.id : undefined);
      await t.http().get('/api/complaints').set(who.auth).expect(403);
    }
  });

  it('shows the center its own appeals and the complaints about it, never the complainant’s contact', async () => {
    const other = await seed.organization({ name: '另一中心' });
    const otherCertificate = await certifiedAudit(t, seed, other.id, auditor, decider);
    const aboutOther = (
      await complain(otherCertificate.number, { text: '别家', contact: '13800000000' }).expect(201)
    ).body;
    const aboutOwn = (
      await complain(certified.number, { text: '本家', contact: 'secret@example.com' }).expect(201)
    ).body;
    const res = await t
      .http()
      .get(`/api/organizations/${organization.id}/complaints`)
      .set(centerAdmin.auth)
      .expect(200);
    const ids = res.body.map((c: { id: string }) => c.id);
    expect(ids).toContain(aboutOwn.id);
    expect(ids).not.toContain(aboutOther.id);
    expect(res.body.some((c: { kind: string }) => c.kind === 'appeal')).toBe(true);
    expect(res.body.every((c: { organizationId: string }) => c.organizationId === organization.id)).toBe(
      true,
    );
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('secret@example.com');
    expect(text).not.toContain('zhang@example.com');
    for (const row of res.body) {
      expect(Object.keys(row)).not.toContain('contact');
      expect(Object.keys(row)).not.toContain('history');
    }
    const foreign = await t
      .http()
      .get(`/api/organizations/${other.id}/complaints`)
      .set(centerAdmin.auth)
      .expect(404);
    expect(foreign.body.code).toBe('organization.not_found');
    const member = await seed.user('center_member', organization.id);
    await t.http().get(`/api/organizations/${organization.id}/complaints`).set(member.auth).expect(403);
    const byBody = await t
      .http()
      .get(`/api/organizations/${other.id}/complaints`)
      .set(decider.auth)
      .expect(200);
    expect(byBody.body.map((c: { id: string }) => c.id)).toEqual([aboutOther.id]);
  });
});
