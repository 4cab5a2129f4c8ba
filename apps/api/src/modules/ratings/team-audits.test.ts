import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { CLAUSES } from '../../../test/certification.ts';

// A team audit: two assigned auditors each rate all 168 clauses in their own layer, with known
// disagreements; the lead sets the team rating, which is what eligibility and submission read.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let lead: Session;
let other: Session;
let auditId: string;

type R = { clause: number; c: 0 | 5 | 10; f: 0 | 5 | 10 };
/** The lead's layer: all 10/10. The other auditor: C 5 on 1–10, F 5 on 11–15 (15 disagreements). */
const leadLayer: R[] = Array.from({ length: CLAUSES }, (_, i) => ({ clause: i + 1, c: 10, f: 10 }));
const otherLayer: R[] = leadLayer.map((r) =>
  r.clause <= 10 ? { ...r, c: 5 } : r.clause <= 15 ? { ...r, f: 5 } : r,
);

const scores = (s: Session, layer: string) =>
  t.http().get(`/api/assessments/${auditId}/scores?layer=${layer}`).set(s.auth);
const teamScore = (s: Session, clause: number, body: object) =>
  t.http().put(`/api/assessments/${auditId}/team-scores/${clause}`).set(s.auth).send(body);

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  const organization = await seed.organization({ name: '团队审核中心' });
  const a = await seed.user('auditor');
  const b = await seed.user('auditor');
  auditId = (await seed.assessment(organization.id, 'certification', [a.id, b.id])).id;
  const all = await scores(admin, 'all').expect(200);
  lead = all.body.team.leadId === a.id ? a : b;
  other = lead === a ? b : a;
});
afterAll(async () => t.close());

