import { schema } from '@ccmm/db';
import { checkKpi, FINDING_STATES, stage1For } from '@ccmm/engine';
import { asc, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/app.ts';
import { assessmentEligibility } from '../modules/assessments/assessment-eligibility.ts';
import { summaryRow } from '../modules/benchmarks/summaries.ts';
import { OVERDUE_REASON, runCertificateJobs } from '../modules/certificates/certificate-jobs.ts';
import { certificateVerifies } from '../modules/certificates/certificate-revisions.ts';
import { certificateSigner } from '../modules/certificates/certificate-signing.ts';
import { createCertificatesRepository } from '../modules/certificates/certificates.repository.ts';
import { asClauseRating, createRatingsRepository } from '../modules/ratings/ratings.repository.ts';
import { StandardRegistry } from '../plugins/context.ts';
import { DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DemoRefusedError, type DemoResult, loadDemo } from './load.ts';

const SIZE = 12;
const SEED = 424242;
const TODAY = '2026-10-15';

async function load(t: TestApp): Promise<DemoResult> {
  return loadDemo({
    db: t.database.db,
    standards: new StandardRegistry(t.standards),
    config: t.config,
    organizations: SIZE,
    seed: SEED,
    today: TODAY,
  });
}

async function tableCounts(t: TestApp) {
  const count = async (table: PgTable) => {
    const [row] = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table);
    return row?.n ?? 0;
  };
  return {
    organizations: await count(schema.organizations),
    users: await count(schema.users),
    assessments: await count(schema.assessments),
    ratings: await count(schema.ratings),
    raterRatings: await count(schema.raterRatings),
    ratingEvents: await count(schema.ratingEvents),
    summaries: await count(schema.assessmentSummaries),
    decisions: await count(schema.decisions),
    certificates: await count(schema.certificates),
    kpiValues: await count(schema.kpiValues),
    kpiChanges: await count(schema.kpiChanges),
    grants: await count(schema.consultantGrants),
    stage1Reviews: await count(schema.stage1Reviews),
    notifications: await count(schema.notifications),
    outbox: await count(schema.outbox),
  };
}

/** What two loads with the same seed must agree on, down to the hashes of the trails. */
async function fingerprint(t: TestApp) {
  const db = t.database.db;
  const [totals] = await db
    .select({ sum: sql<number>`coalesce(sum(${schema.assessmentSummaries.total}), 0)::int` })
    .from(schema.assessmentSummaries);
  const heads = await db
    .select({ hash: schema.ratingEvents.hash })
    .from(schema.ratingEvents)
    .orderBy(asc(schema.ratingEvents.assessmentId), asc(schema.ratingEvents.seq));
  const certificates = await db
    .select({ number: schema.certificates.number, level: schema.certificates.level })
    .from(schema.certificates)
    .orderBy(asc(schema.certificates.number));
  const kpis = await db
    .select({ sum: sql<number>`round(sum(${schema.kpiValues.value})::numeric, 3)::float8` })
    .from(schema.kpiValues);
  return {
    counts: await tableCounts(t),
    totals: totals?.sum,
    trail: heads.at(-1)?.hash,
    certificates,
    kpis: kpis[0]?.sum,
  };
}

