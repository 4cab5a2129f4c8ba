import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';

// Two apps on one database, as two server processes (each with its own registry of editions):
// an edition uploaded and published through one is seen by the other without a restart.
const FIXTURE = new URL('../../../../../tests/fixtures/editions/test-fixture-1.yaml', import.meta.url);
const REF = 'cc-cmm-oc@test-fixture-1';
const JWT_SECRET = 's'.repeat(48);
let one: TestApp;
let two: TestApp;
let admin: Session;

beforeAll(async () => {
  one = await buildTestApp({ JWT_SECRET });
  two = await buildTestApp({ JWT_SECRET }, { shareDatabaseOf: one });
  admin = await seeder(one).setupAdmin();
}, 60_000);
afterAll(async () => {
  await two?.close();
  await one?.close();
});

/** The edition's status as `app` answers it, once it answers `want` (a notification is asynchronous). */
async function statusOn(app: TestApp, want: string): Promise<string> {
  let status = '';
  for (let i = 0; i < 50 && status !== want; i++) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    const res = await app.http().get(`/api/standards/${REF}`).set(admin.auth);
    status = res.status === 200 ? res.body.status : String(res.status);
  }
  return status;
}

describe('editions across processes', () => {
  it('an edition uploaded, then published, through one process is seen by the other without a restart', async () => {
    await two.http().get(`/api/standards/${REF}`).set(admin.auth).expect(404);
    const yaml = await readFile(FIXTURE, 'utf8');
    await one
      .http()
      .post('/api/standards')
      .set(admin.auth)
      .set('Content-Type', 'application/yaml')
      .send(yaml)
      .expect(201);
    expect(await statusOn(two, 'draft')).toBe('draft');
    await one.http().post(`/api/standards/${REF}/publish`).set(admin.auth).expect(200);
    expect(await statusOn(two, 'published')).toBe('published');
    const list = await two.http().get('/api/standards').set(admin.auth).expect(200);
    expect(list.body.map((s: { ref: string; status: string }) => `${s.ref} ${s.status}`)).toContain(
      `${REF} published`,
    );
  });
});
