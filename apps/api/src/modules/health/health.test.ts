import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t?.close());

describe('health and readiness', () => {
  it('answers liveness without signing in and without the database', async () => {
    expect((await t.http().get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
  });

  it('is ready when every migration is applied, and says how many are missing when not', async () => {
    const ready = await t.http().get('/api/ready').expect(200);
    expect(ready.body.status).toBe('ready');
    expect(ready.body.migrations.applied).toBe(ready.body.migrations.expected);
    expect(ready.body.migrations.expected).toBeGreaterThan(10);
    // As if this version's newest migration had not run yet.
    await t.database.db.execute(
      sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`,
    );
    const pending = await t.http().get('/api/ready').set('Accept-Language', 'en').expect(503);
    expect(pending.body.code).toBe('database.migrations_pending');
    expect(pending.body.message).toContain('lacks 1 of this version’s migrations');
  });
});
