import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../test/app.ts';
import { profileChange } from './modules/users/users.schemas.ts';

// Bodies that would change nothing, and text PostgreSQL cannot hold: each is a 400 with a stable
// code and leaves the stored data as it was (each found answering 500 by a fuzzer).

const NOTHING = [{}, { unknown: 1 }] as const;

let t: TestApp;
let admin: Session;
let centerAdmin: Session;
let auditor: Session;
let seed: ReturnType<typeof seeder>;
let organizationId: string;
let assessmentId: string;

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  organizationId = (await seed.organization({ region: '华东', seats: 120 })).id;
  centerAdmin = await seed.user('center_admin', organizationId);
  auditor = await seed.user('auditor');
  assessmentId = (await seed.assessment(organizationId, 'certification', [auditor.id])).id;
  await t
    .http()
    .put(`/api/assessments/${assessmentId}/scores/1`)
    .set(auditor.auth)
    .send({ c: 10, f: 5, note: '排班表齐全', version: 0 })
    .expect(200);
  await t
    .http()
    .put(`/api/organizations/${organizationId}/kpis/2025-01`)
    .set(centerAdmin.auth)
    .send({ values: [{ indicator: 'aht', value: 300, target: 320 }] })
    .expect(200);
});
afterAll(async () => t?.close());

/** Everything the routes below could change, read back through the API. */
async function stored() {
  const get = async (path: string) => (await t.http().get(path).set(admin.auth).expect(200)).body;
  return {
    organization: await get(`/api/organizations/${organizationId}`),
    me: await get('/api/me'),
    assessment: await get(`/api/assessments/${assessmentId}`),
    scores: await get(`/api/assessments/${assessmentId}/scores`),
    kpis: await get(`/api/organizations/${organizationId}/kpis`),
  };
}

describe('a change that names no field', () => {
  for (const body of NOTHING) {
    it(`PATCH /api/organizations/:id with ${JSON.stringify(body)} is 400 request.nothing_to_change, naming the fields, and changes nothing`, async () => {
      const before = await stored();
      for (const who of [admin, centerAdmin]) {
        const res = await t
          .http()
          .patch(`/api/organizations/${organizationId}`)
          .set(who.auth)
          .send(body)
          .expect(400);
        expect(res.body.code).toBe('request.nothing_to_change');
        expect(res.body.fields).toEqual(expect.arrayContaining(['name', 'operatingSince', 'publicListing']));
        expect(res.body.message).toMatch(/^没有要修改的内容：请至少提供以下字段之一：name, operatingSince/);
      }
      expect(await stored()).toEqual(before);
    });
  }

  it('says so in the caller’s language', async () => {
    const english = await seed.user('center_admin', organizationId);
    await t.http().patch('/api/me').set(english.auth).send({ locale: 'en' }).expect(200);
    const res = await t
      .http()
      .patch(`/api/organizations/${organizationId}`)
      .set(english.auth)
      .send({})
      .expect(400);
    expect(res.body.message).toMatch(
      /^nothing to change: give at least one of the fields name, operatingSince, /,
    );
  });

  it('still takes a change of one field, and an explicit false', async () => {
    const res = await t
      .http()
      .patch(`/api/organizations/${organizationId}`)
      .set(admin.auth)
      .send({ publicListing: false })
      .expect(200);
    expect(res.body.publicListing).toBe(false);
  });

  it('PATCH /api/me’s body schema refuses {} and unknown fields alone, and takes one field', () => {
    for (const body of NOTHING) {
      const issues = profileChange.safeParse(body).error?.issues;
      expect(issues).toMatchObject([
        { params: { code: 'request.nothing_to_change', fields: ['name', 'locale', 'notifyByEmail'] } },
      ]);
    }
    expect(profileChange.safeParse({ locale: 'en' }).success).toBe(true);
  });

  // Enable once auth.routes.ts takes `profileChange` as the body of PATCH /me (owned elsewhere).
  it('PATCH /api/me with {} or only an unknown field is 400 request.nothing_to_change, and changes nothing', async () => {
    const before = await stored();
    for (const body of NOTHING) {
      const res = await t.http().patch('/api/me').set(admin.auth).send(body).expect(400);
      expect(res.body).toMatchObject({
        code: 'request.nothing_to_change',
        fields: ['name', 'locale', 'notifyByEmail'],
      });
    }
    expect(await stored()).toEqual(before);
  });

  // These PUTs have required fields: an empty body is an ordinary invalid request.
  const puts: { name: string; path: () => string; who: () => Session }[] = [
    {
      name: 'PUT /api/assessments/:id/auditors',
      path: () => `/api/assessments/${assessmentId}/auditors`,
      who: () => admin,
    },
    {
      name: 'PUT /api/assessments/:id/scores',
      path: () => `/api/assessments/${assessmentId}/scores`,
      who: () => auditor,
    },
    {
      name: 'PUT /api/assessments/:id/scores/:clause',
      path: () => `/api/assessments/${assessmentId}/scores/1`,
      who: () => auditor,
    },
    {
      name: 'PUT /api/organizations/:id/kpis/:month',
      path: () => `/api/organizations/${organizationId}/kpis/2025-01`,
      who: () => centerAdmin,
    },
  ];
  for (const put of puts) {
    it(`${put.name} with {} or only an unknown field is 400 request.invalid, and changes nothing`, async () => {
      const before = await stored();
      for (const body of NOTHING) {
        const res = await t.http().put(put.path()).set(put.who().auth).send(body).expect(400);
        expect(res.body.code).toBe('request.invalid');
        expect(res.body.issues.length).toBeGreaterThan(0);
      }
      expect(await stored()).toEqual(before);
    });
  }
});

