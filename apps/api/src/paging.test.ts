import { schema } from '@ccmm/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../test/app.ts';

// Lists that grow page, search and filter on the server: what a page shows is what a direct
// reading of the whole list says, in the same order, with the total beside it.

let t: TestApp;
let admin: Session;
let centerAdmin: Session;
const organizations: { id: string; name: string }[] = [];

const STATUSES = ['draft', 'in_progress', 'submitted', 'decided'] as const;

beforeAll(async () => {
  t = await buildTestApp();
  const seed = seeder(t);
  admin = await seed.setupAdmin();
  for (const name of ['台北客服中心', '上海客户服务中心', 'Shenzhen Contact Centre'])
    organizations.push(await seed.organization({ name }));
  centerAdmin = await seed.user('center_admin', organizations[0]?.id);
  // 24 self-assessments over three organizations, several on the same day (ties for the order).
  for (let i = 0; i < 24; i++) {
    const organization = organizations[i % 3] as { id: string };
    const assessedOn = `2025-${String((i % 6) + 1).padStart(2, '0')}-15`;
    const res = await t
      .http()
      .post('/api/assessments')
      .set(admin.auth)
      .send({ organizationId: organization.id, standard: 'cc-cmm-oc@2017', kind: 'self', assessedOn })
      .expect(201);
    // Statuses set directly: this test is about listing, not about the way to each status.
    await t.database.db
      .update(schema.assessments)
      .set({ status: STATUSES[i % 4] })
      .where(eq(schema.assessments.id, res.body.id));
  }
});
afterAll(async () => t?.close());

type Row = { id: string; organizationName: string; status: string; kind: string; assessedOn: string };
const list = async (query: string, who: Session = admin) => {
  const res = await t.http().get(`/api/assessments${query}`).set(who.auth).expect(200);
  return { rows: res.body as Row[], total: Number(res.headers['x-total-count']) };
};

describe('the assessments list', () => {
  it('pages through every row once, newest first, the total on every page', async () => {
    const all = await list('');
    expect(all.rows).toHaveLength(24);
    expect(all.total).toBe(24);
    const dates = all.rows.map((r) => r.assessedOn);
    expect(dates).toEqual([...dates].sort().reverse());
    const paged: Row[] = [];
    for (let offset = 0; offset < 24; offset += 5) {
      const page = await list(`?limit=5&offset=${offset}`);
      expect(page.total).toBe(24);
      expect(page.rows.length).toBe(Math.min(5, 24 - offset));
      paged.push(...page.rows);
    }
    expect(paged.map((r) => r.id)).toEqual(all.rows.map((r) => r.id));
    const past = await list('?limit=5&offset=40');
    expect(past).toEqual({ rows: [], total: 24 });
  });

  it('filters by status, kind, name and dates as a direct reading of the whole list does', async () => {
    const { rows: all } = await list('');
    const cases: [string, (r: Row) => boolean][] = [
      ['?status=submitted', (r) => r.status === 'submitted'],
      ['?status=draft,in_progress', (r) => r.status === 'draft' || r.status === 'in_progress'],
      ['?kind=self', (r) => r.kind === 'self'],
      ['?kind=certification', (r) => r.kind === 'certification'],
      [`?q=${encodeURIComponent('客服')}`, (r) => r.organizationName.includes('客服')],
      ['?q=shenzhen', (r) => r.organizationName.toLowerCase().includes('shenzhen')],
      ['?from=2025-03-01&to=2025-04-30', (r) => r.assessedOn >= '2025-03-01' && r.assessedOn <= '2025-04-30'],
      [
        `?organizationId=${organizations[1]?.id}&status=decided`,
        (r) => r.organizationName === organizations[1]?.name && r.status === 'decided',
      ],
    ];
    for (const [query, keep] of cases) {
      const expected = all.filter(keep).map((r) => r.id);
      const got = await list(`${query}&limit=3`);
      expect(got.total, query).toBe(expected.length);
      expect(
        got.rows.map((r) => r.id),
        query,
      ).toEqual(expected.slice(0, 3));
    }
  });

  it('counts only what the caller may see', async () => {
    const own = await list('?limit=2', centerAdmin);
    expect(own.total).toBe(8);
    expect(own.rows.every((r) => r.organizationName === organizations[0]?.name)).toBe(true);
    const searchOther = await list(`?q=${encodeURIComponent('上海')}`, centerAdmin);
    expect(searchOther).toEqual({ rows: [], total: 0 });
  });

  it('refuses a bad filter with a 400 naming it', async () => {
    for (const query of ['?status=finished', '?limit=0', '?limit=501', '?from=2025-13-01', '?offset=-1']) {
      const res = await t.http().get(`/api/assessments${query}`).set(admin.auth);
      expect(res.status, query).toBe(400);
      expect(res.body.code).toBe('request.invalid');
    }
  });
});

describe('the organizations list', () => {
  it('pages by name and searches by part of the name, counting only what the caller may see', async () => {
    const all = await t.http().get('/api/organizations').set(admin.auth).expect(200);
    const names = (all.body as { name: string }[]).map((o) => o.name);
    expect(names).toHaveLength(3);
    const first = await t.http().get('/api/organizations?limit=2').set(admin.auth).expect(200);
    const second = await t.http().get('/api/organizations?limit=2&offset=2').set(admin.auth).expect(200);
    expect([...first.body, ...second.body].map((o: { name: string }) => o.name)).toEqual(names);
    expect(first.headers['x-total-count']).toBe('3');
    expect(second.headers['x-total-count']).toBe('3');
    const found = await t
      .http()
      .get(`/api/organizations?q=${encodeURIComponent('客户服务')}`)
      .set(admin.auth)
      .expect(200);
    expect(found.body.map((o: { name: string }) => o.name)).toEqual(['上海客户服务中心']);
    const own = await t.http().get('/api/organizations?q=%25').set(centerAdmin.auth).expect(200);
    expect(own.body).toEqual([]);
    expect(own.headers['x-total-count']).toBe('0');
  });
});
