import { schema } from '@ccmm/db';
import { API_KEY_SCOPES, type ApiKeyScope } from '@ccmm/engine';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { hashKey } from './api-keys.repository.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let center: Session;
let member: Session;
let own: string;
let other: string;

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

async function makeKey(session: Session, organizationId: string, scopes: ApiKeyScope[], extra: object = {}) {
  const res = await t
    .http()
    .post(`/api/organizations/${organizationId}/api-keys`)
    .set(session.auth)
    .send({ name: `机器 ${scopes.join(',')}`, scopes, ...extra })
    .expect(201);
  return res.body as { id: string; key: string };
}

const putKpis = (auth: Record<string, string>, organizationId: string) =>
  t
    .http()
    .put(`/api/organizations/${organizationId}/kpis/2025-05`)
    .set(auth)
    .send({ values: [{ indicator: 'fcr', value: 86, target: 85 }] });

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  own = (await seed.organization({ name: '本中心' })).id;
  other = (await seed.organization({ name: '他中心' })).id;
  center = await seed.user('center_admin', own);
  member = await seed.user('center_member', own);
});
afterAll(async () => t.close());

describe('API keys', () => {
  it('are shown once, stored as a SHA-256 only, and listed without the key', async () => {
    const { id, key } = await makeKey(center, own, ['kpis:read']);
    expect(key).toMatch(/^ccmm_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.database.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id));
    expect(row?.keyHash).toBe(hashKey(key));
    // Nowhere in the database: not in any column of any row of the table.
    const dump = await t.database.db.execute(sql`select row_to_json(k)::text as j from api_keys k`);
    expect(JSON.stringify(dump)).not.toContain(key.slice(5));
    const list = await t.http().get(`/api/organizations/${own}/api-keys`).set(center.auth).expect(200);
    const listed = list.body.find((k: { id: string }) => k.id === id);
    expect(listed).toMatchObject({
      name: '机器 kpis:read',
      scopes: ['kpis:read'],
      revoked: false,
      expiresOn: null,
    });
    expect(JSON.stringify(list.body)).not.toContain(key);
    expect(listed).not.toHaveProperty('keyHash');
  });

  it('refuse bad input with 400 and other organizations with 404', async () => {
    const post = (session: Session, org: string, body: object) =>
      t.http().post(`/api/organizations/${org}/api-keys`).set(session.auth).send(body);
    await post(center, own, { name: 'x', scopes: ['ratings:write'] }).expect(400);
    await post(center, own, { name: 'x', scopes: [] }).expect(400);
    await post(center, own, { name: '', scopes: ['kpis:read'] }).expect(400);
    await post(center, own, { name: 'x', scopes: ['kpis:read', 'kpis:read'] }).expect(400);
    await post(center, own, { name: 'x', scopes: ['kpis:read'], expiresOn: '2000-01-01' }).expect(400);
    await post(center, other, { name: 'x', scopes: ['kpis:read'] }).expect(404);
    await post(member, own, { name: 'x', scopes: ['kpis:read'] }).expect(403);
    const bodyMade = await post(admin, other, { name: 'x', scopes: ['kpis:read'] }).expect(201);
    // Made by the body's admin for one organization: that organization only.
    await t.http().get(`/api/organizations/${other}/kpis`).set(bearer(bodyMade.body.key)).expect(200);
    await t.http().get(`/api/organizations/${own}/kpis`).set(bearer(bodyMade.body.key)).expect(404);
  });

  it('let a machine call only the routes of their scopes', async () => {
    const reader = await makeKey(center, own, ['kpis:read']);
    const writer = await makeKey(center, own, ['kpis:write']);
    await t.http().get(`/api/organizations/${own}/kpis`).set(bearer(reader.key)).expect(200);
    await putKpis(bearer(writer.key), own).expect(200);
    // The KPI trail names the key the change was made with.
    const changes = await t.http().get(`/api/organizations/${own}/kpis/changes`).set(center.auth).expect(200);
    expect(changes.body[0]).toMatchObject({ viaApiKey: '机器 kpis:write', changedBy: { id: center.id } });
    await t
      .http()
      .put(`/api/organizations/${own}/kpis/2025-05`)
      .set(center.auth)
      .send({ values: [{ indicator: 'fcr', value: 87, target: 85 }] })
      .expect(200);
    const again = await t.http().get(`/api/organizations/${own}/kpis/changes`).set(center.auth).expect(200);
    expect(again.body[0].viaApiKey).toBeNull();
    // The wrong scope, and routes that declare none (users, keys, rating): 403 auth.key_scope.
    const refused = await putKpis(bearer(reader.key), own).expect(403);
    expect(refused.body.code).toBe('auth.key_scope');
    await t.http().get(`/api/organizations/${own}/kpis`).set(bearer(writer.key)).expect(403);
    for (const [method, path] of [
      ['get', '/api/me'],
      ['get', `/api/organizations/${own}/api-keys`],
      ['post', `/api/organizations/${own}/api-keys`],
      ['get', `/api/organizations/${own}`],
    ] as const) {
      const res = await t.http()[method](path).set(bearer(writer.key)).send({});
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe('auth.key_scope');
    }
    // The key's organization only: the creator's tenancy still applies.
    await putKpis(bearer(writer.key), other).expect(404);
  });

  it('can do with every scope no more than the role of the user who made it', async () => {
    // A center member's role may not write KPIs (WRITERS): a key of an admin of the same
    // center can, but a member never gets to make one.
    const all = await makeKey(center, own, [...API_KEY_SCOPES]);
    await putKpis(bearer(all.key), own).expect(200);
    await t.http().get(`/api/assessments?organizationId=${own}`).set(bearer(all.key)).expect(200);
    // An assessment's ratings and their export (`ccmm export`) with assessments:read.
    const { id: assessmentId } = await seed.assessment(own, 'self');
    const reader = await makeKey(center, own, ['assessments:read']);
    for (const suffix of ['', '.csv', '.xlsx']) {
      await t
        .http()
        .get(`/api/assessments/${assessmentId}/scores${suffix}`)
        .set(bearer(reader.key))
        .expect(200);
      await t.http().get(`/api/assessments/${assessmentId}/scores${suffix}`).set(bearer(all.key)).expect(200);
    }
    const kpiOnly = await makeKey(center, own, ['kpis:read']);
    await t.http().get(`/api/assessments/${assessmentId}/scores.csv`).set(bearer(kpiOnly.key)).expect(403);
    await t.http().get('/api/certificates').set(bearer(all.key)).expect(200);
    await t.http().get('/api/findings').set(bearer(all.key)).expect(200);
    // The body's key for reading.
    const body = await t
      .http()
      .post('/api/api-keys')
      .set(admin.auth)
      .send({ name: '报表', scopes: ['kpis:read'] })
      .expect(201);
    await t.http().get(`/api/organizations/${other}/kpis`).set(bearer(body.body.key)).expect(200);
    const listed = await t.http().get('/api/api-keys').set(admin.auth).expect(200);
    expect(listed.body.map((k: { id: string }) => k.id)).toEqual([body.body.id]);
  });

  it('are refused from the next request once revoked or expired, or when unknown', async () => {
    const { id, key } = await makeKey(center, own, ['kpis:read']);
    const read = () => t.http().get(`/api/organizations/${own}/kpis`).set(bearer(key));
    await read().expect(200);
    // Another center's admin cannot even see it.
    const stranger = await seed.user('center_admin', other);
    await t.http().delete(`/api/api-keys/${id}`).set(stranger.auth).expect(404);
    await t.http().delete(`/api/api-keys/${id}`).set(center.auth).expect(204);
    const revoked = await read().expect(401);
    expect(revoked.body.code).toBe('auth.invalid_key');
    const listed = await t.http().get(`/api/organizations/${own}/api-keys`).set(center.auth).expect(200);
    expect(listed.body.find((k: { id: string }) => k.id === id).revoked).toBe(true);

    const expiring = await makeKey(center, own, ['kpis:read'], { expiresOn: '2099-12-31' });
    await t.http().get(`/api/organizations/${own}/kpis`).set(bearer(expiring.key)).expect(200);
    await t.database.db
      .update(schema.apiKeys)
      .set({ expiresOn: sql`current_date - 1` })
      .where(eq(schema.apiKeys.id, expiring.id));
    const expired = await t
      .http()
      .get(`/api/organizations/${own}/kpis`)
      .set(bearer(expiring.key))
      .expect(401);
    expect(expired.body.code).toBe('auth.invalid_key');
    await t
      .http()
      .get(`/api/organizations/${own}/kpis`)
      .set(bearer(`${key}x`))
      .expect(401);
    await t.http().get(`/api/organizations/${own}/kpis`).set(bearer('ccmm_')).expect(401);
  });

  it('record their last use at most once a minute', async () => {
    const { id, key } = await makeKey(center, own, ['kpis:read']);
    const lastUsed = async () =>
      (await t.database.db.select().from(schema.apiKeys).where(eq(schema.apiKeys.id, id)))[0]?.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await t.http().get(`/api/organizations/${own}/kpis`).set(bearer(key)).expect(200);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await t.http().get(`/api/organizations/${own}/kpis`).set(bearer(key)).expect(200);
    expect(await lastUsed()).toEqual(first);
    await t.database.db
      .update(schema.apiKeys)
      .set({ lastUsedAt: sql`now() - interval '2 minutes'` })
      .where(eq(schema.apiKeys.id, id));
    await t.http().get(`/api/organizations/${own}/kpis`).set(bearer(key)).expect(200);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('put every request made with them on record, refusals too, shown to who manages the key', async () => {
    const { id, key } = await makeKey(center, own, ['kpis:read']);
    const read = await t.http().get(`/api/organizations/${own}/kpis`).set(bearer(key)).expect(200);
    await putKpis(bearer(key), own).expect(403);
    // A use is recorded once the answer is sent (onResponse): on a server with a pool the read
    // may come first by a few milliseconds.
    const usesNow = () => t.http().get(`/api/api-keys/${id}/uses`).set(center.auth).expect(200);
    await expect.poll(async () => (await usesNow()).headers['x-total-count']).toBe('2');
    const uses = await usesNow();
    expect(uses.body).toMatchObject([
      { method: 'PUT', route: '/api/organizations/:id/kpis/:month', status: 403 },
      {
        method: 'GET',
        route: '/api/organizations/:id/kpis',
        status: 200,
        requestId: read.headers['x-request-id'],
      },
    ]);
    const page = await t.http().get(`/api/api-keys/${id}/uses?limit=1&offset=1`).set(admin.auth).expect(200);
    expect(page.body).toMatchObject([{ method: 'GET' }]);
    // Another center's admin, and a member of the key's own center, see nothing of it.
    const stranger = await seed.user('center_admin', other);
    await t.http().get(`/api/api-keys/${id}/uses`).set(stranger.auth).expect(404);
    await t.http().get(`/api/api-keys/${id}/uses`).set(member.auth).expect(403);
    // A session's requests are not a key's.
    await t.http().get(`/api/organizations/${own}/kpis`).set(center.auth).expect(200);
    const again = await t.http().get(`/api/api-keys/${id}/uses`).set(center.auth).expect(200);
    expect(again.body).toHaveLength(2);
  });

  it('answer a machine in the language its request asks for, else its creator’s', async () => {
    const { key } = await makeKey(center, own, ['kpis:read']);
    const english = await putKpis({ ...bearer(key), 'Accept-Language': 'en' }, own).expect(403);
    expect(english.body.message).toMatch(/[A-Za-z]/);
    expect(english.body.message).not.toMatch(/[\u4e00-\u9fff]/);
    const hant = await putKpis({ ...bearer(key), 'Accept-Language': 'zh-TW' }, own).expect(403);
    expect(hant.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(hant.body.message).not.toBe(english.body.message);
  });
});
