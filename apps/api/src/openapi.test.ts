import { createConfig, lintFromString } from '@redocly/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { operationIdOf } from './plugins/openapi.ts';

// The published API document is what integrators generate clients from: Redocly's recommended
// rules must find no error in it, every reference must resolve and every operation be named.

let t: TestApp;
let document: {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string; summary?: string; tags?: string[] }>>;
  components?: { schemas?: Record<string, unknown> };
};
let source = '';

beforeAll(async () => {
  t = await buildTestApp();
  const res = await t.http().get('/api/docs/json').expect(200);
  source = res.text;
  document = res.body;
});
afterAll(async () => t?.close());

describe('the API document', () => {
  it('passes Redocly’s recommended rules with no error', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source, absoluteRef: 'openapi.json', config });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);
    expect(errors).toEqual([]);
  });

  it('defines every schema it refers to, names every operation once, and has no trailing slash', () => {
    const refs = [...source.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1] as string,
    );
    expect(refs.length).toBeGreaterThan(50);
    const defined = new Set(Object.keys(document.components?.schemas ?? {}));
    expect([...new Set(refs)].filter((r) => !defined.has(r))).toEqual([]);
    const ids = Object.values(document.paths).flatMap((ops) =>
      Object.values(ops).map((op) => op.operationId ?? '(none)'),
    );
    expect(ids).not.toContain('(none)');
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(document.paths).filter((p) => p.length > 1 && p.endsWith('/'))).toEqual([]);
    expect(document.servers?.length).toBeGreaterThan(0);
  });
});

describe('every operation', () => {
  it('has a summary and at least one tag (what a generated client and the reference show)', () => {
    const operations = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(100);
    expect(operations.filter(({ op }) => !op.summary?.trim()).map(({ name }) => name)).toEqual([]);
    expect(operations.filter(({ op }) => !op.tags?.length).map(({ name }) => name)).toEqual([]);
  });
});

describe('operationIdOf', () => {
  it('names an operation by its method and path, parameters as By<Name>', () => {
    expect(operationIdOf('GET', '/api/assessments/{id}/findings')).toBe('getAssessmentsByIdFindings');
    expect(operationIdOf('PUT', '/api/assessments/:id/scores/:clause')).toBe(
      'putAssessmentsByIdScoresByClause',
    );
    expect(operationIdOf('POST', '/api/public/certificates/{number}/complaints')).toBe(
      'postPublicCertificatesByNumberComplaints',
    );
    expect(operationIdOf('GET', '/api/findings.csv')).toBe('getFindingsCsv');
    expect(operationIdOf('POST', '/api/auth/password-reset')).toBe('postAuthPasswordReset');
  });
});
