import { standardLayout } from '@ccmm/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;
let lead: Session;
let second: Session;
let expert: Session;
let organization: { id: string };

beforeAll(async () => {
  t = await buildTestApp();
  seed = seeder(t);
  admin = await seed.setupAdmin();
  lead = await seed.user('auditor');
  second = await seed.user('auditor');
  expert = await seed.user('auditor');
  organization = await seed.organization({ industry: 'finance' });
  for (const who of [lead, second]) {
    await competence(who.id, {
      qualification: 'CC-CMM 高级审核员',
      industries: ['finance', 'telecom'],
      validUntil: '2027-12-31',
    }).expect(200);
  }
});
afterAll(async () => t.close());

function competence(auditorId: string, body: object, who: Session = admin) {
  return t
    .http()
    .put(`/api/auditors/${auditorId}/competence`)
    .set(who.auth)
    .set('Accept-Language', 'en')
    .send(body);
}
const plan = (id: string, body: object) =>
  t.http().put(`/api/assessments/${id}/plan`).set(admin.auth).set('Accept-Language', 'en').send(body);
const team = () => [
  { userId: lead.id, role: 'lead', domains: ['1.0', '2.0'] },
  { userId: second.id, role: 'auditor', domains: ['3.0', '4.0', '5.0'] },
  { userId: expert.id, role: 'technical_expert' },
];
const base = { onSiteFrom: '2026-06-29', onSiteTo: '2026-06-30', manDays: 4.5 };

