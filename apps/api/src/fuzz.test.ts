import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../test/app.ts';
import { CLAUSES, certifiedAudit } from '../test/certification.ts';

// Every operation of the OpenAPI document, fed requests a client should never send: wrong
// types, missing and unknown fields, empty, huge and over-limit bodies, ids of nothing, broken
// query strings, forged tokens. Whatever comes in, the answer is never a 5xx, and every 4xx is
// `{code, message}`. The requests come from a seeded generator: a failure replays exactly.

/** Fixed, so a failure replays; FUZZ_SEED=<n> explores other requests. */
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_cc33);
/** Requests per operation and identity, besides the fixed edge cases of each operation. */
const PER_IDENTITY = 9;
const BODY_LIMIT = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// A small deterministic generator (mulberry32): the same seed, the same requests.

function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[int(0, items.length - 1)];
    if (item === undefined) throw new Error('pick from nothing');
    return item;
  };
  const chance = (p: number) => next() < p;
  // randomUUID is not seeded: ids of nothing are drawn from the generator instead.
  const uuid = () =>
    Array.from({ length: 32 }, (_, i) => {
      if (i === 12) return '4';
      if (i === 16) return pick(['8', '9', 'a', 'b']);
      return int(0, 15).toString(16);
    })
      .join('')
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  return { next, int, pick, chance, uuid };
}

type Rng = ReturnType<typeof generator>;

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) as the bytes of U+D800. */
const encode = (value: string) =>
  encodeURIComponent(value.replace(/[\ud800-\udfff]/g, '\ufffd')).replaceAll('%EF%BF%BD', '%ED%A0%80');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: unknown };

// ---------------------------------------------------------------------------------------------
// The operations, read from the OpenAPI document.

interface Param {
  readonly name: string;
  readonly required: boolean;
  readonly schema: Schema;
}
interface Operation {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly pathParams: readonly Param[];
  readonly query: readonly Param[];
  readonly body: { readonly contentType: string; readonly schema: Schema } | null;
}

function operationsOf(doc: { paths: Record<string, Record<string, Schema>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const parameters = (op.parameters ?? []) as {
        in: string;
        name: string;
        required?: boolean;
        schema?: Schema;
      }[];
      const params = (where: string) =>
        parameters
          .filter((p) => p.in === where)
          .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema ?? {} }));
      const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      const [contentType, media] = Object.entries(content ?? {})[0] ?? [];
      operations.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: params('path'),
        query: params('query'),
        body: contentType ? { contentType, schema: media?.schema ?? {} } : null,
      });
    }
  }
  return operations;
}

// ---------------------------------------------------------------------------------------------
// What the fuzzer knows of the seeded world, to get past "not found" now and then.

interface World {
  organizations: string[];
  assessments: string[];
  users: string[];
  consultant: string;
  evidence: string;
  certificate: string;
}

const STRINGS = [
  '',
  ' ',
  'a',
  '客服中心',
  '客服中心'.repeat(60),
  "' OR 1=1 --",
  '"; drop table users; --',
  '<script>alert(1)</script>',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\u202e\u0645\u0631\u062d\u0628\u0627',
  '😀'.repeat(10),
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, sent as is
  '${7*7}{{7*7}}',
  '../../../../etc/passwd',
  'null',
  'true',
  '0',
  '-1',
  'NaN',
  '1e309',
];
const NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2,
  5,
  7,
  10,
  100,
  168,
  169,
  2 ** 31,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  -1e308,
];
/** Path and query values that are wrong for any parameter: raw, already percent-encoded. */
const BAD_URL_VALUES = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '-1',
  '0',
  '1.5',
  '169',
  '99999999999999999999999999',
  '1e309',
  'NaN',
  '%00',
  'x%00y',
  '%E4%B8',
  '%',
  '%2e%2e%2f%2e%2e',
  '%27%20OR%201%3D1--',
  '%E5%AE%A2%E6%9C%8D',
  'a'.repeat(2000),
  '__proto__',
  'constructor',
  '%20',
  'CCMM-X-2026-0001',
  'CCMM-X-9999-99999999999999999999',
  '2026-13',
  '0000-01',
  '2017-02-29',
];

