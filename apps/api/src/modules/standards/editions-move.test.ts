import { readFile } from 'node:fs/promises';
import { schema } from '@ccmm/db';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';

// Mappings between editions and moving an open assessment along one. The new edition is the
// TEST FIXTURE derived from 2017 (tests/fixtures/editions): 10 and 50 split (into 10 + 169 and
// 50 + 170), 20 and 21 merged into 20, 30 removed, 171 added — never the 2025 text.

const FIXTURES = new URL('../../../../../tests/fixtures/editions/', import.meta.url);
const FIXTURE_REF = 'cc-cmm-oc@test-fixture-1';
const YAML = 'application/yaml';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let mappingText: string;

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  const edition = await readFile(new URL('test-fixture-1.yaml', FIXTURES), 'utf8');
  mappingText = await readFile(new URL('2017-to-test-fixture-1.yaml', FIXTURES), 'utf8');
  await t.http().post('/api/standards').set(admin.auth).set('Content-Type', YAML).send(edition).expect(201);
});
afterAll(() => t.close());

const postMapping = (text: string, session: Session = admin) =>
  t.http().post('/api/mappings').set(session.auth).set('Content-Type', YAML).send(text);

describe('a mapping between two editions', () => {
  it('is checked against both editions: every problem by line and path, nothing stored', async () => {
    const broken = mappingText
      .replace('{from: 11, to: 11}', '{from: 11, to: 11, kind: split}')
      .replace('{from: 12, to: 12}', '{from: 12, to: 999}')
      .replace('{from: 21, to: 20, kind: merged}', '{from: 21, to: 20}')
      .replace('added: [171]', 'added: []');
    const res = await postMapping(broken).expect(400);
    expect(res.body.code).toBe('standard.mapping_invalid');
    const lines = broken.split('\n');
    const found = res.body.problems.map((p: { code: string; path: string; line: number }) => ({
      what: `${p.code} ${p.path}`,
      text: lines[p.line - 1]?.trim(),
    }));
    expect(found).toEqual([
      { what: 'mapping.kind_mismatch clauses[10].kind', text: '- {from: 11, to: 11, kind: split}' },
      { what: 'mapping.unknown_target_clause clauses[11].to', text: '- {from: 12, to: 999}' },
      { what: 'mapping.merged_target clauses[20].to', text: '- {from: 21, to: 20}' },
      // 12 (no longer reached) and 171 are new clauses the mapping does not list
      { what: 'mapping.unlisted_new added', text: 'added: []' },
      { what: 'mapping.unlisted_new added', text: 'added: []' },
    ]);
    expect(res.body.problems.at(-1).message).toContain('171');
    const unknownEdition = await postMapping(mappingText.replace('to: test-fixture-1', 'to: "2099"')).expect(
      400,
    );
    expect(unknownEdition.body.problems.map((p: { code: string }) => p.code)).toEqual([
      'mapping.unknown_version',
    ]);
    expect(await t.database.db.select().from(schema.standardMappings)).toEqual([]);
  });

  it('stores a good mapping once, with its clauses counted by kind', async () => {
    const res = await postMapping(mappingText).expect(201);
    expect(res.body).toMatchObject({
      from: 'cc-cmm-oc@2017',
      to: FIXTURE_REF,
      counts: { equal: 163, split: 2, merged: 2, removed: 1, added: 1 },
    });
    expect((await postMapping(mappingText).expect(409)).body.code).toBe('standard.mapping_exists');
    await postMapping(mappingText, await seed.user('cb_reviewer')).expect(403);
  });
});