describe('text PostgreSQL cannot store', () => {
  for (const [what, value] of [
    ['a NUL', 'a\u0000b'],
    ['a lone surrogate', 'a\ud800b'],
  ] as const) {
    it(`an organization field with ${what} is 400 request.invalid naming the field`, async () => {
      const before = await stored();
      const res = await t
        .http()
        .patch(`/api/organizations/${organizationId}`)
        .set(admin.auth)
        .send({ region: value })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'request.invalid', issues: [{ in: 'body', path: 'region' }] });
      const created = await t
        .http()
        .post('/api/organizations')
        .set(admin.auth)
        .send({ name: '客服中心', operatingSince: '2020-01-01', sites: [value] })
        .expect(400);
      expect(created.body.issues).toMatchObject([{ path: 'sites.0' }]);
      expect(await stored()).toEqual(before);
    });

    it(`a rating note and an evidence note or link with ${what} are 400`, async () => {
      const before = await stored();
      await t
        .http()
        .put(`/api/assessments/${assessmentId}/scores/1`)
        .set(auditor.auth)
        .send({ c: 0, f: 0, note: value, version: 1 })
        .expect(400);
      await t
        .http()
        .post(`/api/assessments/${assessmentId}/evidence/notes`)
        .set(auditor.auth)
        .send({ kind: 'note', text: value, clauses: [1] })
        .expect(400);
      await t
        .http()
        .post(`/api/assessments/${assessmentId}/evidence/notes`)
        .set(auditor.auth)
        .send({ kind: 'link', url: `https://example.com/${value}`, clauses: [1] })
        .expect(400);
      expect(await stored()).toEqual(before);
    });
  }

  it('a cohort filter with a NUL is 400 (a query string cannot carry a lone surrogate)', async () => {
    const res = await t
      .http()
      .get('/api/benchmarks/self-vs-audit')
      .query({ organizationId, region: 'a\u0000b' })
      .set(admin.auth)
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'request.invalid',
      issues: [{ in: 'querystring', path: 'region' }],
    });
  });

  it('a CSV import whose note holds a NUL is refused whole, naming the line', async () => {
    const before = await stored();
    const res = await t
      .http()
      .put(`/api/assessments/${assessmentId}/scores`)
      .set(auditor.auth)
      .set('content-type', 'text/csv')
      .send('clause,c_rate,f_rate,note\n2,10,10,ok\n3,5,5,a\u0000b\n')
      .expect(400);
    expect(res.body).toMatchObject({
      code: 'rating.import_refused',
      problems: [{ line: 3, code: 'csv.malformed' }],
    });
    expect(await stored()).toEqual(before);
  });
});

describe('a multipart upload cut short', () => {
  it('is 400 request.malformed, and stores nothing', async () => {
    const boundary = 'cut-short';
    const payload = [
      `--${boundary}\r\nContent-Disposition: form-data; name="clauses"\r\n\r\n1\r\n`,
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nplain text\r\n`,
    ].join('');
    const res = await t.fastify.inject({
      method: 'POST',
      url: `/api/assessments/${assessmentId}/evidence`,
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...auditor.auth },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('request.malformed');
    const evidence = await t
      .http()
      .get(`/api/assessments/${assessmentId}/evidence`)
      .set(auditor.auth)
      .expect(200);
    expect(evidence.body).toEqual([]);
  });
});