describe('audit plans', () => {
  it('saves the team with roles and domains, and makes the lead and the auditors (only) the raters', async () => {
    const audit = await seed.assessment(organization.id);
    const saved = await plan(audit.id, { ...base, team: team() }).expect(200);
    expect(saved.body).toMatchObject({ assessmentId: audit.id, ...base, updatedByName: expect.any(String) });
    expect(saved.body.team.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [lead.id, 'lead'],
      [second.id, 'auditor'],
      [expert.id, 'technical_expert'],
    ]);
    expect(saved.body.team[2].domains).toEqual([]);
    const detail = await t.http().get(`/api/assessments/${audit.id}`).set(admin.auth).expect(200);
    expect(detail.body.auditors.map((a: { id: string }) => a.id).sort()).toEqual([lead.id, second.id].sort());
    const read = await t.http().get(`/api/assessments/${audit.id}/plan`).set(lead.auth).expect(200);
    expect(read.body).toEqual(saved.body);
    // The technical expert does not rate.
    const rated = await t
      .http()
      .put(`/api/assessments/${audit.id}/scores/1`)
      .set(expert.auth)
      .send({ c: 10, f: 10, version: 0 });
    expect(rated.status).toBe(403);
  });

  it('refuses a team without exactly one lead, reversed dates and a domain the standard lacks, changing nothing', async () => {
    const audit = await seed.assessment(organization.id);
    const noLead = await plan(audit.id, {
      ...base,
      team: team().map((m) => ({ ...m, role: m.role === 'lead' ? 'auditor' : m.role })),
    });
    expect(noLead.status).toBe(400);
    expect(noLead.body.code).toBe('plan.one_lead');
    const reversed = await plan(audit.id, { ...base, onSiteTo: '2026-06-01', team: team() });
    expect(reversed.body).toMatchObject({ code: 'plan.dates_reversed' });
    const domain = await plan(audit.id, {
      ...base,
      team: [{ userId: lead.id, role: 'lead', domains: ['9.0'] }],
    });
    expect(domain.body).toMatchObject({
      code: 'plan.unknown_domain',
      message: '标准 cc-cmm-oc@2017 中没有领域 9.0',
    });
    const halfDay = await plan(audit.id, { ...base, manDays: 1.25, team: team() });
    expect(halfDay.status).toBe(400);
    expect(
      (await t.http().get(`/api/assessments/${audit.id}/plan`).set(admin.auth).expect(200)).body,
    ).toBeNull();
  });

  it('needs a competence record of each rater, valid on the audit date and covering the organization’s industry', async () => {
    const audit = await seed.assessment(organization.id);
    const newcomer = await seed.user('auditor');
    const missing = await plan(audit.id, { ...base, team: [{ userId: newcomer.id, role: 'lead' }] });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('plan.no_competence');
    await competence(newcomer.id, {
      qualification: '审核员',
      industries: ['finance'],
      validUntil: '2026-06-01',
    }).expect(200);
    const expired = await plan(audit.id, { ...base, team: [{ userId: newcomer.id, role: 'lead' }] });
    expect(expired.body).toMatchObject({ code: 'plan.competence_expired' });
    await competence(newcomer.id, {
      qualification: '审核员',
      industries: ['retail'],
      validUntil: '2028-06-01',
    }).expect(200);
    const industry = await plan(audit.id, { ...base, team: [{ userId: newcomer.id, role: 'lead' }] });
    expect(industry.body).toMatchObject({ code: 'plan.competence_industry' });
    // An observer needs no competence record to watch.
    await plan(audit.id, {
      ...base,
      team: [
        { userId: lead.id, role: 'lead' },
        { userId: newcomer.id, role: 'observer' },
      ],
    }).expect(200);
    const history = await t.http().get(`/api/auditors/${newcomer.id}/competence`).set(admin.auth).expect(200);
    expect(history.body.map((c: { validUntil: string }) => c.validUntil)).toEqual([
      '2028-06-01',
      '2026-06-01',
    ]);
  });

  it('checks every member’s impartiality, and plans only open audits', async () => {
    const audit = await seed.assessment(organization.id);
    await t
      .http()
      .post(`/api/organizations/${organization.id}/conflicts`)
      .set(expert.auth)
      .send({ kind: 'declared', note: '亲属' })
      .expect(201);
    const conflicted = await plan(audit.id, { ...base, team: team() });
    expect(conflicted.status).toBe(409);
    expect(conflicted.body.code).toBe('impartiality.conflict');
    const self = await seed.assessment(organization.id, 'self');
    expect((await plan(self.id, { ...base, team: [{ userId: lead.id, role: 'lead' }] })).body.code).toBe(
      'plan.not_an_audit',
    );
  });

  it('shows an auditor only their own competence; only the body records it', async () => {
    expect((await t.http().get(`/api/auditors/${lead.id}/competence`).set(lead.auth)).status).toBe(200);
    expect((await t.http().get(`/api/auditors/${second.id}/competence`).set(lead.auth)).status).toBe(404);
    expect(
      (await competence(lead.id, { qualification: 'x', industries: [], validUntil: '2030-01-01' }, lead))
        .status,
    ).toBe(403);
    expect(
      (await competence(admin.id, { qualification: 'x', industries: [], validUntil: '2030-01-01' })).status,
    ).toBe(404);
  });

  it('lets an auditor rate only the clauses of the domains the plan assigns; several raters may share a clause', async () => {
    const loaded = t.standards.get('cc-cmm-oc@2017');
    if (!loaded) throw new Error('the shipped 2017 standard is loaded');
    const layout = standardLayout(loaded.standard);
    const clauseIn = (domain: string) => {
      const found = layout.sections.find((s) => s.domain === domain && s.clauses.length > 0)?.clauses;
      if (!found) throw new Error(`a clause in ${domain}`);
      return found;
    };
    const [d1, d3] = [clauseIn('1.0'), clauseIn('3.0')];
    const rate = (who: Session, clause: number) =>
      t
        .http()
        .put(`/api/assessments/${audit.id}/scores/${clause}`)
        .set(who.auth)
        .set('Accept-Language', 'en')
        .send({ c: 5, f: 5, version: 0 });
    const audit = await seed.assessment(organization.id);
    await plan(audit.id, {
      ...base,
      team: [
        { userId: lead.id, role: 'lead', domains: ['1.0', '2.0', '3.0'] },
        { userId: second.id, role: 'auditor', domains: ['3.0', '4.0', '5.0'] },
      ],
    }).expect(200);
    const outside = await rate(second, d1[0] as number);
    expect(outside.status).toBe(403);
    expect(outside.body).toMatchObject({
      code: 'plan.domain_not_assigned',
      message: `审核计划未把条目 ${d1[0]} 所在的领域分配给您（您负责的领域：3.0, 4.0, 5.0）`,
    });
    // A clause of 3.0 has two raters, each in their own layer.
    await rate(second, d3[0] as number).expect(200);
    await rate(lead, d3[0] as number).expect(200);
    await rate(lead, d1[0] as number).expect(200);
    const all = await t
      .http()
      .get(`/api/assessments/${audit.id}/scores?layer=all`)
      .set(admin.auth)
      .expect(200);
    const rated = (id: string) =>
      all.body.layers
        .find((l: { raterId: string }) => l.raterId === id)
        .ratings.map((r: { clause: number }) => r.clause)
        .sort((a: number, b: number) => a - b);
    expect(rated(second.id)).toEqual([d3[0]]);
    expect(rated(lead.id)).toEqual([d1[0], d3[0]].sort((a, b) => (a as number) - (b as number)));
    // A bulk write with one clause outside the auditor's domains writes nothing.
    const bulk = await t
      .http()
      .put(`/api/assessments/${audit.id}/scores`)
      .set(second.auth)
      .send({
        ratings: [
          { clause: d3[1], c: 10, f: 10 },
          { clause: d1[1], c: 10, f: 10 },
        ],
      });
    expect(bulk.status).toBe(403);
    expect(bulk.body.code).toBe('plan.domain_not_assigned');
    const csv = await t
      .http()
      .put(`/api/assessments/${audit.id}/scores`)
      .set(second.auth)
      .set('Content-Type', 'text/csv')
      .send(`clause,c_rate,f_rate\n${d3[1]},10,10\n${d1[1]},10,10\n`);
    expect(csv.status).toBe(403);
    const mine = await t
      .http()
      .get(`/api/assessments/${audit.id}/scores?layer=mine`)
      .set(second.auth)
      .expect(200);
    expect(mine.body.ratings.map((r: { clause: number }) => r.clause)).toEqual([d3[0]]);
  });

  it('without a plan, lets every assigned auditor rate every clause', async () => {
    const audit = await seed.assessment(organization.id);
    await t
      .http()
      .put(`/api/assessments/${audit.id}/auditors`)
      .set(admin.auth)
      .send({ userIds: [lead.id, second.id] })
      .expect(200);
    for (const who of [lead, second])
      for (const clause of [1, 168])
        await t
          .http()
          .put(`/api/assessments/${audit.id}/scores/${clause}`)
          .set(who.auth)
          .send({ c: 10, f: 5, version: 0 })
          .expect(200);
  });
});
