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
});
