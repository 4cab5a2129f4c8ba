import { generateKeyPairSync } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';
import { addMonths, clock } from '../../clock.ts';
import { SIGNING_KEY_FILE } from './certificate-signing.ts';
import { certificateStatus } from './certificate-status.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let reviewer: Session;
let auditor: Session;
let organization: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  reviewer = await seed.user('cb_reviewer');
  auditor = await seed.user('auditor');
  organization = await seed.organization({ name: '台北客服中心', sites: ['台北', '新竹'] });
});
afterAll(async () => t.close());
afterEach(() => vi.restoreAllMocks());

const read = (number: string, who: Session = admin) =>
  t.http().get(`/api/certificates/${number}`).set(who.auth);
const changeStatus = (number: string, who: Session, body: object) =>
  t.http().post(`/api/certificates/${number}/status`).set(who.auth).send(body);

describe('certificate status', () => {
  it('is changed by the certification-body admin only, each change recorded, and a withdrawal is final', async () => {
    const { number } = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const centerAdmin = await seed.user('center_admin', organization.id);
    for (const who of [reviewer, auditor, centerAdmin]) {
      const res = await changeStatus(number, who, { status: 'withdrawn', reason: '—' });
      expect(res.status).toBe(403);
    }
    const noEnd = await changeStatus(number, admin, { status: 'suspended', reason: '监督审核逾期' });
    expect(noEnd.body.code).toBe('certificate.until_required');
    // A deadline more than six months away is refused (a suspension lasts at most six months).
    const tooLong = await changeStatus(number, admin, {
      status: 'suspended',
      reason: '监督审核逾期',
      until: '2099-12-31',
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.code).toBe('certificate.until_required');
    const until = addMonths(clock.today(), 6);
    const suspended = await changeStatus(number, admin, {
      status: 'suspended',
      reason: '监督审核逾期',
      until,
    }).expect(200);
    expect(suspended.body.status).toBe('suspended');
    await changeStatus(number, admin, { status: 'active', reason: '已完成监督审核' }).expect(200);
    const withdrawn = await changeStatus(number, admin, {
      status: 'withdrawn',
      reason: '中心停止运营',
    }).expect(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    // Every change is a revision after the issue (revision 1), each signed.
    expect(withdrawn.body.history).toEqual([
      expect.objectContaining({ revision: 1, event: 'issued', status: 'active', signatureValid: true }),
      expect.objectContaining({
        revision: 2,
        event: 'suspended',
        status: 'suspended',
        reason: '监督审核逾期',
        until,
        decidedBy: admin.id,
        signatureValid: true,
      }),
      expect.objectContaining({
        revision: 3,
        event: 'reinstated',
        status: 'active',
        reason: '已完成监督审核',
      }),
      expect.objectContaining({
        revision: 4,
        event: 'withdrawn',
        status: 'withdrawn',
        reason: '中心停止运营',
      }),
    ]);
    expect(withdrawn.body).toMatchObject({ revision: 4, signatureValid: true });
    const final = await changeStatus(number, admin, { status: 'active', reason: '恢复' });
    expect(final.status).toBe(409);
    expect(final.body.code).toBe('certificate.withdrawn');
    expect((await read(number)).body.history).toHaveLength(4);
  });

  it('expires by date, computed when read', async () => {
    vi.spyOn(clock, 'today').mockReturnValue('2019-01-10');
    const { number } = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    expect(number).toMatch(/^CCMM-OC-2019-\d{4}$/);
    const then = await read(number).expect(200);
    expect(then.body).toMatchObject({ status: 'active', issuedOn: '2019-01-10', expiresOn: '2022-01-10' });
    vi.restoreAllMocks();
    const now = await read(number).expect(200);
    expect(now.body.status).toBe('expired');
    const listed = await t.http().get(`/api/public/certificates/${number}`).expect(200);
    expect(listed.body.status).toBe('expired');
  });

  it('follows the rules of the day: withdrawn and superseded are final, expiry after the last day, a suspension stays', () => {
    const base = { expiresOn: '2029-06-30' };
    expect(certificateStatus({ ...base, latest: null }, '2029-06-30')).toBe('active');
    expect(certificateStatus({ ...base, latest: null }, '2029-07-01')).toBe('expired');
    // A suspension never lifts itself (issue 12): only a recorded revision ends it.
    expect(certificateStatus({ ...base, latest: { status: 'suspended' } }, '2027-01-31')).toBe('suspended');
    expect(certificateStatus({ ...base, latest: { status: 'suspended' } }, '2029-06-30')).toBe('suspended');
    expect(certificateStatus({ ...base, latest: { status: 'withdrawn' } }, '2035-01-01')).toBe('withdrawn');
    expect(certificateStatus({ ...base, latest: { status: 'superseded' } }, '2035-01-01')).toBe('superseded');
  });
});

describe('the signature', () => {
  // The standard's ref has a foreign key and one version is loaded: 'covers the number and the standard' checks it.
  it('fails when any signed field, or the frozen ratings, is changed in the database', async () => {
    const changes: Record<string, ReturnType<typeof sql>> = {
      organization_name: sql`organization_name = organization_name || '（改）'`,
      sites: sql`sites = '["伪造站点"]'::jsonb`,
      scope: sql`scope = '全部业务'`,
      level: sql`level = level + 1`,
      issued_on: sql`issued_on = issued_on - 1`,
      expires_on: sql`expires_on = expires_on + 365`,
      certifying_body: sql`certifying_body = '另一机构'`,
      snapshot_hash: sql`snapshot_hash = md5(snapshot_hash) || md5(snapshot_hash)`,
      snapshot: sql`snapshot = jsonb_set(snapshot, '{operatingYears}', '99')`,
      // Always a different first character (translate() could leave a signature without A or B as it was).
      signature: sql`signature = (case when left(signature, 1) = 'A' then 'B' else 'A' end) || substr(signature, 2)`,
    };
    for (const [field, change] of Object.entries(changes)) {
      // A center of its own: a second certification of the same center would renew its certificate.
      const center = await seed.organization({ name: `篡改测试中心 ${field}`, sites: ['台北', '新竹'] });
      const { number } = await certifiedAudit(t, seed, center.id, auditor, reviewer);
      expect((await read(number)).body.signatureValid, field).toBe(true);
      await t.database.db.execute(sql`update certificates set ${change} where number = ${number}`);
      expect((await read(number)).body.signatureValid, field).toBe(false);
      expect((await t.http().get(`/api/public/certificates/${number}`)).body.signatureValid, field).toBe(
        false,
      );
    }
  });

  it('covers the number and the standard too', async () => {
    const { signerFromKey } = await import('./certificate-signing.ts');
    const signer = signerFromKey(generateKeyPairSync('ed25519').privateKey);
    const fields = {
      number: 'CCMM-OC-2026-0001',
      organizationName: '中心',
      sites: ['一'],
      scope: null,
      level: 3,
      standardRef: 'cc-cmm-oc@2017',
      issuedOn: '2026-07-01',
      expiresOn: '2029-07-01',
      certifyingBody: '机构',
      snapshotHash: (await import('@ccmm/standard')).contentHash({ a: 1 }),
    };
    const signature = signer.sign(fields);
    expect(signer.verify({ ...fields, signature, snapshot: { a: 1 } })).toBe(true);
    expect(signer.verify({ ...fields, number: 'CCMM-OC-2026-0002', signature, snapshot: { a: 1 } })).toBe(
      false,
    );
    expect(signer.verify({ ...fields, standardRef: 'cc-cmm-oc@2024', signature, snapshot: { a: 1 } })).toBe(
      false,
    );
  });

  it('uses SIGNING_KEY when set, and otherwise a key generated once into DATA_DIR/secrets (0600)', async () => {
    const file = join(t.config.dataDir, 'secrets', SIGNING_KEY_FILE);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const configured = await buildTestApp({ SIGNING_KEY: pem });
    try {
      await expect(stat(join(configured.config.dataDir, 'secrets', SIGNING_KEY_FILE))).rejects.toThrow();
      const s = seeder(configured);
      const org = await s.organization();
      const { number } = await certifiedAudit(
        configured,
        s,
        org.id,
        await s.user('auditor'),
        await s.user('cb_reviewer'),
      );
      const res = await configured.http().get(`/api/public/certificates/${number}`).expect(200);
      expect(res.body.signatureValid).toBe(true);
    } finally {
      await configured.close();
    }
  });
});

describe('reading certificates', () => {
  it('shows the body every certificate, a center its own and a consultant those granted', async () => {
    const own = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const otherOrg = await seed.organization();
    const other = await certifiedAudit(t, seed, otherOrg.id, auditor, reviewer);
    const member = await seed.user('center_member', organization.id);
    const consultant = await seed.user('consultant');
    const centerAdmin = await seed.user('center_admin', organization.id);
    const numbers = async (who: Session) =>
      (await t.http().get('/api/certificates').set(who.auth).expect(200)).body.map(
        (c: { number: string }) => c.number,
      );
    expect(await numbers(reviewer)).toEqual(expect.arrayContaining([own.number, other.number]));
    expect(await numbers(member)).toContain(own.number);
    expect(await numbers(member)).not.toContain(other.number);
    expect(await numbers(consultant)).toEqual([]);
    await t
      .http()
      .post(`/api/organizations/${organization.id}/consultants`)
      .set(centerAdmin.auth)
      .send({ consultantId: consultant.id })
      .expect(201);
    expect(await numbers(consultant)).toContain(own.number);
    await read(other.number, member).expect(404);
  });

  it('renders the certificate as a PDF', async () => {
    const { number } = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const res = await t
      .http()
      .get(`/api/certificates/${number}/pdf`)
      .set(admin.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('the assessment report', () => {
  it('renders as a PDF for whoever may see the assessment', async () => {
    const { assessmentId } = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const member = await seed.user('center_member', organization.id);
    const res = await t
      .http()
      .get(`/api/assessments/${assessmentId}/report/pdf`)
      .set(member.auth)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    expect((res.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const stranger = await seed.user('center_member', (await seed.organization()).id);
    await t.http().get(`/api/assessments/${assessmentId}/report/pdf`).set(stranger.auth).expect(404);
  });
});

describe('where certificates issued now will point', () => {
  it('tells the body while the QR codes would lead to this machine only', async () => {
    const res = await t.http().get('/api/certificates/issuing').set(admin.auth).expect(200);
    expect(res.body).toEqual({ publicOrigin: t.config.publicOrigin, publicOriginIsLocal: true });
    expect(res.body.publicOrigin).toMatch(/^http:\/\/localhost:/);
  });
});

describe('the certificates list', () => {
  it('pages newest first with the total, and finds a certificate by part of its number or name', async () => {
    await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    const all = (await t.http().get('/api/certificates').set(admin.auth).expect(200)).body as {
      number: string;
      organizationName: string;
    }[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    const paged: string[] = [];
    for (let offset = 0; offset < all.length; offset++) {
      const page = await t
        .http()
        .get(`/api/certificates?limit=1&offset=${offset}`)
        .set(admin.auth)
        .expect(200);
      expect(page.headers['x-total-count']).toBe(String(all.length));
      paged.push(...page.body.map((c: { number: string }) => c.number));
    }
    expect(paged).toEqual(all.map((c) => c.number));
    const number = all[0]?.number ?? '';
    const byNumber = await t
      .http()
      .get(`/api/certificates?q=${number.slice(-4)}`)
      .set(admin.auth)
      .expect(200);
    expect(byNumber.body.map((c: { number: string }) => c.number)).toContain(number);
    const byName = await t
      .http()
      .get(`/api/certificates?q=${encodeURIComponent('台北')}`)
      .set(admin.auth)
      .expect(200);
    expect(byName.body.map((c: { number: string }) => c.number)).toEqual(
      all.filter((c) => c.organizationName.includes('台北')).map((c) => c.number),
    );
    const none = await t.http().get('/api/certificates?q=nowhere').set(admin.auth).expect(200);
    expect(none.body).toEqual([]);
    expect(none.headers['x-total-count']).toBe('0');
  });

  it('filters by status on the server exactly as each certificate’s own status reads, on any day', async () => {
    const { number } = await certifiedAudit(t, seed, organization.id, auditor, reviewer);
    await changeStatus(number, admin, {
      status: 'suspended',
      reason: '监督审核逾期',
      until: addMonths(clock.today(), 3),
    }).expect(200);
    const statuses = ['active', 'suspended', 'withdrawn', 'superseded', 'expired'] as const;
    // Today, and a day past every expiry (withdrawn and superseded stay what they are).
    for (const day of [clock.today(), '2099-01-01']) {
      vi.spyOn(clock, 'today').mockReturnValue(day);
      const all = (await t.http().get('/api/certificates').set(admin.auth).expect(200)).body as {
        number: string;
        status: string;
      }[];
      for (const c of all) expect((await read(c.number).expect(200)).body.status, c.number).toBe(c.status);
      const seen = new Set(all.map((c) => c.status));
      expect(seen.size, day).toBeGreaterThanOrEqual(2);
      for (const status of [...statuses, 'active,suspended']) {
        const res = await t.http().get(`/api/certificates?status=${status}`).set(admin.auth).expect(200);
        const want = all.filter((c) => status.split(',').includes(c.status)).map((c) => c.number);
        expect(
          res.body.map((c: { number: string }) => c.number),
          `${day} ${status}`,
        ).toEqual(want);
        expect(res.headers['x-total-count']).toBe(String(want.length));
      }
      vi.restoreAllMocks();
    }
    const bad = await t.http().get('/api/certificates?status=lapsed').set(admin.auth);
    expect(bad.status).toBe(400);
  });

  it('lists certificates without checking signatures; a certificate’s own page checks them', async () => {
    const [first] = (await t.http().get('/api/certificates?limit=1').set(admin.auth).expect(200)).body;
    expect(first).toBeDefined();
    expect(first).not.toHaveProperty('signatureValid');
    expect(first).not.toHaveProperty('history');
    const own = await read(first.number).expect(200);
    expect(own.body.signatureValid).toBe(true);
    expect(own.body.history.length).toBeGreaterThan(0);
  });
});
