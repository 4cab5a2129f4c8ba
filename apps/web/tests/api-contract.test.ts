// api() parses every answer with the API's own schema (@ccmm/api/contract): a body that no longer
// matches what the web parses is a 502, logged, never handed to a page. Against a real HTTP server
// on an ephemeral port standing in for the API, so the whole path (fetch, JSON, zod) runs.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { schemas } from '@ccmm/api/contract';
import { isHttpError } from '@sveltejs/kit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api } from '../src/lib/server/api.ts';

let server: Server;
let answer = { status: 200, body: '' };
const locals = { token: null, locale: 'en' as const };

const assessment = {
  id: '0b8f6c1e-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
  organizationId: '1c9a7d2f-4d5e-4f60-9b0c-1d2e3f4a5b6c',
  organizationName: 'Contact Centre A',
  standard: 'cc-cmm-oc@2017',
  kind: 'self',
  status: 'draft',
  assessedOn: '2026-03-01',
  carriedFrom: null,
  sample: null,
  createdAt: '2026-03-01T08:00:00.000Z',
  updatedAt: '2026-03-02T09:30:00.000Z',
};

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.CCMM_API_ORIGIN = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function statusOfThrown(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (thrown) {
    if (isHttpError(thrown)) return thrown.status;
    throw thrown;
  }
  throw new Error('api() answered instead of refusing the body');
}

describe('api() with the contract’s schema', () => {
  it('parses a matching body: the fields the API declares, timestamps as Dates', async () => {
    answer = { status: 200, body: JSON.stringify(assessment) };
    const result = await api(locals, 'GET', `/api/assessments/${assessment.id}`, schemas.assessment);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body.organizationName).toBe('Contact Centre A');
    expect(result.body.createdAt).toEqual(new Date('2026-03-01T08:00:00.000Z'));
  });

  it('answers 502 when the body no longer matches, and logs what did not', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { status: _dropped, ...changed } = assessment;
    answer = { status: 200, body: JSON.stringify({ ...changed, kind: 'audit' }) };
    const status = await statusOfThrown(
      api(locals, 'GET', `/api/assessments/${assessment.id}`, schemas.assessment),
    );
    expect(status).toBe(502);
    const logged = String(log.mock.calls[0]?.[0]);
    expect(logged).toContain(`GET /api/assessments/${assessment.id} (HTTP 200)`);
    expect(logged).toContain('"status"');
    expect(logged).toContain('"kind"');
  });

  it('answers 502 for a body that is not JSON', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    answer = { status: 200, body: '<html>proxy error</html>' };
    expect(await statusOfThrown(api(locals, 'GET', '/api/assessments', schemas.assessments))).toBe(502);
  });

  it('parses an error body as the API’s error shape, keeping its details', async () => {
    answer = {
      status: 409,
      body: JSON.stringify({ code: 'rating.stale', message: 'Changed meanwhile', current: { version: 3 } }),
    };
    const result = await api(locals, 'PUT', '/api/assessments/x/scores/1', schemas.ratings, {});
    expect(result).toMatchObject({
      ok: false,
      status: 409,
      body: { code: 'rating.stale', current: { version: 3 } },
    });
  });

  it('answers 502 for an error body without the error shape', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    answer = { status: 404, body: JSON.stringify({ error: 'Not Found' }) };
    expect(await statusOfThrown(api(locals, 'GET', '/api/nowhere', schemas.noContent))).toBe(502);
  });
});
