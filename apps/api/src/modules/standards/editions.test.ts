import { readFile } from 'node:fs/promises';
import { schema } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { loadStandards } from './standards.loader.ts';

// Editions as data: upload (YAML) as a draft with every problem named, publish, immutability,
// and a revision beside the version it revises. The edition uploaded is the TEST FIXTURE
// derived from 2017 (tests/fixtures/editions), never the 2025 text.

const FIXTURE = new URL('../../../../../tests/fixtures/editions/test-fixture-1.yaml', import.meta.url);
const YAML = 'application/yaml';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let reviewer: Session;
let auditor: Session;
let fixture: string;
let original2017: string;

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  reviewer = await seed.user('cb_reviewer');
  auditor = await seed.user('auditor');
  fixture = await readFile(FIXTURE, 'utf8');
  original2017 = await readFile(`${SHIPPED_STANDARDS_DIR}/cc-cmm-oc/2017.yaml`, 'utf8');
});
afterAll(() => t.close());

const upload = (text: string, session: Session = admin, query = '') =>
  t.http().post(`/api/standards${query}`).set(session.auth).set('Content-Type', YAML).send(text);

describe('uploading a standard pack (YAML)', () => {
  it('stores a good pack as a draft, with its warnings, seen by the body’s admin only', async () => {
    const res = await upload(fixture).expect(201);
    expect(res.body).toMatchObject({ ref: 'cc-cmm-oc@test-fixture-1', status: 'draft' });
    // 21 and 30 are gone from the fixture: a numbering gap, a warning that does not stop it.
    expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual(['semantic.numbering_gap']);
    expect(res.body.warnings[0]).toMatchObject({
      severity: 'warning',
      path: 'clauses',
      line: expect.any(Number),
    });

    const mine = await t.http().get('/api/standards').set(admin.auth).expect(200);
    expect(mine.body.map((s: { ref: string; status: string }) => `${s.ref} ${s.status}`)).toEqual([
      'cc-cmm-oc@2017 published',
      'cc-cmm-oc@test-fixture-1 draft',
    ]);
    for (const other of [reviewer, auditor]) {
      const list = await t.http().get('/api/standards').set(other.auth).expect(200);
      expect(list.body.map((s: { ref: string }) => s.ref)).toEqual(['cc-cmm-oc@2017']);
      await t.http().get('/api/standards/cc-cmm-oc@test-fixture-1').set(other.auth).expect(404);
    }
    const detail = await t.http().get('/api/standards/cc-cmm-oc@test-fixture-1').set(admin.auth).expect(200);
    expect(detail.body).toMatchObject({
      status: 'draft',
      origin: 'upload',
      clauseCount: 169,
      publishedAt: null,
    });
    // A draft is no edition to assess against yet.
    const org = await seed.organization();
    const refused = await t
      .http()
      .post('/api/assessments')
      .set(admin.auth)
      .send({ organizationId: org.id, standard: 'cc-cmm-oc@test-fixture-1', kind: 'self' })
      .expect(422);
    expect(refused.body.code).toBe('standard.not_published');
  });

  it('refuses a ref that exists (409), as an upload and as a file’s version', async () => {
    expect((await upload(fixture).expect(409)).body.code).toBe('standard.exists');
    expect((await upload(original2017).expect(409)).body.code).toBe('standard.exists');
  });

  it('names every problem of a broken pack by line and path, in the user’s language, and stores nothing', async () => {
    const broken = fixture
      .replace('version: test-fixture-1', 'version: broken-1')
      // a clause in a section that does not exist, and a duplicate number
      .replace(/(number: 2\n\s+section: )"?1\.1"?/, '$1"9.9"')
      .replace(/number: 3\n/, 'number: 1\n')
      // a level criterion naming a group that does not exist
      .replace('group: core', 'group: nowhere');
    expect(broken).not.toBe(fixture);
    // A second admin, who reads English.
    const english = await seed.user('cb_admin');
    await t.database.db.update(schema.users).set({ locale: 'en' }).where(eq(schema.users.id, english.id));
    const res = await upload(broken, english).expect(400);
    expect(res.body.code).toBe('standard.invalid');
    const problems = res.body.problems as { code: string; path: string; line: number; message: string }[];
    expect(problems.map((p) => `${p.code} ${p.path}`).sort()).toEqual([
      'semantic.clause_without_section clauses[1].section',
      'semantic.duplicate_clause clauses[2].number',
      'semantic.unknown_group levels[0].criteria[0].group',
    ]);
    const lines = broken.split('\n');
    for (const p of problems) {
      expect(p.line).toEqual(expect.any(Number));
      expect(p.message.length).toBeGreaterThan(10);
    }
    const sectionProblem = problems.find((p) => p.code === 'semantic.clause_without_section');
    expect(lines[(sectionProblem?.line ?? 0) - 1]).toContain('9.9');
    expect(sectionProblem?.message).toContain('not in the table of contents');

    // The first admin chose 简体中文.
    const zh = await upload(broken).set('Accept-Language', 'en').expect(400);
    expect(zh.body.message).toContain('未保存');
    expect(zh.body.problems.map((p: { message: string }) => p.message).join()).toContain('不在目录中');

    const syntax = await upload('format: ccmm-standard/1\n  version: [\n').expect(400);
    expect(syntax.body.problems[0]).toMatchObject({ code: 'pack.yaml_syntax', line: expect.any(Number) });
    const schemaProblems = await upload('format: ccmm-standard/1\nstandard: cc-cmm-oc\nversion: x1\n').expect(
      400,
    );
    expect(schemaProblems.body.problems.length).toBeGreaterThan(5);
    expect(schemaProblems.body.problems.map((p: { path: string }) => p.path)).toContain('clauses');

    const stored = await t.database.db.select().from(schema.standardVersions);
    expect(stored.map((s) => s.ref).sort()).toEqual(['cc-cmm-oc@2017', 'cc-cmm-oc@test-fixture-1']);
    await t.http().get('/api/standards/cc-cmm-oc@broken-1').set(admin.auth).expect(404);
  });

  it('lets only the body’s admin upload or publish', async () => {
    await upload(fixture, reviewer).expect(403);
    await t.http().post('/api/standards/cc-cmm-oc@test-fixture-1/publish').set(auditor.auth).expect(403);
    await t.http().post('/api/standards').set(admin.auth).send('a=1').expect(415);
  });
});

