import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';

// The public rate limits are counted in the database: two apps on one database (two server
// processes behind one address) limit a client as one app would, and each route counts apart.

let first: TestApp;
let second: TestApp;
const LIMIT = 4;

beforeAll(async () => {
  const env = { VERIFICATIONS_PER_MINUTE: String(LIMIT) };
  first = await buildTestApp(env);
  second = await buildTestApp(env, { shareDatabaseOf: first });
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

describe('rate limits across processes', () => {
  it('count one client’s requests to both apps together', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 2 * LIMIT; i++) {
      const app = i % 2 === 0 ? first : second;
      statuses.push((await app.http().get('/api/public/certificates/CCMM-OC-2026-9999')).status);
    }
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(404));
    expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
    const refused = await second.http().get('/api/public/certificates/CCMM-OC-2026-9999').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('count each route apart', async () => {
    await first.http().get('/api/public/directory').expect(200);
  });
});