function makeValues(rng: Rng, world: World) {
  const anyUuid = () =>
    rng.pick([
      ...world.organizations,
      ...world.assessments,
      ...world.users,
      world.evidence,
      rng.uuid(),
      '00000000-0000-0000-0000-000000000000',
    ]);
  const date = () =>
    rng.pick([
      '2017-01-01',
      '2018-03-01',
      '2024-02-29',
      '2026-06-30',
      '2026-12-31',
      '1900-01-01',
      '9999-12-31',
    ]);
  const month = () => `${rng.int(2015, 2027)}-${String(rng.int(1, 12)).padStart(2, '0')}`;

  /** A value the parameter's schema allows, from what the world holds when the name says which. */
  function forName(name: string, path: string, schema: Schema): Json {
    if (name === 'id') {
      return path.startsWith('/api/organizations')
        ? rng.pick(world.organizations)
        : rng.pick(world.assessments);
    }
    if (name === 'organizationId') return rng.pick(world.organizations);
    if (name === 'organizationIds') {
      return rng
        .pick([world.organizations, [...world.organizations, rng.uuid()], world.organizations.slice(0, 1)])
        .join(',');
    }
    if (name === 'selfAssessmentId' || name === 'auditId') return rng.pick(world.assessments);
    if (name === 'consultantId') return world.consultant;
    if (name === 'evidenceId') return world.evidence;
    if (name === 'number') return world.certificate;
    if (name === 'ref' || name === 'standard') return rng.pick(['cc-cmm-oc@2017', 'cc-cmm-oc', 'nothing@1']);
    if (name === 'clause') return rng.int(1, CLAUSES);
    return valid(schema, name, 0);
  }

  /** Roughly what the schema asks for; unknown shapes get any JSON. */
  function valid(schema: Schema, name: string, depth: number): Json {
    // The document's $refs point at components it does not define: any value will do.
    if (typeof schema.$ref === 'string') return randomJson(depth);
    const variants = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Schema[] | undefined;
    if (variants && variants.length > 0)
      return valid({ ...rng.pick(variants), nullable: schema.nullable }, name, depth);
    if (schema.nullable === true && rng.chance(0.1)) return null;
    if (Array.isArray(schema.enum)) return rng.pick(schema.enum as Json[]);
    switch (schema.type) {
      case 'string':
        return stringFor(schema, name);
      case 'integer': {
        if (name === 'clause' || name === 'clauses') return rng.int(1, CLAUSES);
        const min = typeof schema.minimum === 'number' ? schema.minimum : -5;
        const max = typeof schema.maximum === 'number' ? Math.min(schema.maximum, min + 1000) : min + 1000;
        return rng.chance(0.8) ? rng.int(min, max) : rng.pick(NUMBERS);
      }
      case 'number':
        return rng.chance(0.7) ? rng.int(0, 100) : rng.pick(NUMBERS);
      case 'boolean':
        return rng.chance(0.5);
      case 'array': {
        const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
        const max = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : 4, min + 4);
        const items = (schema.items ?? {}) as Schema;
        return Array.from({ length: rng.int(min, max) }, () => valid(items, name, depth + 1));
      }
      case 'object': {
        const properties = (schema.properties ?? {}) as Record<string, Schema>;
        const required = new Set((schema.required ?? []) as string[]);
        const out: { [key: string]: Json } = {};
        for (const [key, property] of Object.entries(properties)) {
          if (required.has(key) || rng.chance(0.6)) out[key] = valid(property, key, depth + 1);
        }
        return out;
      }
      default:
        return randomJson(depth);
    }
  }

  function stringFor(schema: Schema, name: string): string {
    const pattern = typeof schema.pattern === 'string' ? schema.pattern : '';
    if (schema.format === 'uuid') return rng.chance(0.9) ? anyUuid() : rng.pick(STRINGS);
    if (schema.format === 'date') return rng.chance(0.9) ? date() : rng.pick(['2026-02-30', '26-1-1', '']);
    if (schema.format === 'email') return `fuzz-${rng.int(0, 1e6)}@fuzz.test`;
    if (schema.format === 'uri') {
      return rng.pick(['https://example.com/a', 'http://example.com', 'javascript:alert(1)', 'ftp://x', 'x']);
    }
    if (pattern.includes('CCMM')) return world.certificate;
    if (pattern.includes('(0[1-9]|1[0-2])')) return month();
    if (name === 'email') return `fuzz-${rng.int(0, 1e6)}@fuzz.test`;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : 300;
    if (rng.chance(0.3)) return rng.pick(STRINGS);
    const length = rng.int(min, Math.min(max, min + 30));
    return Array.from({ length }, () => rng.pick([...'abcxyz 0123-_客服中心評估']))
      .join('')
      .padEnd(min, 'x');
  }

  function randomJson(depth: number): Json {
    const kind = rng.int(0, depth > 2 ? 4 : 6);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return rng.chance(0.5);
      case 2:
        return rng.pick(NUMBERS);
      case 3:
        return rng.pick(STRINGS);
      case 4:
        return anyUuid();
      case 5:
        return Array.from({ length: rng.int(0, 3) }, () => randomJson(depth + 1));
      default:
        return Object.fromEntries(
          Array.from({ length: rng.int(0, 3) }, () => [
            rng.pick(['a', 'id', 'name', 'x']),
            randomJson(depth + 1),
          ]),
        );
    }
  }

  return { forName, valid, randomJson };
}