describe('draft → published', () => {
  it('replaces a draft’s pack until it is published, then never again', async () => {
    const ref = 'cc-cmm-oc@test-fixture-1';
    const changed = fixture.replace('atLeast: 3300', 'atLeast: 3310');
    await t
      .http()
      .put(`/api/standards/${ref}`)
      .set(admin.auth)
      .set('Content-Type', YAML)
      .send(changed)
      .expect(200);
    const mismatch = await t
      .http()
      .put('/api/standards/cc-cmm-oc@2017')
      .set(admin.auth)
      .set('Content-Type', YAML)
      .send(changed)
      .expect(409);
    expect(mismatch.body.code).toBe('standard.published');

    const published = await t.http().post(`/api/standards/${ref}/publish`).set(admin.auth).expect(200);
    expect(published.body).toMatchObject({ ref, status: 'published', publishedAt: expect.any(String) });
    const [row] = await t.database.db
      .select()
      .from(schema.standardVersions)
      .where(eq(schema.standardVersions.ref, ref));
    expect(JSON.stringify(row?.content)).toContain('3310');
    expect(row?.status).toBe('published');

    const again = await t.http().post(`/api/standards/${ref}/publish`).set(admin.auth).expect(409);
    expect(again.body.code).toBe('standard.published');
    const change = await t
      .http()
      .put(`/api/standards/${ref}`)
      .set(admin.auth)
      .set('Content-Type', YAML)
      .send(fixture)
      .expect(409);
    expect(change.body.code).toBe('standard.published');
    // Everyone sees it now, and assessments may start on it.
    const list = await t.http().get('/api/standards').set(auditor.auth).expect(200);
    expect(list.body.map((s: { ref: string }) => s.ref)).toContain(ref);
  });

  it('refuses to publish or change a version loaded from a file', async () => {
    const res = await t.http().post('/api/standards/cc-cmm-oc@2017/publish').set(admin.auth).expect(409);
    expect(res.body.code).toBe('standard.published');
  });
});

describe('a revision', () => {
  it('corrects the 2017 L5 total as a new version with its reason; 2017’s assessments stay on 2017', async () => {
    const org = await seed.organization();
    const before = await t
      .http()
      .post('/api/assessments')
      .set(admin.auth)
      .send({ organizationId: org.id, standard: 'cc-cmm-oc@2017', kind: 'self' })
      .expect(201);

    const revised = original2017
      .replace('version: "2017"', 'version: "2017.1"')
      .replace('atLeast: 3380', 'atLeast: 3360');
    const reason = 'L5 总分 3380 超过 168 条可得的最高分 3360，更正为 3360';
    const noReason = await upload(revised, admin, '?replaces=cc-cmm-oc@2017').expect(400);
    expect(noReason.body.code).toBe('request.invalid');
    const wrongBase = await upload(
      revised,
      admin,
      `?replaces=cc-cmm-oc@nothing&reason=${encodeURI(reason)}`,
    ).expect(422);
    expect(wrongBase.body.code).toBe('standard.revision_invalid');

    const res = await upload(
      revised,
      admin,
      `?replaces=cc-cmm-oc@2017&reason=${encodeURIComponent(reason)}`,
    ).expect(201);
    expect(res.body).toEqual({ ref: 'cc-cmm-oc@2017.1', status: 'draft', warnings: [] });
    await t.http().post('/api/standards/cc-cmm-oc@2017.1/publish').set(admin.auth).expect(200);
    const detail = await t.http().get('/api/standards/cc-cmm-oc@2017.1').set(reviewer.auth).expect(200);
    expect(detail.body).toMatchObject({
      replaces: 'cc-cmm-oc@2017',
      revisionReason: reason,
      status: 'published',
    });
    expect(detail.body.warnings).toEqual([]);
    const old = await t.http().get('/api/standards/cc-cmm-oc@2017').set(reviewer.auth).expect(200);
    expect(old.body.warnings.map((w: { code: string }) => w.code)).toEqual(['semantic.unattainable_total']);

    const after = await t.http().get(`/api/assessments/${before.body.id}`).set(admin.auth).expect(200);
    expect(after.body.standard).toBe('cc-cmm-oc@2017');
    const started = await t
      .http()
      .post('/api/assessments')
      .set(admin.auth)
      .send({ organizationId: org.id, standard: 'cc-cmm-oc@2017.1', kind: 'self' })
      .expect(201);
    expect(started.body.standard).toBe('cc-cmm-oc@2017.1');

    // A restart finds the uploaded editions in the database, with their record.
    const loaded = await loadStandards(t.database.db, SHIPPED_STANDARDS_DIR);
    expect([...loaded.keys()].sort()).toEqual([
      'cc-cmm-oc@2017',
      'cc-cmm-oc@2017.1',
      'cc-cmm-oc@test-fixture-1',
    ]);
    expect(loaded.get('cc-cmm-oc@2017.1')?.edition).toMatchObject({
      origin: 'upload',
      replaces: 'cc-cmm-oc@2017',
    });
    expect(loaded.get('cc-cmm-oc@2017')?.edition?.origin).toBe('file');
  });
});
