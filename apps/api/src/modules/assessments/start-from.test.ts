import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { ratings, submittedAudit } from '../../../test/certification.ts';

// A center prepares for its next audit from where it stood: a new self-assessment starts from a
// copy of its previous self-assessment or of its last audit (ratings and notes, not evidence),
// and the scoring guide shows beside each clause the last decided audit's ratings.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let auditor: Session;
let reviewer: Session;
let centerAdmin: Session;
let organizationId: string;

const STANDARD = 'cc-cmm-oc@2017';

const start = (who: Session, body: Record<string, unknown>) =>
  t
    .http()
    .post('/api/assessments')
    .set(who.auth)
    .send({ organizationId, standard: STANDARD, kind: 'self', assessedOn: '2026-07-15', ...body });

const scoresOf = async (who: Session, id: string) =>
  (await t.http().get(`/api/assessments/${id}/scores`).set(who.auth).expect(200)).body.ratings as {
    clause: number;
    c: number | null;
    f: number | null;
    note: string | null;
    carried: boolean;
  }[];

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  organizationId = (await seed.organization({ name: '自评中心' })).id;
  auditor = await seed.user('auditor');
  reviewer = await seed.user('cb_reviewer');
  centerAdmin = await seed.user('center_admin', organizationId);
});
afterAll(async () => t.close());

describe('a self-assessment starting from a copy', () => {
  it('refuses to start from what the organization does not have (422), whatever other centers have', async () => {
    const other = (await seed.organization({ name: '别家中心' })).id;
    await seed.assessment(other, 'self');
    const previous = await start(centerAdmin, { startFrom: 'previous' });
    expect(previous.status).toBe(422);
    expect(previous.body.code).toBe('assessment.no_previous');
    const lastAudit = await start(centerAdmin, { startFrom: 'last_audit' });
    expect(lastAudit.status).toBe(422);
    expect(lastAudit.body.code).toBe('assessment.no_last_audit');
  });

  it('refuses the option on an audit (422 assessment.start_from_not_self)', async () => {
    const res = await t
      .http()
      .post('/api/assessments')
      .set(admin.auth)
      .send({ organizationId, standard: STANDARD, kind: 'surveillance', startFrom: 'previous' });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('assessment.start_from_not_self');
  });

  it('copies the previous self-assessment’s ratings and notes, not its evidence, each copy in the trail', async () => {
    const first = (await start(centerAdmin, {}).expect(201)).body.id as string;
    const rated = ratings(10, 5).map((r) => (r.clause === 3 ? { ...r, c: 0, note: '制度尚未发布' } : r));
    await t
      .http()
      .put(`/api/assessments/${first}/scores`)
      .set(centerAdmin.auth)
      .send({ ratings: rated.slice(0, 100) })
      .expect(200);
    await t
      .http()
      .post(`/api/assessments/${first}/evidence/notes`)
      .set(centerAdmin.auth)
      .send({ kind: 'note', clauses: [3], text: '内部笔记' })
      .expect(201);

    const second = (await start(centerAdmin, { startFrom: 'previous' }).expect(201)).body.id as string;
    const source = await scoresOf(centerAdmin, first);
    const copied = await scoresOf(centerAdmin, second);
    expect(copied.map(({ clause, c, f, note }) => ({ clause, c, f, note }))).toEqual(
      source.map(({ clause, c, f, note }) => ({ clause, c, f, note })),
    );
    expect(copied.find((r) => r.clause === 3)).toMatchObject({ c: 0, f: 5, note: '制度尚未发布' });
    // The center's own draft to change: nothing is marked to confirm.
    expect(copied.every((r) => r.carried === false)).toBe(true);
    const evidence = await t
      .http()
      .get(`/api/assessments/${second}/evidence`)
      .set(centerAdmin.auth)
      .expect(200);
    expect(evidence.body).toEqual([]);
    const trail = (await t.http().get(`/api/assessments/${second}/trail`).set(centerAdmin.auth).expect(200))
      .body as { clause: number; carriedFrom?: string; old: unknown; new: { c: number | null } }[];
    expect(trail).toHaveLength(source.length);
    expect(trail.every((e) => e.carriedFrom === first)).toBe(true);
    expect(trail.find((e) => e.clause === 3)).toMatchObject({
      old: { c: null, f: null, note: null },
      new: { c: 0, f: 5, note: '制度尚未发布' },
    });
    const verified = await t.http().get(`/api/assessments/${second}/trail/verify`).set(centerAdmin.auth);
    expect(verified.status).toBe(200);
    expect(verified.body.valid).toBe(true);
  });

  it('never copies an audit still being rated (sealed), then copies it once submitted', async () => {
    const { id: auditId } = await seed.assessment(organizationId, 'certification', [auditor.id]);
    const audited = ratings(5, 10).map((r) => (r.clause === 7 ? { ...r, note: '现场核实' } : r));
    await t
      .http()
      .put(`/api/assessments/${auditId}/scores`)
      .set(auditor.auth)
      .send({ ratings: audited })
      .expect(200);
    const sealed = await start(centerAdmin, { startFrom: 'last_audit' });
    expect(sealed.status).toBe(422);
    expect(sealed.body.code).toBe('assessment.no_last_audit');

    await t.http().post(`/api/assessments/${auditId}/submit`).set(auditor.auth).expect(200);
    const copy = (await start(centerAdmin, { startFrom: 'last_audit' }).expect(201)).body.id as string;
    const copied = await scoresOf(centerAdmin, copy);
    expect(copied).toHaveLength(168);
    expect(copied.every((r) => r.c === 5 && r.f === 10)).toBe(true);
    expect(copied.find((r) => r.clause === 7)?.note).toBe('现场核实');
    const trail = (await t.http().get(`/api/assessments/${copy}/trail`).set(centerAdmin.auth).expect(200))
      .body as { carriedFrom?: string }[];
    expect(new Set(trail.map((e) => e.carriedFrom))).toEqual(new Set([auditId]));
  });
});