describe('the demo loader', () => {
  let t: TestApp;
  let result: DemoResult;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await buildTestApp({ VERIFICATIONS_PER_MINUTE: '10000' });
    result = await load(t);
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ email: `admin@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD })
      .expect(200);
    auth = { Authorization: `Bearer ${login.body.token}` };
  }, 120_000);
  afterAll(async () => t?.close());

  it('loads the organizations, people, assessments, certificates and KPIs it reports', async () => {
    const counts = await tableCounts(t);
    expect(counts.organizations).toBe(SIZE);
    expect(result.counts.organizations).toBe(SIZE);
    // cb_admin, cb_reviewer, 4 auditors, a consultant, and a center admin per organization.
    expect(counts.users).toBe(7 + SIZE);
    expect(counts.assessments).toBe(result.counts.assessments);
    expect(counts.summaries).toBe(counts.assessments);
    expect(counts.ratings).toBe(result.counts.ratings);
    expect(counts.raterRatings).toBe(result.counts.raterRatings);
    expect(counts.ratingEvents).toBe(result.counts.ratingEvents);
    expect(counts.ratingEvents).toBeGreaterThanOrEqual(counts.ratings);
    expect(counts.decisions).toBe(result.counts.decisions);
    expect(counts.certificates).toBeGreaterThan(0);
    // What the demo's dates make due: in the center users' inboxes and, by e-mail, in the outbox.
    expect(counts.notifications).toBe(result.counts.notifications);
    expect(counts.notifications).toBeGreaterThan(0);
    expect(counts.outbox).toBe(counts.notifications);
    expect(counts.kpiValues).toBe(result.counts.kpiValues);
    expect(counts.kpiChanges).toBeGreaterThanOrEqual(counts.kpiValues);
    expect(counts.grants).toBeGreaterThan(0);
    for (const kind of ['self', 'certification', 'surveillance'])
      expect(result.counts[`assessments.${kind}`]).toBeGreaterThan(0);
    const years = await t.database.db
      .selectDistinct({ year: sql<number>`extract(year from ${schema.assessments.assessedOn})::int` })
      .from(schema.assessments);
    expect(years.length).toBeGreaterThanOrEqual(5);
    const [latest] = await t.database.db
      .select({ on: sql<string>`max(${schema.assessments.assessedOn})::text` })
      .from(schema.assessments);
    expect(latest?.on && latest.on < TODAY).toBe(true);
  });

  it('prints each center admin with the organization that account signs in to', async () => {
    const shown = result.accounts.filter((a) => a.role === 'center_admin');
    expect(shown.length).toBeGreaterThan(0);
    for (const account of shown) {
      const [row] = await t.database.db
        .select({ organization: schema.organizations.name })
        .from(schema.users)
        .innerJoin(schema.organizations, eq(schema.organizations.id, schema.users.organizationId))
        .where(eq(schema.users.email, account.email));
      expect(account.organization).toBe(row?.organization);
    }
  });

  it('leaves every demo auditor an audit to start and one half rated, and the reviewer a queue', async () => {
    const auditors = await t.database.db
      .select({ id: schema.users.id })
      .from(schema.users)
      .where(eq(schema.users.role, 'auditor'));
    expect(auditors.length).toBe(4);
    for (const auditor of auditors) {
      const open = await t.database.db
        .select({
          status: schema.assessments.status,
          rated: sql<number>`(select count(*) from ${schema.ratings} r where r.assessment_id = ${schema.assessments.id})::int`,
          // One auditor: their ratings are the audit's (a team audit's would wait in their layer).
          raters: sql<number>`(select count(*) from ${schema.assessmentAuditors} x where x.assessment_id = ${schema.assessments.id})::int`,
        })
        .from(schema.assessments)
        .innerJoin(
          schema.assessmentAuditors,
          eq(schema.assessmentAuditors.assessmentId, schema.assessments.id),
        )
        .where(
          sql`${schema.assessmentAuditors.userId} = ${auditor.id} and ${schema.assessments.kind} = 'certification' and ${schema.assessments.status} in ('draft', 'in_progress')`,
        );
      expect(open.some((a) => a.status === 'draft' && a.rated === 0 && a.raters === 1)).toBe(true);
      expect(
        open.some((a) => a.status === 'in_progress' && a.rated > 40 && a.rated < 128 && a.raters === 1),
      ).toBe(true);
    }
    const [queue] = await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.assessments)
      .where(
        sql`${schema.assessments.status} in ('submitted', 'in_review') and ${schema.assessments.kind} <> 'self'`,
      );
    expect(queue?.n).toBeGreaterThan(0);
  });

  it('has findings in every state, some overdue, and none holding back a decided audit', async () => {
    const listed = await t.http().get('/api/findings').set(auth).expect(200);
    const findings: { state: string; overdue: boolean; blocksDecision: boolean; assessmentId: string }[] =
      listed.body;
    expect(findings.length).toBe(result.counts.findings);
    expect(new Set(findings.map((f) => f.state))).toEqual(new Set(FINDING_STATES));
    expect(findings.some((f) => f.overdue)).toBe(true);
    const decided = new Set(
      (
        await t.database.db
          .select({ id: schema.assessments.id })
          .from(schema.assessments)
          .where(eq(schema.assessments.status, 'decided'))
      ).map((a) => a.id),
    );
    const onDecided = findings.filter((f) => decided.has(f.assessmentId));
    expect(onDecided.length).toBeGreaterThan(0);
    expect(onDecided.filter((f) => f.blocksDecision)).toEqual([]);
  });

  it('keeps every assessment’s summary equal to the engine over its stored ratings', async () => {
    const db = t.database.db;
    const registry = new StandardRegistry(t.standards);
    const rows = await db
      .select({
        id: schema.assessments.id,
        organizationId: schema.assessments.organizationId,
        standardRef: schema.assessments.standardRef,
        kind: schema.assessments.kind,
        assessedOn: schema.assessments.assessedOn,
        operatingSince: schema.organizations.operatingSince,
        summary: schema.assessmentSummaries,
      })
      .from(schema.assessments)
      .innerJoin(schema.organizations, eq(schema.organizations.id, schema.assessments.organizationId))
      .innerJoin(
        schema.assessmentSummaries,
        eq(schema.assessmentSummaries.assessmentId, schema.assessments.id),
      );
    expect(rows.length).toBe(result.counts.assessments);
    for (const row of rows) {
      const stored = await db
        .select({ clause: schema.ratings.clause, c: schema.ratings.c, f: schema.ratings.f })
        .from(schema.ratings)
        .where(eq(schema.ratings.assessmentId, row.id));
      const expected = summaryRow(
        row,
        assessmentEligibility(registry.get(row.standardRef).standard, row, stored.map(asClauseRating)),
      );
      const { updatedAt: _u, ...summary } = row.summary;
      expect(summary).toEqual(expected);
    }
  });

  it('writes every rating with an audit trail that verifies and ends in the stored rating', async () => {
    const ratings = createRatingsRepository(t.database.db);
    const assessments = await t.database.db.select({ id: schema.assessments.id }).from(schema.assessments);
    for (const { id } of assessments) {
      const verify = await t.http().get(`/api/assessments/${id}/trail/verify`).set(auth).expect(200);
      expect(verify.body.valid).toBe(true);
      const replayed = new Map<number, { c: number | null; f: number | null; note: string | null }>();
      for (const entry of await ratings.trail(id)) replayed.set(entry.clause, entry.new);
      const stored = await ratings.list(id);
      expect(stored.length).toBe(replayed.size);
      for (const rating of stored)
        expect(replayed.get(rating.clause)).toEqual({ c: rating.c, f: rating.f, note: rating.note });
    }
  });

  it('issues certificates whose signatures verify publicly', async () => {
    const certificates = await t.database.db
      .select({ number: schema.certificates.number })
      .from(schema.certificates);
    for (const { number } of certificates) {
      const res = await t.http().get(`/api/public/certificates/${number}`).expect(200);
      expect(res.body.signatureValid).toBe(true);
    }
  });

  it('readies every initial certification audit with a stage 1, some after one that found the center not ready', async () => {
    const db = t.database.db;
    const reviews = await db
      .select()
      .from(schema.stage1Reviews)
      .orderBy(asc(schema.stage1Reviews.recordedAt));
    expect(reviews.length).toBe(result.counts.stage1Reviews);
    const certificates = await db.select().from(schema.certificates);
    const audits = await db
      .select({
        organizationId: schema.assessments.organizationId,
        assessedOn: schema.assessments.assessedOn,
      })
      .from(schema.assessments)
      .where(eq(schema.assessments.kind, 'certification'));
    // A certification audit while a certificate stood (as issued or as renewed) is a
    // recertification: no stage 1.
    const renewals = await db
      .select()
      .from(schema.certificateRevisions)
      .where(eq(schema.certificateRevisions.event, 'renewed'));
    const standsOn = (c: (typeof certificates)[number], day: string) =>
      c.issuedOn < day &&
      [
        c.expiresOn,
        ...renewals
          .filter((r) => r.certificateNumber === c.number && r.effectiveOn < day)
          .map((r) => r.expiresOn ?? ''),
      ].some((expiry) => expiry >= day);
    const initial = audits.filter(
      (a) => !certificates.some((c) => c.organizationId === a.organizationId && standsOn(c, a.assessedOn)),
    );
    expect(initial.length).toBeGreaterThan(0);
    for (const audit of initial) {
      const own = reviews.filter((r) => r.organizationId === audit.organizationId);
      expect(stage1For(own, audit.assessedOn).gap).toBeNull();
    }
    const readyAfterNot = reviews.filter(
      (r) =>
        r.result === 'ready' &&
        reviews.some(
          (n) =>
            n.organizationId === r.organizationId && n.result === 'not_ready' && n.reviewedOn < r.reviewedOn,
        ),
    );
    expect(readyAfterNot.length).toBeGreaterThan(0);
  });

  it('leaves no organization with two current certificates on one standard', async () => {
    const current = new Map<string, string[]>();
    for (const c of await createCertificatesRepository(t.database.db).all(TODAY)) {
      if (c.status !== 'active' && c.status !== 'suspended') continue;
      const key = `${c.organizationId} ${c.standardRef}`;
      current.set(key, [...(current.get(key) ?? []), c.number]);
    }
    expect(current.size).toBeGreaterThan(0);
    for (const numbers of current.values()) expect(numbers).toHaveLength(1);
  });

  it('signs every revision of every certificate, and each verifies', async () => {
    const signer = await certificateSigner(t.config, t.database.db);
    const certificates = await createCertificatesRepository(t.database.db).all(TODAY);
    for (const certificate of certificates) {
      expect(certificate.revisions[0]?.event).toBe('issued');
      expect(certificateVerifies(signer, certificate)).toBe(true);
    }
  });

  it('runs its centers through cycles: maintained, lowered, suspended, reinstated, withdrawn, renewed', async () => {
    const certificates = await createCertificatesRepository(t.database.db).all(TODAY);
    const events = new Set(certificates.flatMap((c) => c.revisions.map((r) => r.event)));
    for (const event of ['maintained', 'lowered', 'suspended', 'reinstated', 'withdrawn', 'renewed'])
      expect(events, event).toContain(event);
    // A recertification renews the certificate under its number, with a later validity.
    const renewed = certificates.filter((c) => c.revisions.some((r) => r.event === 'renewed'));
    for (const c of renewed) expect(c.expiresOn > c.issuedExpiresOn, c.number).toBe(true);
    const reasons = new Set(certificates.flatMap((c) => c.revisions.map((r) => r.reasonCode)));
    expect(reasons).toContain(OVERDUE_REASON);
    // Surveillance audits are decided with a surveillance outcome, never certified.
    const outcomes = await t.database.db
      .select({ outcome: schema.decisions.outcome })
      .from(schema.decisions)
      .innerJoin(schema.assessments, eq(schema.assessments.id, schema.decisions.assessmentId))
      .where(eq(schema.assessments.kind, 'surveillance'));
    const decided = new Set(outcomes.map((o) => o.outcome));
    for (const outcome of decided) expect(['maintain', 'lower', 'suspend', 'withdraw']).toContain(outcome);
    for (const outcome of ['maintain', 'lower', 'suspend']) expect(decided).toContain(outcome);
    const statuses = new Set(certificates.map((c) => c.status));
    for (const status of ['active', 'withdrawn']) expect(statuses, status).toContain(status);
  });

  it('records what the scheduled certificate job would: running it after the load changes nothing', async () => {
    const count = async () => {
      const [row] = await t.database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.certificateRevisions);
      return row?.n ?? 0;
    };
    const before = await count();
    const result = await runCertificateJobs(
      t.database.db,
      await certificateSigner(t.config, t.database.db),
      TODAY,
    );
    expect(result).toEqual({ ran: true, signed: 0, suspended: [], withdrawn: [] });
    expect(await count()).toBe(before);
  });

  it('records KPIs that pass the engine’s validation, each with its change history', async () => {
    const db = t.database.db;
    const values = await db.select().from(schema.kpiValues);
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) {
      expect(checkKpi(v.indicator, { value: v.value, target: v.target, method: v.method })).toEqual([]);
    }
    const indicators = new Set(values.map((v) => v.indicator));
    expect(indicators.size).toBe(8);
    const latest = await db.execute<{ n: number }>(sql`
      select count(*)::int as n from kpi_values v
      where v.value = (select c.value from kpi_changes c
                       where c.organization_id = v.organization_id and c.month = v.month
                         and c.indicator = v.indicator order by c.id desc limit 1)`);
    const rows = Array.isArray(latest) ? latest : (latest as unknown as { rows: { n: number }[] }).rows;
    expect(rows[0]?.n).toBe(values.length);
  });

  it('gives an opted-in organization a cohort large enough to be shown', async () => {
    const [organization] = await t.database.db
      .select({ id: schema.organizations.id })
      .from(schema.organizations)
      .innerJoin(
        schema.assessmentSummaries,
        eq(schema.assessmentSummaries.organizationId, schema.organizations.id),
      )
      .where(eq(schema.organizations.benchmarkingOptIn, true))
      .limit(1);
    if (!organization) throw new Error('no opted-in organization with an assessment');
    const res = await t
      .http()
      .get(`/api/benchmarks/cohort?organizationId=${organization.id}`)
      .set(auth)
      .expect(200);
    expect(res.body.shown).toBe(true);
    expect(res.body.size).toBeGreaterThanOrEqual(5);
  });

  it('loads the same data again from the same seed', async () => {
    const other = await buildTestApp();
    try {
      await load(other);
      expect(await fingerprint(other)).toEqual(await fingerprint(t));
    } finally {
      await other.close();
    }
  }, 120_000);

  it('rates team audits in layers with disagreement worth calibrating, reconciled with reasons', async () => {
    const calibration = await t.http().get('/api/calibration/auditors').set(auth).expect(200);
    const { audits, auditors, clauses } = calibration.body as {
      audits: number;
      auditors: { name: string; audits: number; leniency: { c: number | null; f: number | null } }[];
      clauses: { clause: number; disagreed: number }[];
    };
    expect(audits).toBe(result.counts.teamAudits);
    const active = auditors.filter((a) => a.audits > 0);
    expect(active.length).toBeGreaterThanOrEqual(3);
    const leniencies = active.map((a) => a.leniency.c).filter((x): x is number => x !== null);
    expect(Math.max(...leniencies) - Math.min(...leniencies)).toBeGreaterThan(0.1);
    // auditor2 leans up: the most lenient on C.
    const lenient = active.reduce((a, b) => ((b.leniency.c ?? 0) > (a.leniency.c ?? 0) ? b : a));
    const [auditor2] = await t.database.db
      .select({ name: schema.users.name })
      .from(schema.users)
      .where(eq(schema.users.email, `auditor2@${DEMO_EMAIL_DOMAIN}`));
    expect(lenient.name).toBe(auditor2?.name);
    // Some clauses are disputed far more often than others.
    expect(clauses.length).toBeGreaterThan(5);
    const most = clauses[0]?.disagreed ?? 0;
    const least = clauses.at(-1)?.disagreed ?? 0;
    expect(most).toBeGreaterThan(least);
    // Per audit: kappa strictly between 0 and 1, and a reason on every team rating the raters disagreed on.
    const [team] = await t.database.db
      .select({ id: schema.raterRatings.assessmentId })
      .from(schema.raterRatings)
      .limit(1);
    const agreement = await t.http().get(`/api/assessments/${team?.id}/agreement`).set(auth).expect(200);
    for (const rate of ['c', 'f'] as const) {
      expect(agreement.body.kappa[rate]).toBeGreaterThan(0);
      expect(agreement.body.kappa[rate]).toBeLessThan(1);
    }
    const disputed = await t.database.db.execute<{ n: number }>(sql`
      select count(*)::int as n from ${schema.ratings} r
      where exists (select 1 from ${schema.raterRatings} a join ${schema.raterRatings} b
        on a.assessment_id = b.assessment_id and a.clause = b.clause and a.rater_id <> b.rater_id
        where a.assessment_id = r.assessment_id and a.clause = r.clause
          and (a.c is distinct from b.c or a.f is distinct from b.f))
        and r.note is null`);
    const found = Array.isArray(disputed)
      ? disputed
      : (disputed as unknown as { rows: { n: number }[] }).rows;
    expect(found[0]?.n).toBe(0);
  }, 120_000);

  it('refuses a database that is not empty, and changes nothing', async () => {
    const before = await tableCounts(t);
    await expect(load(t)).rejects.toBeInstanceOf(DemoRefusedError);
    await expect(load(t)).rejects.toThrow(/不是空的.*\n.*not empty/s);
    expect(await tableCounts(t)).toEqual(before);
  });
});
