import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../test/app.ts';

// The contract test: the answers the server really gives, during a day's work through the main
// routes, checked against the API document it publishes (GET /api/docs/json) — the status must be
// documented for the operation, and a JSON body must validate against that status's schema.

interface Answer {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly type: string;
  readonly body: string;
}

type Document = {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
  >;
};

const answers: Answer[] = [];
let t: TestApp;
let document: Document;

beforeAll(async () => {
  t = await buildTestApp(
    {},
    {
      // Every answer of a route, as sent (after serialization), errors included.
      extend: async (fastify) => {
        fastify.addHook('onSend', async (request, reply, payload) => {
          const route = request.routeOptions.url;
          // The document itself (and its reference page) is no operation of the API.
          if (route && !route.startsWith('/api/docs') && typeof payload === 'string') {
            answers.push({
              method: request.method.toLowerCase(),
              route,
              status: reply.statusCode,
              type: String(reply.getHeader('content-type') ?? ''),
              body: payload,
            });
          }
          return payload;
        });
      },
    },
  );
  document = (await t.http().get('/api/docs/json').expect(200)).body;
  await aDaysWork();
});
afterAll(async () => t?.close());

/** The main routes, as the web app and an integrator call them: reads, writes and refusals. */
async function aDaysWork() {
  const http = t.http;
  const seed = seeder(t);
  const admin = await seed.setupAdmin();
  const org = await seed.organization({ name: '契约中心' });
  const center: Session = await seed.user('center_admin', org.id);
  const auditor = await seed.user('auditor');
  const audit = await seed.assessment(org.id, 'certification', [auditor.id]);
  const self = await seed.assessment(org.id, 'self');

  await http().get('/api/health');
  await http().get('/api/me').set(center.auth);
  await http().get('/api/me');
  await http().get('/api/standards').set(center.auth);
  await http().get('/api/standards/cc-cmm-oc@2017').set(center.auth);
  await http().get('/api/organizations').set(admin.auth);
  await http().get(`/api/organizations/${org.id}`).set(center.auth);
  await http().get('/api/users').set(admin.auth);
  await http().get('/api/assessments').set(center.auth);
  await http().get(`/api/assessments/${audit.id}`).set(auditor.auth);
  await http().get(`/api/assessments/${self.id}`).set(center.auth);
  await http().get('/api/assessments/00000000-0000-4000-8000-000000000000').set(admin.auth);
  await http().get('/api/assessments/not-a-uuid').set(admin.auth);
  await http()
    .put(`/api/assessments/${self.id}/scores`)
    .set(center.auth)
    .send({
      ratings: [
        { clause: 1, c: 10, f: 5, note: '制度已签发' },
        { clause: 2, c: 5, f: null },
      ],
    });
  await http().put(`/api/assessments/${self.id}/scores/3`).set(center.auth).send({ c: 10, f: 10 });
  await http().put(`/api/assessments/${self.id}/scores/3`).set(center.auth).send({ c: 7, f: 10 });
  await http().get(`/api/assessments/${self.id}/scores`).set(center.auth);
  await http().get(`/api/assessments/${self.id}/scores.csv`).set(center.auth);
  await http().get(`/api/assessments/${self.id}/eligibility`).set(center.auth);
  await http().get(`/api/assessments/${self.id}/trail`).set(admin.auth);
  await http().get(`/api/assessments/${audit.id}/findings`).set(auditor.auth);
  await http().get(`/api/assessments/${audit.id}/plan`).set(admin.auth);
  await http().get('/api/findings').set(admin.auth);
  await http().get('/api/certificates').set(admin.auth);
  await http().get('/api/public/directory');
  await http().get('/api/public/certificates/CCMM-NONE');
  await http()
    .put(`/api/organizations/${org.id}/kpis/2026-05`)
    .set(center.auth)
    .send({
      values: [
        { indicator: 'asa', value: 21, target: 30 },
        { indicator: 'fcr', value: 74 },
      ],
    });
  await http()
    .put(`/api/organizations/${org.id}/kpis/2026-06`)
    .set(center.auth)
    .send({ values: [{ indicator: 'abandonment', value: 140 }] });
  await http().get(`/api/organizations/${org.id}/kpis`).set(center.auth);
  await http().get(`/api/organizations/${org.id}/kpis/changes`).set(center.auth);
  await http().get(`/api/organizations/${org.id}/kpis/attainment`).set(center.auth);
  await http().get(`/api/assessments/${audit.id}/kpi-attainment`).set(admin.auth);
  const key = await http()
    .post(`/api/organizations/${org.id}/api-keys`)
    .set(center.auth)
    .send({ name: '契约', scopes: ['kpis:read'] });
  await http().get(`/api/organizations/${org.id}/api-keys`).set(center.auth);
  await http()
    .get(`/api/organizations/${org.id}/kpis`)
    .set({ Authorization: `Bearer ${key.body.key}` });
  await http()
    .get('/api/users')
    .set({ Authorization: `Bearer ${key.body.key}` });
  await http().delete(`/api/api-keys/${key.body.id}`).set(center.auth);
  await http().get('/api/notifications').set(center.auth);
  await http().get(`/api/benchmarks/cohort?organizationId=${org.id}`).set(center.auth);
  await http().post('/api/auth/login').send({ email: 'nobody@test.example', password: 'wrong-password-1' });
}