// ---------------------------------------------------------------------------------------------
// Requests for one operation.

interface Probe {
  readonly label: string;
  readonly request: InjectOptions;
}

const LOGOUT = 'POST /api/auth/logout';
/**
 * Operations that legitimately take long (rendering a PDF or a workbook, re-hashing an
 * assessment's whole audit trail): reached with ids of nothing only, so they answer fast.
 */
const LONG_WORK = new Set([
  'GET /api/assessments/{id}/report/pdf',
  'GET /api/certificates/{number}/pdf',
  'GET /api/assessments/{id}/scores.xlsx',
  'GET /api/assessments/{id}/trail/verify',
]);

function probesFor(op: Operation, rng: Rng, world: World, who: string): Probe[] {
  const values = makeValues(rng, world);
  const key = `${op.method} ${op.path}`;
  const longWork = LONG_WORK.has(key);

  function url(badParam: number | null): string {
    let path = op.path;
    op.pathParams.forEach((param, i) => {
      const value =
        i === badParam || longWork
          ? rng.pick(BAD_URL_VALUES)
          : encode(String(values.forName(param.name, op.path, param.schema)));
      path = path.replace(`{${param.name}}`, value);
    });
    return path;
  }

  function queryString(): string {
    const parts: string[] = [];
    for (const param of op.query) {
      if (!param.required && rng.chance(0.5)) continue;
      if (param.required && rng.chance(0.1)) continue;
      const value = rng.chance(0.25)
        ? rng.pick(BAD_URL_VALUES)
        : encode(String(values.forName(param.name, op.path, param.schema)));
      parts.push(`${param.name}=${value}`);
      if (rng.chance(0.1)) parts.push(`${param.name}=${value}`); // repeated: arrives as an array
    }
    if (rng.chance(0.15)) parts.push(`${rng.pick(['unknown', '__proto__', 'constructor', 'a[b]', ''])}=1`);
    if (rng.chance(0.05)) parts.push(`q=${'x'.repeat(8000)}`);
    if (rng.chance(0.05)) parts.push(rng.pick(['&&&', '=', '%', '%zz=%zz', 'a=%E4']));
    return parts.length > 0 ? `?${parts.join('&')}` : '';
  }

  /** A body near the schema, then bent: fields dropped, retyped, nulled or added. */
  function jsonBody(schema: Schema): string {
    const value = values.valid(schema, '', 0);
    const strategy = rng.int(0, 9);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const someKey = keys.length > 0 ? rng.pick(keys) : 'x';
      if (strategy === 1) delete value[someKey];
      if (strategy === 2) value[someKey] = values.randomJson(1);
      if (strategy === 3) value[someKey] = null;
      if (strategy === 4)
        value[rng.pick(['unknown', 'constructor', 'prototype', '$where', ''])] = values.randomJson(1);
      if (strategy === 5) {
        // A key JSON.parse would turn into the object's prototype.
        const rest = JSON.stringify(value).slice(1);
        return `{"__proto__":{"role":"cb_admin"}${rest === '}' ? '' : ','}${rest}`;
      }
    }
    if (strategy === 6) return JSON.stringify(values.randomJson(0));
    if (strategy === 7) return `${'['.repeat(3000)}${']'.repeat(3000)}`;
    return JSON.stringify(value);
  }

  function multipartBody(): { payload: string; contentType: string } {
    const boundary = `fuzz${rng.int(0, 1e9)}`;
    const parts: string[] = [];
    const field = (name: string, value: string) =>
      parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    if (rng.chance(0.8)) field('clauses', String(values.valid({ type: 'string' }, 'clauses', 0)));
    if (rng.chance(0.8)) field('clauses', String(rng.pick([1, 2, 0, -1, 169, 1e20])));
    if (rng.chance(0.3)) field('caption', rng.pick(STRINGS));
    if (rng.chance(0.2)) field('unknown', 'x');
    if (rng.chance(0.85)) {
      const content = rng.pick(['plain text evidence 证据', '%PDF-1.4\n%garbage', '\u0000\u0001\u0002', '']);
      const name = rng.pick(['file', 'file', 'other']);
      parts.push(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${rng.pick(['a.txt', '../../x.pdf', '证据.pdf', 'a\u0000.txt', ''])}"\r\nContent-Type: ${rng.pick(['text/plain', 'application/pdf', 'application/x-msdownload'])}\r\n\r\n${content}\r\n`,
      );
    }
    const closing = rng.chance(0.9) ? `--${boundary}--\r\n` : '';
    return { payload: parts.join('') + closing, contentType: `multipart/form-data; boundary=${boundary}` };
  }

  const probes: Probe[] = [];
  for (let i = 0; i < PER_IDENTITY; i++) {
    const badParam =
      op.pathParams.length > 0 && rng.chance(0.35) ? rng.int(0, op.pathParams.length - 1) : null;
    const request: InjectOptions = { method: op.method, url: url(badParam) + queryString(), headers: {} };
    if (op.body?.contentType === 'multipart/form-data') {
      const { payload, contentType } = multipartBody();
      request.payload = payload;
      request.headers = { 'content-type': contentType };
    } else if (op.body) {
      const kind = rng.int(0, 9);
      if (kind === 0) {
        request.payload = rng.pick(['{"a":', '', 'null', '[]', '"x"', '1', '{}']);
        request.headers = { 'content-type': 'application/json' };
      } else if (kind === 1) {
        request.payload = rng.pick([
          'clause,c_rate,f_rate\n1,10,10\n',
          'clause,c_rate,f_rate,note\n1,10,10,a\u0000b\n',
          'x',
          '<a/>',
        ]);
        request.headers = { 'content-type': rng.pick(['text/csv', 'text/plain', 'application/xml']) };
      } else {
        request.payload = jsonBody(op.body.schema);
        request.headers = { 'content-type': 'application/json' };
      }
    } else if (op.method !== 'GET' && rng.chance(0.2)) {
      // A body where none is expected.
      request.payload = JSON.stringify(values.randomJson(0));
      request.headers = { 'content-type': 'application/json' };
    }
    probes.push({ label: `${key} as ${who}`, request });
  }
  return probes;
}

