import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/app.ts';
import { operationIdOf } from './plugins/openapi.ts';

// The published API document is what integrators generate clients from: Redocly's recommended
// rules must find no error in it, every reference must resolve, every operation be named, and
// every JSON success answer come with an example that validates against its schema.

let t: TestApp;
type Schema = {
  $ref?: string;
  type?: string | string[];
  items?: Schema;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  examples?: unknown[];
};
/** A media type (or a parameter): its schema, and examples as @fastify/swagger places them. */
type Media = { schema?: Schema; example?: unknown; examples?: unknown };
type Operation = {
  operationId?: string;
  summary?: string;
  tags?: string[];
  responses?: Record<string, { content?: Record<string, Media> }>;
};
type Document = {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};
let document: Document;
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

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/**
 * The examples of a schema (components, and any schema inside them), or of a media type or a
 * parameter: @fastify/swagger moves a route's own schema examples there, as `example` or as
 * named `examples`.
 */
function examplesAt(node: Media, at: string[]): { schemaAt: string[]; values: unknown[] }[] {
  const { schema, example, examples } = node;
  const found: { schemaAt: string[]; values: unknown[] }[] = [];
  if (Array.isArray(examples) && (at[0] === 'components' || at.includes('schema'))) {
    found.push({ schemaAt: at, values: examples });
  }
  const named =
    examples && typeof examples === 'object' && !Array.isArray(examples)
      ? Object.values(examples as Record<string, { value: unknown }>).map((e) => e.value)
      : [];
  if (schema && (example !== undefined || named.length > 0)) {
    found.push({
      schemaAt: [...at, 'schema'],
      values: [...(example === undefined ? [] : [example]), ...named],
    });
  }
  return found;
}

/** Every example in the document, components and inline, checked against its schema. */
function exampleProblems(doc: Document): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The whole document, so that each schema's #/components/schemas/… resolves in it.
  ajv.addSchema(doc, 'api.json');
  const problems: string[] = [];
  const visit = (node: unknown, at: string[]) => {
    if (!node || typeof node !== 'object') return;
    for (const { schemaAt, values } of examplesAt(node as Media, at)) {
      const validate = ajv.getSchema(`api.json#/${pointer(...schemaAt)}`);
      values.forEach((example, i) => {
        if (!validate) problems.push(`${schemaAt.join('/')}: the schema does not compile`);
        else if (!validate(example)) {
          problems.push(
            `${schemaAt.join('/')} example ${i}: ${ajv.errorsText(validate.errors, { dataVar: 'example' })}`,
          );
        }
      });
    }
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'examples' && key !== 'example') visit(value, [...at, key]);
    }
  };
  visit(doc.components?.schemas, ['components', 'schemas']);
  visit(doc.paths, ['paths']);
  return problems;
}

/**
 * Whether an integrator finds an example of a success answer: on the schema itself, on the
 * component it refers to, on the items of a list or of a page ({items: [...], ...}), or on a
 * branch of a nullable answer.
 */
function hasExample(doc: Document, schema: Schema | undefined): boolean {
  if (!schema) return false;
  if (schema.examples?.length) return true;
  if (schema.$ref) return hasExample(doc, doc.components?.schemas?.[schema.$ref.split('/').pop() ?? '']);
  if (schema.type === 'array') return hasExample(doc, schema.items);
  if (schema.properties?.items?.type === 'array') return hasExample(doc, schema.properties.items.items);
  return (schema.anyOf ?? []).some((branch) => branch.type !== 'null' && hasExample(doc, branch));
}

/**
 * The JSON success answers without an example. Files (CSV, XLSX, PDF: documented as a bare
 * string or as anything) and answers that can only be null carry nothing to show.
 */
function operationsWithoutExample(doc: Document): string[] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).flatMap(([method, op]) =>
      Object.entries(op.responses ?? {})
        .filter(([status]) => status.startsWith('2'))
        .flatMap(([status, response]) => {
          const media = response.content?.['application/json'];
          const schema = media?.schema;
          const nothingToShow =
            !schema ||
            Object.keys(schema).length === 0 ||
            ((schema.type === 'string' || schema.type === 'null') && Object.keys(schema).length === 1);
          const shown = media && examplesAt(media, []).length > 0;
          return nothingToShow || shown || hasExample(doc, schema)
            ? []
            : [`${method.toUpperCase()} ${path} → ${status}`];
        }),
    ),
  );
}

describe('the examples of the API document', () => {
  it('validate against their schemas, components and inline alike', () => {
    expect(exampleProblems(document)).toEqual([]);
    expect(source.match(/"examples?":/g)?.length ?? 0).toBeGreaterThan(100);
  });

  it('cover every JSON success answer of every operation', () => {
    expect(operationsWithoutExample(document)).toEqual([]);
  });

  it('would be caught: an example off its schema, an answer left without one', () => {
    const broken = structuredClone(document);
    const rating = broken.components?.schemas?.Rating;
    if (!rating?.examples?.[0]) throw new Error('Rating has no example');
    (rating.examples[0] as { c: unknown }).c = 'ten';
    expect(exampleProblems(broken)).toEqual([
      expect.stringMatching(/^components\/schemas\/Rating example 0: example\/c must be integer/),
    ]);
    delete rating.examples;
    expect(operationsWithoutExample(broken)).toEqual(
      expect.arrayContaining(['PUT /api/assessments/{id}/scores/{clause} → 200']),
    );
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