describe('the last audit’s ratings beside a self-assessment', () => {
  it('shows the ratings of the last decided audit only, beside self-assessments only', async () => {
    const self = (await start(centerAdmin, {}).expect(201)).body.id as string;
    // The audit of the previous test is submitted, not decided: nothing to show yet.
    const before = await t
      .http()
      .get(`/api/assessments/${self}/last-audit`)
      .set(centerAdmin.auth)
      .expect(200);
    expect(before.body).toEqual({ audit: null, ratings: [] });

    const decidedId = await submittedAudit(t, seed, organizationId, auditor, ratings(10, 10, [9]));
    const { level } = (
      await t.http().get(`/api/assessments/${decidedId}/eligibility`).set(reviewer.auth).expect(200)
    ).body;
    const decided = await t
      .http()
      .post(`/api/assessments/${decidedId}/decision`)
      .set(reviewer.auth)
      .send({ outcome: 'certify', level, scope: '呼入客户服务' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    const after = await t.http().get(`/api/assessments/${self}/last-audit`).set(centerAdmin.auth).expect(200);
    expect(after.body.audit).toMatchObject({ id: decidedId, kind: 'certification' });
    expect(after.body.ratings).toHaveLength(168);
    expect(after.body.ratings.find((r: { clause: number }) => r.clause === 9)).toEqual({
      clause: 9,
      c: 0,
      f: 0,
    });
    expect(after.body.ratings.find((r: { clause: number }) => r.clause === 10)).toEqual({
      clause: 10,
      c: 10,
      f: 10,
    });

    // Never on an audit: the auditor rates without the previous audit's ratings.
    const { id: auditId } = await seed.assessment(organizationId, 'surveillance', [auditor.id]);
    for (const who of [auditor, admin]) {
      const res = await t.http().get(`/api/assessments/${auditId}/last-audit`).set(who.auth);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('assessment.not_self');
    }
  });

  it('answers 404 to a center asking about another center’s self-assessment', async () => {
    const other = (await seed.organization({ name: '另一中心' })).id;
    const { id } = await seed.assessment(other, 'self');
    const res = await t.http().get(`/api/assessments/${id}/last-audit`).set(centerAdmin.auth);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('assessment.not_found');
  });
});
