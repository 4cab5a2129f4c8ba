import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';

// The users list grows with every center: read a page at a time, searchable by name or address.

let t: TestApp;
let admin: Session;
let centerAdmin: Session;

beforeAll(async () => {
  t = await buildTestApp();
  const seed = seeder(t);
  admin = await seed.setupAdmin();
  const organization = await seed.organization({ name: '用户中心' });
  const other = await seed.organization({ name: '别的中心' });
  centerAdmin = await seed.user('center_admin', organization.id);
  for (let i = 0; i < 3; i++) await seed.user('center_member', organization.id);
  for (let i = 0; i < 2; i++) await seed.user('center_member', other.id);
  await seed.user('auditor');
});
afterAll(async () => t.close());

describe('the users list', () => {
  it('pages by name with the total, never repeating or skipping a user', async () => {
    const all = await t.http().get('/api/users').set(admin.auth).expect(200);
    expect(all.body.length).toBeGreaterThanOrEqual(8);
    expect(all.headers['x-total-count']).toBe(String(all.body.length));
    const paged: string[] = [];
    for (let offset = 0; offset < all.body.length; offset += 3) {
      const page = await t.http().get(`/api/users?limit=3&offset=${offset}`).set(admin.auth).expect(200);
      expect(page.headers['x-total-count']).toBe(String(all.body.length));
      paged.push(...page.body.map((u: { id: string }) => u.id));
    }
    expect(paged).toEqual(all.body.map((u: { id: string }) => u.id));
    const past = await t.http().get('/api/users?limit=3&offset=1000').set(admin.auth).expect(200);
    expect(past.body).toEqual([]);
    expect(past.headers['x-total-count']).toBe(String(all.body.length));
  });

  it('finds users by part of the name or e-mail address, as a direct filter of the whole list does', async () => {
    const all = (await t.http().get('/api/users').set(admin.auth).expect(200)).body as {
      id: string;
      name: string;
      email: string;
    }[];
    for (const q of ['MEMBER', 'auditor-', '@test.example', 'nobody-at-all']) {
      const res = await t
        .http()
        .get(`/api/users?q=${encodeURIComponent(q)}`)
        .set(admin.auth)
        .expect(200);
      const want = all.filter((u) => `${u.name}\n${u.email}`.toLowerCase().includes(q.toLowerCase()));
      expect(
        res.body.map((u: { id: string }) => u.id),
        q,
      ).toEqual(want.map((u) => u.id));
      expect(res.headers['x-total-count']).toBe(String(want.length));
    }
  });

  it('keeps a center admin to the users of their own center, searching included', async () => {
    const own = await t.http().get('/api/users?q=member&limit=2').set(centerAdmin.auth).expect(200);
    expect(own.headers['x-total-count']).toBe('3');
    expect(own.body).toHaveLength(2);
  });
});