/** The same edge cases for every operation that takes a body, sent once each. */
function bodyEdgeCases(op: Operation, rng: Rng, world: World): Probe[] {
  if (!op.body) return [];
  const values = makeValues(rng, world);
  const key = `${op.method} ${op.path}`;
  let url = op.path;
  for (const param of op.pathParams) {
    url = url.replace(`{${param.name}}`, encode(String(values.forName(param.name, op.path, param.schema))));
  }
  const json = (payload: string, label: string): Probe => ({
    label: `${key}: ${label}`,
    request: { method: op.method, url, payload, headers: { 'content-type': op.body?.contentType ?? '' } },
  });
  // Every string of a near-valid body made 3 MiB long: big, but under the limit.
  const near = values.valid(op.body.schema, '', 0);
  const huge =
    near && typeof near === 'object' && !Array.isArray(near)
      ? Object.fromEntries(
          Object.entries(near).map(([k, v]) => [k, typeof v === 'string' ? 'x'.repeat(3 << 20) : v]),
        )
      : 'x'.repeat(3 << 20);
  return [
    json('{}', 'an empty object'),
    json('{"unknown":1}', 'only an unknown field'),
    json('', 'an empty body'),
    json('[]', 'an array'),
    json(JSON.stringify(huge), 'strings of 3 MiB'),
    json(`{"pad":"${'x'.repeat(BODY_LIMIT)}"}`, 'a body over the 4 MiB limit'),
  ];
}

const IDENTITIES = ['cb_admin', 'center_member', 'auditor', 'anonymous'] as const;
type Identity = (typeof IDENTITIES)[number];

