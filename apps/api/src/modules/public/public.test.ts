import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';

const LIMIT = 5;
let t: TestApp;
let seed: ReturnType<typeof seeder>;
let reviewer: Session;
let auditor: Session;

beforeAll(async () => {
  t = await buildTestApp({ VERIFICATIONS_PER_MINUTE: String(LIMIT) });
  seed = seeder(t);
  reviewer = await seed.user('cb_reviewer');
  auditor = await seed.user('auditor');
});
afterAll(async () => t.close());

describe('public verification', () => {
  it('reveals the listed fields and nothing more, without signing in', async () => {
    const org = await seed.organization({ name: '深圳客服中心', sites: ['深圳南山'] });
    const { number, level } = await certifiedAudit(t, seed, org.id, auditor, reviewer);
    const res = await t.http().get(`/api/public/certificates/${number}`).expect(200);
    expect(Object.keys(res.body).sort()).toEqual(
      [
        'expiresOn',
        'history',
        'issuedOn',
        'level',
        'levelName',
        'number',
        'organization',
        'renewedOn',
        'revision',
        'signatureValid',
        'standard',
        'status',
        'supersededBy',
      ].sort(),
    );
    expect(res.body).toMatchObject({
      number,
      level,
      status: 'active',
      organization: '深圳客服中心',
      signatureValid: true,
    });
    expect(Object.keys(res.body.standard).sort()).toEqual(['ref', 'title', 'version']);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(org.id);
    expect(text).not.toMatch(/[\w.-]+@[\w-]+\.[a-z]+/); // no e-mail address
    expect(text).not.toContain('深圳南山');
    const missing = await t.http().get('/api/public/certificates/CCMM-OC-2026-9999').expect(404);
    expect(missing.body.code).toBe('certificate.not_found');
  });

  it('lists in the directory only the organizations that opted in, and verifies the others by number', async () => {
    const listed = await seed.organization({ name: '公开中心' });
    const unlisted = await seed.organization({ name: '不公开中心' });
    const listedCert = await certifiedAudit(t, seed, listed.id, auditor, reviewer);
    const unlistedCert = await certifiedAudit(t, seed, unlisted.id, auditor, reviewer);
    const centerAdmin = await seed.user('center_admin', listed.id);
    const member = await seed.user('center_member', listed.id);
    await t
      .http()
      .patch(`/api/organizations/${listed.id}`)
      .set(member.auth)
      .send({ publicListing: true })
      .expect(403);
    const patched = await t
      .http()
      .patch(`/api/organizations/${listed.id}`)
      .set(centerAdmin.auth)
      .send({ publicListing: true })
      .expect(200);
    expect(patched.body.publicListing).toBe(true);
    const directory = await t.http().get('/api/public/directory').expect(200);
    const numbers = directory.body.map((e: { number: string }) => e.number);
    expect(numbers).toEqual([listedCert.number]);
    expect(directory.body[0]).toMatchObject({ organization: '公开中心', level: listedCert.level });
    await t.http().get(`/api/public/certificates/${unlistedCert.number}`).expect(200);
  });

  it('is rate limited: 429 beyond the configured number a minute', async () => {
    const fresh = await buildTestApp({ VERIFICATIONS_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await fresh.http().get('/api/public/certificates/CCMM-OC-2026-0001')).status);
      }
      expect(statuses).toEqual([404, 404, 404, 429]);
      const limited = await fresh.http().get('/api/public/directory').set('Accept-Language', 'en');
      expect(limited.status).toBe(200);
      const again = await fresh
        .http()
        .get('/api/public/certificates/CCMM-OC-2026-0001')
        .set('Accept-Language', 'en');
      expect(again.status).toBe(429);
      expect(again.body.code).toBe('request.too_many');
    } finally {
      await fresh.close();
    }
  });
});
