import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';
import { clock } from '../../clock.ts';

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
afterEach(() => vi.restoreAllMocks());

/** The body's attention list, for one certificate. */
async function attentionFor(number: string) {
  const res = await t.http().get('/api/programme/attention').set(reviewer.auth).expect(200);
  return res.body
    .filter((item: { certificateNumber: string }) => item.certificateNumber === number)
    .map(({ reason, audit, date }: { reason: string; audit: string | null; date: string }) => ({
      reason,
      audit,
      date,
    }));
}

const programme = (organizationId: string, who: Session) =>
  t.http().get(`/api/organizations/${organizationId}/programme`).set(who.auth);

describe('GET /api/organizations/:id/programme', () => {
  it('plans the cycle a certificate opens and follows the audits that fulfil it', async () => {
    const organization = await seed.organization();
    vi.spyOn(clock, 'today').mockReturnValue('2026-07-15');
    const { number, assessmentId, level } = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const certificate = (await t.http().get(`/api/certificates/${number}`).set(admin.auth).expect(200)).body;
    expect(certificate.surveillanceDue).toEqual(['2027-07-15', '2028-07-15']);

    const fresh = await programme(organization.id, admin).expect(200);
    expect(fresh.body).toEqual({
      organizationId: organization.id,
      cycles: [
        {
          certificateNumber: number,
          standard: 'cc-cmm-oc@2017',
          level,
          issuedOn: '2026-07-15',
          expiresOn: certificate.expiresOn,
          audits: [
            // The seeded stage 1, a month before the audit, readied it.
            {
              kind: 'stage1',
              dueFrom: '2026-05-30',
              dueBy: '2026-05-30',
              status: 'done',
              assessmentId: null,
            },
            { kind: 'stage2', dueFrom: '2026-06-30', dueBy: '2026-07-15', status: 'done', assessmentId },
            {
              kind: 'surveillance',
              dueFrom: '2027-04-15',
              dueBy: '2027-07-15',
              status: 'planned',
              assessmentId: null,
            },
            {
              kind: 'surveillance',
              dueFrom: '2028-04-15',
              dueBy: '2028-07-15',
              status: 'planned',
              assessmentId: null,
            },
            {
              kind: 'recertification',
              dueFrom: expect.any(String),
              dueBy: certificate.expiresOn,
              status: 'planned',
              assessmentId: null,
            },
          ],
        },
      ],
    });

    // The body schedules the first surveillance audit; the second due date then passes without one.
    vi.spyOn(clock, 'today').mockReturnValue('2027-05-01');
    expect(await attentionFor(number)).toEqual([
      { reason: 'due', audit: 'surveillance', date: '2027-07-15' },
    ]);
    const surveillance = await t
      .http()
      .post('/api/assessments')
      .set(admin.auth)
      .send({
        organizationId: organization.id,
        standard: 'cc-cmm-oc@2017',
        kind: 'surveillance',
        assessedOn: '2027-06-01',
      })
      .expect(201);
    const scheduled = await programme(organization.id, admin).expect(200);
    expect(scheduled.body.cycles[0].audits[2]).toMatchObject({
      status: 'scheduled',
      assessmentId: surveillance.body.id,
    });

    vi.spyOn(clock, 'today').mockReturnValue('2028-07-16');
    const later = await programme(organization.id, admin).expect(200);
    expect(later.body.cycles[0].audits.map((a: { status: string }) => a.status)).toEqual([
      'done',
      'done',
      'scheduled',
      'overdue',
      'planned',
    ]);
    expect(await attentionFor(number)).toEqual([
      { reason: 'overdue', audit: 'surveillance', date: '2028-07-15' },
    ]);
    await t
      .http()
      .post(`/api/certificates/${number}/status`)
      .set(admin.auth)
      .send({ status: 'suspended', reason: '监督审核逾期', until: '2028-09-01' })
      .expect(200);
    expect(await attentionFor(number)).toEqual([
      { reason: 'overdue', audit: 'surveillance', date: '2028-07-15' },
      { reason: 'suspension_ends', audit: null, date: '2028-09-01' },
    ]);
    expect((await t.http().get('/api/programme/attention').set(auditor.auth)).status).toBe(403);
  });

  it('is the organization’s own: its center sees it, another center and an ungranted consultant do not', async () => {
    const organization = await seed.organization();
    const other = await seed.organization();
    const own = await seed.user('center_member', organization.id);
    const stranger = await seed.user('center_admin', other.id);
    const consultant = await seed.user('consultant');
    const seen = await programme(organization.id, own).expect(200);
    expect(seen.body).toEqual({ organizationId: organization.id, cycles: [] });
    expect((await programme(organization.id, stranger)).status).toBe(404);
    expect((await programme(organization.id, consultant)).status).toBe(404);
    expect((await t.http().get(`/api/organizations/${organization.id}/programme`)).status).toBe(401);
  });
});