describe('moving an assessment to another edition', () => {
  let org: { id: string };
  let center: Session;
  let assessmentId: string;
  /** Every 2017 clause rated: C 10 on even clauses (else 5), F 5; clause 21 at 0/10. */
  const rated = Array.from({ length: 168 }, (_, i) => {
    const clause = i + 1;
    if (clause === 21) return { clause, c: 0, f: 10, note: 'clause 21' };
    return { clause, c: clause % 2 === 0 ? 10 : 5, f: 5, note: `clause ${clause}` };
  });

  beforeAll(async () => {
    org = await seed.organization();
    center = await seed.user('center_admin', org.id);
    const res = await t
      .http()
      .post('/api/assessments')
      .set(center.auth)
      .send({ organizationId: org.id, standard: 'cc-cmm-oc@2017', kind: 'self' })
      .expect(201);
    assessmentId = res.body.id;
    await t
      .http()
      .put(`/api/assessments/${assessmentId}/scores`)
      .set(center.auth)
      .send({ ratings: rated })
      .expect(200);
  });

  const move = (to: string, session: Session = center, id = assessmentId) =>
    t.http().post(`/api/assessments/${id}/move`).set(session.auth).send({ to });

  it('needs a published edition and a stored mapping', async () => {
    expect((await move(FIXTURE_REF).expect(422)).body.code).toBe('standard.not_published');
    await t.http().post(`/api/standards/${FIXTURE_REF}/publish`).set(admin.auth).expect(200);
    expect((await move('cc-cmm-oc@2017').expect(422)).body.code).toBe('assessment.move_same');
    expect((await move('cc-cmm-oc@nothing').expect(422)).body.code).toBe('standard.not_found');
  });

  it('carries exactly what the mapping says, and the trail records the move', async () => {
    const trailBefore = (
      await t.http().get(`/api/assessments/${assessmentId}/trail`).set(admin.auth).expect(200)
    ).body.length;
    const res = await move(FIXTURE_REF).expect(200);
    const equal = Array.from({ length: 168 }, (_, i) => i + 1).filter(
      (n) => ![10, 20, 21, 30, 50].includes(n),
    );
    expect(res.body).toEqual({
      assessmentId,
      from: 'cc-cmm-oc@2017',
      to: FIXTURE_REF,
      carried: equal,
      proposed: [
        { clause: 10, kind: 'split', sources: [10] },
        { clause: 20, kind: 'merged', sources: [20, 21] },
        { clause: 50, kind: 'split', sources: [50] },
        { clause: 169, kind: 'split', sources: [10] },
        { clause: 170, kind: 'split', sources: [50] },
      ],
      dropped: [30],
      unrated: [171],
    });

    const stored = await t.database.db
      .select()
      .from(schema.ratings)
      .where(eq(schema.ratings.assessmentId, assessmentId))
      .orderBy(asc(schema.ratings.clause));
    const byClause = new Map(stored.map((r) => [r.clause, r]));
    expect(stored).toHaveLength(168 - 1 - 1 + 2); // 21 merged away, 30 removed, 169 and 170 split off
    for (const n of equal) {
      const before = rated[n - 1];
      expect(byClause.get(n), `clause ${n}`).toMatchObject({
        c: before?.c,
        f: before?.f,
        note: before?.note,
        carried: false,
      });
    }
    // A split: both parts proposed at the old rating; a merge: the lower of each rate, no note.
    expect(byClause.get(10)).toMatchObject({ c: 10, f: 5, carried: true, note: 'clause 10' });
    expect(byClause.get(169)).toMatchObject({ c: 10, f: 5, carried: true, note: 'clause 10' });
    expect(byClause.get(170)).toMatchObject({ c: 10, f: 5, carried: true });
    expect(byClause.get(20)).toMatchObject({ c: 0, f: 5, carried: true, note: null });
    expect(byClause.has(171)).toBe(false);
    expect(byClause.has(30)).toBe(false);

    const detail = await t.http().get(`/api/assessments/${assessmentId}`).set(center.auth).expect(200);
    expect(detail.body.standard).toBe(FIXTURE_REF);
    const trail = (await t.http().get(`/api/assessments/${assessmentId}/trail`).set(admin.auth).expect(200))
      .body;
    const moveEntries = trail.slice(trailBefore);
    expect(moveEntries).toHaveLength(168 + stored.length);
    expect(moveEntries.filter((e: { edition: string }) => e.edition === 'cc-cmm-oc@2017')).toHaveLength(168);
    expect(moveEntries.at(-1)).toMatchObject({ edition: FIXTURE_REF, clause: 170, new: { c: 10, f: 5 } });
    const verified = await t
      .http()
      .get(`/api/assessments/${assessmentId}/trail/verify`)
      .set(admin.auth)
      .expect(200);
    expect(verified.body.valid).toBe(true);
  });

  it('submits only once the proposals are confirmed and the new clause rated', async () => {
    const put = (clause: number, c: number, f: number, version = 1) =>
      t
        .http()
        .put(`/api/assessments/${assessmentId}/scores/${clause}`)
        .set(center.auth)
        .send({ c, f, version });
    await put(171, 10, 10, 0).expect(200);
    const refused = await t
      .http()
      .post(`/api/assessments/${assessmentId}/submit`)
      .set(center.auth)
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'assessment.proposals_unconfirmed' });
    expect(refused.body.message).toContain('5');
    for (const clause of [10, 20, 50, 169, 170]) {
      const [row] = await t.database.db
        .select()
        .from(schema.ratings)
        .where(and(eq(schema.ratings.assessmentId, assessmentId), eq(schema.ratings.clause, clause)));
      await put(clause, row?.c ?? 0, row?.f ?? 0).expect(200);
    }
    await t.http().post(`/api/assessments/${assessmentId}/submit`).set(center.auth).expect(200);
    const closed = await move('cc-cmm-oc@2017').expect(409);
    expect(closed.body.code).toBe('assessment.move_closed');
  });

  it('never moves a decided audit, and lets a center move only its self-assessments', async () => {
    const other = await seed.organization();
    const auditor = await seed.user('auditor');
    const reviewer = await seed.user('cb_reviewer');
    const decided = await certifiedAudit(t, seed, other.id, auditor, reviewer);
    const res = await move(FIXTURE_REF, admin, decided.assessmentId).expect(409);
    expect(res.body).toMatchObject({ code: 'assessment.move_closed' });
    await move(FIXTURE_REF, center, decided.assessmentId).expect(404);
  });
});