describe('each auditor rates in their own layer', () => {
  it('keeps both layers apart and leaves the team rating empty', async () => {
    const put = (s: Session, ratings: R[]) =>
      t.http().put(`/api/assessments/${auditId}/scores`).set(s.auth).send({ ratings });
    const [x, y] = await Promise.all([put(lead, leadLayer), put(other, otherLayer)]);
    expect([x.status, y.status]).toEqual([200, 200]);
    const mine = await scores(other, 'mine').expect(200);
    expect(mine.body.ratings).toHaveLength(CLAUSES);
    expect(mine.body.ratings.find((r: R) => r.clause === 1)).toMatchObject({ c: 5, f: 10 });
    const team = await scores(admin, 'team').expect(200);
    expect(team.body.ratings).toEqual([]);
  });

  it('computes eligibility from the team rating only, before reconciliation: nothing rated yet', async () => {
    const res = await t.http().get(`/api/assessments/${auditId}/eligibility`).set(admin.auth).expect(200);
    expect(res.body).toMatchObject({ total: 0, complete: false, level: 0 });
  });

  it('never sets two auditors writing their own layer of one clause at once against each other', async () => {
    const write = (s: Session) =>
      t
        .http()
        .put(`/api/assessments/${auditId}/scores/20`)
        .set(s.auth)
        .send({ c: 10, f: 10, note: '复核', version: 1 });
    const results = await Promise.all([write(lead), write(other)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results.map((r) => r.body.version)).toEqual([2, 2]);
  });

  it('is blind by default: a rater other than the lead cannot read the layers, the lead and the body can', async () => {
    const hidden = await scores(other, 'all').expect(403);
    expect(hidden.body.code).toBe('rating.layers_hidden');
    const seen = await scores(lead, 'all').expect(200);
    expect(seen.body.layers.map((l: { raterId: string }) => l.raterId).sort()).toEqual(
      [lead.id, other.id].sort(),
    );
    await scores(admin, 'all').expect(200);
  });
});

describe('the lead reconciles', () => {
  it('refuses the team rating to an auditor who is not the lead', async () => {
    const res = await teamScore(other, 30, { c: 10, f: 10, version: 0 }).expect(403);
    expect(res.body.code).toBe('rating.not_lead');
  });

  it('requires a reason where the raters disagree, and none where they agree', async () => {
    const refused = await teamScore(lead, 1, { c: 10, f: 10, version: 0 }).expect(400);
    expect(refused.body.code).toBe('rating.reason_required');
    const set = await teamScore(lead, 1, { c: 5, f: 10, reason: '方法文件未经批准', version: 0 }).expect(200);
    expect(set.body).toMatchObject({ c: 5, f: 10, note: '方法文件未经批准', version: 1 });
    await teamScore(lead, 30, { c: 10, f: 10, version: 0 }).expect(200);
  });

  it('gives one of two writers of the same team rating 200 and the other 409', async () => {
    const results = await Promise.all([
      teamScore(lead, 31, { c: 10, f: 10, version: 0 }),
      teamScore(lead, 31, { c: 5, f: 5, version: 0 }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('rating.conflict');
  });

  it('shows the layers to the other raters once reconciliation has started', async () => {
    await scores(other, 'all').expect(200);
  });

  it('reconciles every clause; submission, eligibility and the trail follow the team rating and name the layers', async () => {
    const current = new Map<number, number>(
      (await scores(admin, 'team').expect(200)).body.ratings.map((r: { clause: number; version: number }) => [
        r.clause,
        r.version,
      ]),
    );
    for (let clause = 2; clause <= CLAUSES; clause++) {
      if (clause === 30 || clause === 31) continue;
      const disputed = clause <= 15;
      await teamScore(lead, clause, {
        c: 10,
        f: 10,
        ...(disputed ? { reason: '现场复核后采纳组长意见' } : {}),
        version: current.get(clause) ?? 0,
      }).expect(200);
    }
    await teamScore(lead, 31, { c: 10, f: 10, version: 1 }).expect(200);
    const eligibility = await t
      .http()
      .get(`/api/assessments/${auditId}/eligibility`)
      .set(admin.auth)
      .expect(200);
    // Clause 1 at C 5: every other rate 10. 3360 − 5.
    expect(eligibility.body).toMatchObject({ total: 3355, complete: true });
    await t.http().post(`/api/assessments/${auditId}/submit`).set(lead.auth).expect(200);
    const trail = await t.http().get(`/api/assessments/${auditId}/trail`).set(admin.auth).expect(200);
    const layers = new Set(trail.body.map((e: { layer: string }) => e.layer));
    expect(layers).toEqual(new Set(['team', lead.id, other.id]));
    const verified = await t
      .http()
      .get(`/api/assessments/${auditId}/trail/verify`)
      .set(admin.auth)
      .expect(200);
    expect(verified.body.valid).toBe(true);
  });
});

describe('calibration', () => {
  it('measures the audit’s agreement: shares, kappa 0 (the lead never varied) and the clauses that decide the level', async () => {
    const res = await t.http().get(`/api/assessments/${auditId}/agreement`).set(admin.auth).expect(200);
    expect(res.body.raters).toBe(2);
    expect(res.body.clausesRatedByMany).toBe(CLAUSES);
    expect(res.body.exactAgreement.c).toBeCloseTo(158 / 168, 12);
    expect(res.body.exactAgreement.f).toBeCloseTo(163 / 168, 12);
    // One rater gave 10 everywhere: chance agreement equals the observed one, κ = 0.
    expect(res.body.kappa).toEqual({ c: 0, f: 0 });
    // The team kept C 5 on clause 1: L3's 100% of C is lost whatever 2–10 get, so only clause 1
    // (10 or 5) decides the level. An F of 5 on 11–15 breaks nothing.
    expect(res.body.levelChanging).toEqual([1]);
  });

  it('shows the body each auditor’s leniency against the team rating, and the disputed clauses; CSV too', async () => {
    const res = await t.http().get('/api/calibration/auditors').set(admin.auth).expect(200);
    const of = (id: string) => res.body.auditors.find((a: { auditorId: string }) => a.auditorId === id);
    expect(of(lead.id).leniency.c).toBeCloseTo(5 / 168, 12);
    expect(of(other.id).leniency.c).toBeCloseTo(-45 / 168, 12);
    expect(of(other.id).leniency.f).toBeCloseTo(-25 / 168, 12);
    expect(
      res.body.clauses.map((c: { clause: number }) => c.clause).sort((x: number, y: number) => x - y),
    ).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    // Each named by its edition and its summary, as the standard has them.
    const audit = await t.http().get(`/api/assessments/${auditId}`).set(admin.auth).expect(200);
    const clausesOfStandard = t.standards.get(audit.body.standard)?.standard.clauses ?? [];
    for (const c of res.body.clauses) {
      expect(c.standard).toBe(audit.body.standard);
      expect(c.summary).toEqual(clausesOfStandard.find((x) => x.number === c.clause)?.summary);
      expect(c.summary['zh-Hans']).not.toBe('');
    }
    const csv = await t.http().get('/api/calibration/auditors.csv').set(admin.auth).expect(200);
    expect(csv.text.split('\r\n')[0]).toContain('leniency_c');
    expect(csv.text).toContain(other.id);
    await t.http().get('/api/calibration/auditors').set(lead.auth).expect(403);
  });
});

describe('a single-rater audit works as before', () => {
  it('writes the one auditor’s rating as the team rating, and has no team rating to set', async () => {
    const organization = await seed.organization({ name: '单人审核中心' });
    const solo = await seed.user('auditor');
    const { id } = await seed.assessment(organization.id, 'certification', [solo.id]);
    await t
      .http()
      .put(`/api/assessments/${id}/scores/1`)
      .set(solo.auth)
      .send({ c: 10, f: 5, version: 0 })
      .expect(200);
    const team = await t.http().get(`/api/assessments/${id}/scores`).set(admin.auth).expect(200);
    expect(team.body.ratings).toHaveLength(1);
    const refused = await t
      .http()
      .put(`/api/assessments/${id}/team-scores/1`)
      .set(solo.auth)
      .send({ c: 10, f: 10, version: 1 })
      .expect(409);
    expect(refused.body.code).toBe('rating.not_team_audit');
  });
});