/** Tokens and cookies that name no session. */
const FORGED = [
  { authorization: 'Bearer x' },
  { authorization: `Bearer ${'a'.repeat(4000)}` },
  { authorization: 'Basic YWRtaW46YWRtaW4=' },
  { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwic2lkIjoieCJ9.' },
  { cookie: 'ccmm_token=garbage' },
  { cookie: 'ccmm_token=%E4' },
];

// ---------------------------------------------------------------------------------------------

let t: TestApp;
let world: World;
let sessions: Record<Exclude<Identity, 'anonymous'>, Session>;

beforeAll(async () => {
  t = await buildTestApp();
  const seed = seeder(t);
  const admin = await seed.setupAdmin();
  const own = await seed.organization();
  const other = await seed.organization();
  const reviewer = await seed.user('cb_reviewer');
  const auditor = await seed.user('auditor');
  await seed.user('center_admin', own.id);
  const member = await seed.user('center_member', own.id);
  const consultant = await seed.user('consultant');
  const assessment = await seed.assessment(own.id, 'certification', [auditor.id]);
  const self = await seed.assessment(own.id, 'self');
  const certified = await certifiedAudit(t, seed, other.id, await seed.user('auditor'), reviewer);
  const note = await t
    .http()
    .post(`/api/assessments/${assessment.id}/evidence/notes`)
    .set(auditor.auth)
    .send({ kind: 'note', text: '现场查看了排班表', clauses: [1] })
    .expect(201);
  sessions = { cb_admin: admin, center_member: member, auditor };
  world = {
    organizations: [own.id, other.id],
    assessments: [assessment.id, self.id, certified.assessmentId],
    users: [admin.id, reviewer.id, auditor.id, member.id, consultant.id],
    consultant: consultant.id,
    evidence: note.body.id,
    certificate: certified.number,
  };
}, 120_000);
afterAll(async () => t?.close());

describe('fuzzing every route of the OpenAPI document', () => {
  it('never answers 5xx, and answers every 4xx with one of our codes and a message', async () => {
    const started = performance.now();
    const doc = await t.fastify.inject({ method: 'GET', url: '/api/docs/json' });
    const operations = operationsOf(doc.json());
    expect(operations.length).toBeGreaterThan(50);
    const rng = generator(SEED);

    const probes: Probe[] = [];
    for (const op of operations) {
      const key = `${op.method} ${op.path}`;
      for (const who of IDENTITIES) {
        // Signing out would end the session the fuzzer goes on using: only anonymous callers.
        if (key === LOGOUT && who !== 'anonymous') continue;
        for (const probe of probesFor(op, rng, world, who)) {
          const headers = { ...(probe.request.headers as Record<string, string>) };
          if (who !== 'anonymous') headers.authorization = `Bearer ${sessions[who].token}`;
          else if (rng.chance(0.3)) Object.assign(headers, rng.pick(FORGED));
          if (rng.chance(0.2)) headers['accept-language'] = rng.pick(['en', 'zh-TW', 'xx', ';;;', '*']);
          probes.push({ ...probe, request: { ...probe.request, headers } });
        }
      }
      for (const probe of bodyEdgeCases(op, rng, world)) {
        probes.push({
          ...probe,
          request: {
            ...probe.request,
            headers: {
              ...(probe.request.headers as Record<string, string>),
              authorization: `Bearer ${sessions.cb_admin.token}`,
            },
          },
        });
      }
    }

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (const probe of probes) {
      const res = await t.fastify.inject(probe.request);
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const sent =
        typeof probe.request.payload === 'string'
          ? ` ${JSON.stringify(probe.request.payload.slice(0, 400))}`
          : '';
      const shown = `${probe.label}: ${probe.request.method} ${String(probe.request.url).slice(0, 160)}${sent} → ${res.statusCode} ${res.body.slice(0, 200)}`;
      if (res.statusCode >= 500) {
        failures.push(shown);
      } else if (res.statusCode >= 400) {
        let body: unknown;
        try {
          body = res.json();
        } catch {
          body = null;
        }
        const { code, message } = (body ?? {}) as { code?: unknown; message?: unknown };
        // Our codes (area.what), never Fastify's own (FST_…) nor a bare message.
        if (typeof code !== 'string' || !/^[a-z_]+(\.[a-z_]+)*$/.test(code) || typeof message !== 'string') {
          failures.push(shown);
        }
      }
    }

    const histogram = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${probes.length} requests over ${operations.length} operations in ${seconds} s; statuses ${JSON.stringify(histogram)}`,
    );
    expect(failures).toEqual([]);
    expect(probes.length).toBeGreaterThan(2000);
  }, 120_000);
});