const operationOf = (route: string) => route.replace(/\/+$/, '').replace(/:(\w+)/g, '{$1}');

/** What is wrong with each answer against the document (nothing: []), and what was covered. */
function check(list: readonly Answer[]) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // The whole document, so that each schema's #/components/schemas/… resolves in it.
  ajv.addSchema(document, 'api.json');
  const pointer = (...parts: string[]) =>
    parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

  const problems: string[] = [];
  const operations = new Set<string>();
  const statuses = new Set<number>();
  for (const answer of list) {
    const path = operationOf(answer.route);
    const name = `${answer.method.toUpperCase()} ${path} → ${answer.status}`;
    const responses = document.paths[path]?.[answer.method]?.responses;
    if (!responses) {
      problems.push(`${name}: no such operation in the document`);
      continue;
    }
    const documented = responses[String(answer.status)]
      ? String(answer.status)
      : responses.default
        ? 'default'
        : null;
    if (!documented) {
      problems.push(`${name}: status not documented (${Object.keys(responses).join(', ')})`);
      continue;
    }
    operations.add(`${answer.method} ${path}`);
    statuses.add(answer.status);
    // 204 carries no body on the wire; CSV, XLSX and PDF answers are not JSON.
    if (answer.status === 204 || !answer.type.startsWith('application/json')) continue;
    const content = responses[documented]?.content?.['application/json'];
    if (!content?.schema) {
      problems.push(`${name}: a JSON answer where the document gives no JSON schema`);
      continue;
    }
    const validate = ajv.getSchema(
      `api.json#/${pointer('paths', path, answer.method, 'responses', documented, 'content', 'application/json', 'schema')}`,
    );
    if (!validate) {
      problems.push(`${name}: the schema does not compile`);
      continue;
    }
    if (!validate(JSON.parse(answer.body))) {
      problems.push(`${name}: ${ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
    }
  }
  return { problems, operations, statuses };
}

describe('the answers of the main routes', () => {
  it('have a documented status and validate against the document’s schema for it', () => {
    const { problems, operations, statuses } = check(answers);
    expect(problems).toEqual([]);
    // The day covered many operations, successes and refusals alike.
    expect(operations.size).toBeGreaterThanOrEqual(30);
    expect([...statuses]).toEqual(expect.arrayContaining([200, 201, 204, 400, 401, 403, 404]));
  });

  it('would be caught: a body off its schema, a status the operation does not document', () => {
    const kpis = answers.find((a) => a.route === '/api/organizations/:id/kpis' && a.status === 200);
    if (!kpis) throw new Error('no KPI read was answered');
    const body = JSON.parse(kpis.body) as { values: { value: unknown }[] };
    const first = body.values[0];
    if (!first) throw new Error('the KPI read answered no value');
    first.value = 'fast';
    const { problems } = check([
      { ...kpis, body: JSON.stringify(body) },
      { ...kpis, status: 418 },
    ]);
    expect(problems).toEqual([
      'GET /api/organizations/{id}/kpis → 200: body/values/0/value must be number',
      expect.stringMatching(
        /^GET \/api\/organizations\/\{id\}\/kpis → 418: status not documented \(200, 400, 401, /,
      ),
    ]);
  });
});
