import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';

// Every API path the README documents is one the server has: a reader who copies one never meets
// "no such route". Requests go unsigned with placeholder ids: any answer but the router's own
// 404 (request.not_found) shows the route exists.

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

const PLACEHOLDERS: Record<string, string> = {
  number: 'CCMM-OC-2026-0001',
  clause: '1',
  month: '2026-01',
  indicator: 'aht',
  token: 'token',
};
const UUID = '00000000-0000-4000-8000-000000000000';

/**
 * "GET /api/x/:id {body}" → method and path, each optional "[.csv|.xlsx]" giving one path per
 * choice. "…/y" on the same line continues the path before it (see `continued`).
 */
export function documentedRoutes(readme: string): { method: Method; path: string }[] {
  const routes: { method: Method; path: string }[] = [];
  for (const line of readme.split('\n')) {
    let previous = '';
    for (const [, method, raw] of line.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ((?:\/api|…)[^`\s]*)/g)) {
      let path = raw as string;
      if (path.startsWith('…')) path = continued(previous, path.slice(1));
      const choices = /\[(\.[^\]]+)\]/.exec(path);
      const bare = path.replace(/\[[^\]]*\]/g, '').replace(/\?.*$/, '');
      previous = bare;
      const suffixes = choices ? ['', ...(choices[1] as string).replaceAll('\\|', '|').split('|')] : [''];
      for (const suffix of suffixes) routes.push({ method: method as Method, path: bare + suffix });
    }
  }
  return routes;
}

/**
 * "…/rest" after `previous`: from where previous has rest's first segment (`…/evidence/notes`
 * after `/api/a/:id/evidence`); else added after a parameter (`…/changes` after
 * `/api/organizations/:id`); else in place of the last segment (`…/sign-offs` after `…/sign-off`).
 */
function continued(previous: string, rest: string): string {
  const segments = previous.split('/');
  const at = segments.lastIndexOf(rest.split('/')[1] ?? '');
  if (at > 0) return segments.slice(0, at).join('/') + rest;
  if (segments.at(-1)?.startsWith(':')) return previous + rest;
  return segments.slice(0, -1).join('/') + rest;
}

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

describe('the README’s API paths', () => {
  const routes = documentedRoutes(README);

  it('are read from the README: every table row and example', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes).toContainEqual({ method: 'GET', path: '/api/assessments/:id/report/pdf' });
    expect(routes).toContainEqual({ method: 'GET', path: '/api/organizations/:id/changes' });
    expect(routes).toContainEqual({
      method: 'DELETE',
      path: '/api/organizations/:id/kpis/:month/:indicator',
    });
    expect(routes).toContainEqual({ method: 'GET', path: '/api/findings.xlsx' });
  });

  it('each answer something other than “no such route”', async () => {
    const missing: string[] = [];
    for (const { method, path } of routes) {
      const url = path.replace(/:([A-Za-z]+)/g, (_, name: string) => PLACEHOLDERS[name] ?? UUID);
      const res = await t.fastify.inject({ method, url });
      if (res.statusCode === 404 && res.json().code === 'request.not_found')
        missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
  });
});
