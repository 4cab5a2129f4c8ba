import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';

let on: TestApp;
let off: TestApp;
beforeAll(async () => {
  on = await buildTestApp({ METRICS: 'on' });
  off = await buildTestApp();
});
afterAll(async () => {
  await on?.close();
  await off?.close();
});

describe('Prometheus metrics', () => {
  it('are off by default', async () => {
    await off.http().get('/metrics').expect(404);
  });

  it('with METRICS=on, count request durations by route pattern (not the raw URL) and status', async () => {
    await on.http().get('/api/health').expect(200);
    await on.http().get('/api/health').expect(200);
    await on.http().get('/api/organizations/7c9e6679-7425-40de-944b-e07fc1f90ae7').expect(401);
    const res = await on.http().get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/health",status_code="200"\} 2\n/,
    );
    expect(res.text).toMatch(
      /http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/organizations\/:id",status_code="401"\} 1/,
    );
    expect(res.text).not.toContain('7c9e6679');
    // Node's own: the event loop's lag, the heap.
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
    expect(res.text).not.toMatch(/route="\/metrics"/);
  });

  it('with METRICS=on, show the database pool, the outbox depth and the scheduled jobs’ runs', async () => {
    // A message waiting in the outbox (no SMTP_URL here: it stays).
    await on.database.db.execute(
      sql`insert into outbox (kind, recipient, locale, payload) values ('test', 'a@example.org', 'en', '{}'::jsonb)`,
    );
    const res = await on.http().get('/metrics').expect(200);
    expect(res.text).toMatch(/\nccmm_db_pool_size \d+\n/);
    expect(res.text).toMatch(/\nccmm_db_up 1\n/);
    expect(res.text).toMatch(/\nccmm_db_query_wait_seconds [\d.e-]+\n/);
    expect(res.text).toMatch(/\nccmm_db_connections\{state="[a-z ]+"\} [1-9]\d*\n/);
    expect(res.text).toMatch(/\nccmm_outbox_depth\{kind="unsent"\} [1-9]\d*\n/);
    expect(res.text).toMatch(/\nccmm_outbox_oldest_unsent_seconds [\d.e-]+\n/);
    // The certificate and notification jobs ran once at start-up (ready).
    expect(res.text).toMatch(/\nccmm_job_runs_total\{job="certificates",outcome="ran"\} 1\n/);
    expect(res.text).toMatch(/\nccmm_job_runs_total\{job="notifications",outcome="ran"\} 1\n/);
    expect(res.text).toMatch(/\nccmm_job_run_duration_seconds_count\{job="certificates"\} 1\n/);
  });
});
