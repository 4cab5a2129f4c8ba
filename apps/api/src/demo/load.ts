import { performance } from 'node:perf_hooks';
import {
  type AssessmentKind,
  type AssessmentStatus,
  type Database,
  type Executor,
  type Role,
  schema,
} from '@ccmm/db';
import {
  addMonths,
  type ClauseRating,
  firstDayOf,
  monthOf,
  monthsBetween,
  type Stage1Result,
  type Standard,
  SUSPENSION_MAX_MONTHS,
  sampledClauses,
} from '@ccmm/engine';
import { hash } from '@node-rs/argon2';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { Converter } from 'opencc-js/cn2t';
import type { z } from 'zod';
import { addMonths as addMonthsToDate, addYears, clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { applicationBody } from '../modules/applications/applications.schemas.ts';
import { submitApplication } from '../modules/applications/applications.usecases.ts';
import { assessmentEligibility } from '../modules/assessments/assessment-eligibility.ts';
import { type StandardLookup, summaryRow } from '../modules/benchmarks/summaries.ts';
import { issueCertificate, surveillanceDates } from '../modules/certificates/certificate-issue.ts';
import { expiredSuspension, overdueSuspension } from '../modules/certificates/certificate-jobs.ts';
import { appendRevision, type RevisionChange } from '../modules/certificates/certificate-revisions.ts';
import { type CertificateSigner, certificateSigner } from '../modules/certificates/certificate-signing.ts';
import { createCertificatesRepository } from '../modules/certificates/certificates.repository.ts';
import {
  decisionProblem,
  decisionSnapshot,
  SURVEILLANCE_CHANGE,
  type SurveillanceOutcome,
  surveillanceProblem,
} from '../modules/certification/decision-rules.ts';
import { runNotificationJobs } from '../modules/notifications/notification-jobs.ts';
import { asClauseRating, type ChainHead, chainEvents } from '../modules/ratings/ratings.repository.ts';
import {
  AUDIT_NOTES,
  BRANDS,
  type BusinessType,
  CITIES,
  GIVEN_NAMES,
  INDUSTRY_PROFILES,
  INDUSTRY_WEIGHTS,
  type Industry,
  RECONCILE_REASONS,
  REGION_WEIGHTS,
  type Region,
  SELF_NOTES,
  SURNAMES,
} from './catalog.ts';
import { loadFindings } from './findings.ts';
import { kpiSeries } from './kpis.ts';
import {
  type CenterTraits,
  type ClauseModel,
  centerTraits,
  clauseDisputes,
  clauseModels,
  maturityAt,
  rateClauses,
  raterValue,
} from './model.ts';
import { createRandom, type Random } from './random.ts';

// Loads the demo dataset: organizations, people, several years of assessments with their
// audit trails and summaries, decisions and certificates, monthly KPIs. Every derived record
// is made by the code the API makes it with (trail chaining, summaries, snapshots, certificate
// issuing), so the demo reads back exactly as data entered through the API would.
//
// `loadDemo` runs the steps in order. Each step draws from its own forks of the seeded
// generator, except the ids, which come from one stream in load order (staff, organizations,
// assessments, consultant grants): the same seed loads the same rows, ids included, as long as
// the steps keep their order.

/** The one password of every demo account. The demo is for trying the product, never production. */
export const DEMO_PASSWORD = 'ccmm-demo-2026';
export const DEMO_EMAIL_DOMAIN = 'demo.ccmm.example';
export const DEMO_SEED = 20260101;
export const DEMO_ORGANIZATIONS = 300;
const STANDARD = 'cc-cmm-oc@2017';
const FIRST_YEAR = 2019;
const KPI_MONTHS = 36;

export class DemoRefusedError extends Error {
  constructor(
    readonly organizations: number,
    readonly users: number,
  ) {
    super(
      `数据库不是空的（${organizations} 个组织，${users} 个用户），演示数据只装入空数据库。要从头开始，请换一个数据目录，例如 DATA_DIR=./demo-data pnpm demo（或换一个空的 DATABASE_URL 数据库）。\n` +
        `The database is not empty (${organizations} organizations, ${users} users); the demo only loads into an empty one. To start fresh, use another data directory, e.g. DATA_DIR=./demo-data pnpm demo (or an empty DATABASE_URL database).`,
    );
  }
}

export interface DemoAccount {
  readonly email: string;
  readonly role: string;
  readonly name: string;
  readonly organization?: string;
}

export interface DemoResult {
  readonly seconds: number;
  readonly counts: Readonly<Record<string, number>>;
  readonly certificates: Readonly<Record<string, number>>;
  /** The sign-ins to show (each organization's center admin has one too). */
  readonly accounts: readonly DemoAccount[];
}

export interface DemoInput {
  readonly db: Database;
  readonly standards: StandardLookup;
  readonly config: Config;
  readonly organizations?: number;
  readonly seed?: number;
  /** The day the demo is loaded as of (YYYY-MM-DD); nothing is dated after it. */
  readonly today?: string;
  readonly log?: (line: string) => void;
}

type Row<T extends PgTable> = T['$inferInsert'];

/** What every step shares: the settings, the seeded streams, the standard and the tallies. */
interface Demo {
  readonly config: Config;
  readonly signer: CertificateSigner;
  readonly size: number;
  /** Nothing is dated after this day. */
  readonly today: string;
  readonly random: Random;
  /** Every id of the demo, drawn in load order. */
  readonly ids: Random;
  readonly standard: Standard;
  readonly clauses: readonly ClauseModel[];
  readonly toTraditional: (text: string) => string;
  /** The rows made, by kind, for the summary `pnpm demo` prints. */
  readonly counts: Record<string, number>;
  tally(key: string, n?: number): void;
  /** A line of progress, with the seconds since the load began. */
  log(line: string): void;
}

interface Person {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly organizationId?: string;
  readonly locale?: 'zh-Hans' | 'zh-Hant';
}

/** The certification body's people and the consultant, by what the steps need them for. */
interface Staff {
  readonly all: readonly Person[];
  readonly admin: Person;
  readonly reviewer: Person;
  readonly auditors: readonly Person[];
  readonly consultant: Person;
}

interface Organization {
  readonly id: string;
  readonly name: string;
  readonly industry: Industry;
  readonly businessType: BusinessType;
  readonly region: Region;
  readonly seats: number;
  readonly operatingSince: string;
  readonly sites: string[];
  readonly publicListing: boolean;
  readonly benchmarkingOptIn: boolean;
  readonly traditional: boolean;
  readonly adminId: string;
  readonly traits: CenterTraits;
  /** The year its assessments begin, and the month of the year it assesses in. */
  readonly firstYear: number;
  readonly month: number;
  readonly certifies: boolean;
}

interface Stored {
  readonly clause: number;
  readonly c: number | null;
  readonly f: number | null;
  readonly note: string | null;
}

interface Audit {
  readonly id: string;
  readonly organization: Organization;
  readonly kind: AssessmentKind;
  readonly assessedOn: string;
  readonly level: number;
  readonly operatingYears: number;
  readonly ratings: readonly Stored[];
  readonly decidedOn: string | null;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateOf = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const addDays = (date: string, days: number) => {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
};
/** A moment on a day, Beijing time. */
const at = (date: string, minutes: number) =>
  new Date(new Date(`${date}T00:00:00+08:00`).getTime() + minutes * 60_000);
const earliest = (a: Date, b: Date) => (a < b ? a : b);
const yearsBetween = (from: string, to: string) =>
  (new Date(`${to}T00:00:00Z`).getTime() - new Date(`${from}T00:00:00Z`).getTime()) / (365.25 * 86_400_000);
const email = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

async function insertChunks<T extends PgTable>(db: Executor, table: T, rows: Row<T>[], size: number) {
  for (let i = 0; i < rows.length; i += size) await db.insert(table).values(rows.slice(i, i + size));
}

export async function loadDemo(input: DemoInput): Promise<DemoResult> {
  const started = performance.now();
  const demo = await prepare(input, started);
  await refuseUnlessEmpty(input.db);

  // Everything is planned before the transaction: the password hashes take the longest.
  const people = demo.random.fork('people');
  const staff = planStaff(demo, people);
  const organizations = planOrganizations(demo);
  const centerAdmins = planCenterAdmins(demo, people, organizations);
  const users = [...staff.all, ...centerAdmins];
  const hashes = await Promise.all(users.map(() => hash(DEMO_PASSWORD)));
  demo.log(`  ${users.length} accounts prepared`);

  let certificates: Record<string, number> = {};
  await input.db.transaction(async (tx) => {
    // Checked again under a lock: two loads started together cannot both fill the database.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ccmm.demo'))`);
    await refuseUnlessEmpty(tx);
    await insertOrganizationsAndUsers(tx, organizations, users, hashes);
    const { steps } = await loadAssessments(tx, demo, staff, organizations);
    certificates = await loadDecisionsAndCertificates(tx, demo, staff, steps);
    const written = await loadFindings(
      tx,
      demo.standard,
      new Set(organizations.filter((o) => o.traditional).map((o) => o.id)),
      demo.today,
      demo.random.fork('findings'),
      demo.ids,
      demo.toTraditional,
    );
    demo.tally('findings', written.findings);
    demo.tally('findingEvents', written.events);
    demo.log(`  ${written.findings} findings with ${written.events} steps`);
    await loadConsultantGrants(tx, demo, staff.consultant, organizations);
    await loadKpis(tx, demo, organizations);
  });
  // What the data's dates make due (surveillance, expiry, corrective actions): the inbox of the
  // center users and, for those who take e-mail, the outbox (sent once SMTP_URL is set).
  const notes = await runNotificationJobs(input.db, input.config, demo.today);
  demo.tally('notifications', notes.notified);
  demo.log(`  ${notes.notified} notifications (their e-mails in the outbox)`);
  // Two centers waiting for the body's answer to their application (the Applications page).
  for (const body of DEMO_APPLICATIONS) {
    const { notified } = await submitApplication({
      db: input.db,
      config: input.config,
      body,
      locale: body.locale ?? 'zh-Hans',
    });
    demo.tally('notifications', notified);
  }
  await input.db.execute(sql`analyze`);

  return {
    seconds: (performance.now() - started) / 1000,
    counts: finalCounts(demo, organizations, users.length),
    certificates,
    accounts: accountsToShow(staff, centerAdmins, organizations),
  };
}

const DEMO_APPLICATIONS: z.infer<typeof applicationBody>[] = [
  {
    organization: {
      name: '滨江数字客服中心',
      operatingSince: '2019-03-01',
      region: '浙江',
      seats: 260,
      sites: ['杭州市滨江区'],
    },
    contact: { name: '沈丽', email: 'shen.li@binjiang.demo.ccmm.example', phone: '0571-8888 0000' },
    targetLevel: 3,
    message: '已完成内部自评，希望明年上半年安排认证审核。',
    locale: 'zh-Hans',
  },
  {
    organization: { name: '維港客戶聯絡中心', operatingSince: '2014-07-01', region: '香港', seats: 540 },
    contact: { name: '陳家豪', email: 'chan@harbour.demo.ccmm.example' },
    targetLevel: 4,
    locale: 'zh-Hant',
  },
];

/** The settings and seeded streams every step shares; the signing key is loaded once here. */
async function prepare(input: DemoInput, started: number): Promise<Demo> {
  const say = input.log ?? (() => {});
  const random = createRandom(input.seed ?? DEMO_SEED);
  const standard: Standard = input.standards.get(STANDARD).standard;
  const clauses = clauseModels(standard, random.fork('clauses'));
  const signer = await certificateSigner(input.config, input.db);
  const counts: Record<string, number> = {};
  return {
    config: input.config,
    signer,
    size: input.organizations ?? DEMO_ORGANIZATIONS,
    today: input.today ?? clock.today(),
    random,
    ids: random.fork('ids'),
    standard,
    clauses,
    toTraditional: Converter({ from: 'cn', to: 'hk' }),
    counts,
    tally: (key, n = 1) => {
      counts[key] = (counts[key] ?? 0) + n;
    },
    log: (line) => say(`${line} (${((performance.now() - started) / 1000).toFixed(1)} s)`),
  };
}

const personName = (people: Random) => `${people.pick(SURNAMES)}${people.pick(GIVEN_NAMES)}`;

/**
 * The certification body (an admin, a reviewer, four auditors) and a consultant: the people who
 * create audits, rate them, decide them, and look at centers that granted them access.
 */
function planStaff({ ids }: Demo, people: Random): Staff {
  const admin: Person = {
    id: ids.uuid(),
    email: email('admin'),
    name: `${personName(people)}（认证机构管理员）`,
    role: 'cb_admin',
  };
  const reviewer: Person = {
    id: ids.uuid(),
    email: email('reviewer'),
    name: `${personName(people)}（认证评审员）`,
    role: 'cb_reviewer',
  };
  const auditors: Person[] = [1, 2, 3, 4].map((n) => ({
    id: ids.uuid(),
    email: email(`auditor${n}`),
    name: `${personName(people)}（审核员）`,
    role: 'auditor',
  }));
  const consultant: Person = {
    id: ids.uuid(),
    email: email('consultant'),
    name: `${personName(people)}（咨询顾问）`,
    role: 'consultant',
  };
  return { all: [admin, reviewer, ...auditors, consultant], admin, reviewer, auditors, consultant };
}

/**
 * One center admin per organization, who signs in to it and rates its self-assessments.
 * center001… sign in to the centers a newcomer should see first: certified and benchmarked.
 */
function planCenterAdmins(
  { toTraditional }: Demo,
  people: Random,
  organizations: readonly Organization[],
): Person[] {
  const showcaseFirst = [...organizations].sort(
    (a, b) => Number(b.certifies && b.benchmarkingOptIn) - Number(a.certifies && a.benchmarkingOptIn),
  );
  return showcaseFirst.map((o, i) => ({
    id: o.adminId,
    email: email(`center${pad(i + 1, 3)}`),
    name: `${o.traditional ? toTraditional(personName(people)) : personName(people)}（中心管理员）`,
    role: 'center_admin',
    organizationId: o.id,
    locale: o.traditional ? 'zh-Hant' : 'zh-Hans',
  }));
}

/** The organizations and every account, each with the demo password's hash. */
async function insertOrganizationsAndUsers(
  tx: Executor,
  organizations: readonly Organization[],
  users: readonly Person[],
  hashes: readonly string[],
): Promise<void> {
  await insertChunks(
    tx,
    schema.organizations,
    organizations.map((o) => ({
      id: o.id,
      name: o.name,
      industry: o.industry,
      businessType: o.businessType,
      region: o.region,
      seats: o.seats,
      operatingSince: o.operatingSince,
      sites: o.sites,
      publicListing: o.publicListing,
      benchmarkingOptIn: o.benchmarkingOptIn,
    })),
    500,
  );
  await insertChunks(
    tx,
    schema.users,
    users.map((u, i) => ({ ...u, passwordHash: hashes[i] ?? '', locale: u.locale ?? 'zh-Hans' })),
    500,
  );
}

interface PendingAssessments {
  readonly assessments: Row<typeof schema.assessments>[];
  readonly auditors: Row<typeof schema.assessmentAuditors>[];
  readonly ratings: Row<typeof schema.ratings>[];
  /** Each auditor's own layer on the team audits that have them. */
  readonly layers: Row<typeof schema.raterRatings>[];
  readonly events: Row<typeof schema.ratingEvents>[];
  readonly summaries: Row<typeof schema.assessmentSummaries>[];
  readonly stage1: Row<typeof schema.stage1Reviews>[];
}

/**
 * Every organization's assessments since its first year, with their ratings, the audit trail
 * that led to them and their benchmarking summaries, inserted in chunks (the bulk of the
 * demo). Returns the completed audits, for the decisions.
 */
async function loadAssessments(
  tx: Executor,
  demo: Demo,
  staff: Staff,
  organizations: readonly Organization[],
): Promise<{ audits: Audit[]; steps: CertificateStep[] }> {
  const pending: PendingAssessments = {
    assessments: [],
    auditors: [],
    ratings: [],
    layers: [],
    events: [],
    summaries: [],
    stage1: [],
  };
  const flush = async () => {
    await insertChunks(tx, schema.assessments, pending.assessments.splice(0), 2_000);
    await insertChunks(tx, schema.assessmentAuditors, pending.auditors.splice(0), 5_000);
    await insertChunks(tx, schema.ratings, pending.ratings.splice(0), 5_000);
    await insertChunks(tx, schema.raterRatings, pending.layers.splice(0), 5_000);
    await insertChunks(tx, schema.ratingEvents, pending.events.splice(0), 3_000);
    await insertChunks(tx, schema.assessmentSummaries, pending.summaries.splice(0), 1_000);
    await insertChunks(tx, schema.stage1Reviews, pending.stage1.splice(0), 2_000);
  };
  const audits: Audit[] = [];
  const steps: CertificateStep[] = [];
  for (const organization of organizations) {
    const r = demo.random.fork(`assessments:${organization.id}`);
    // The self-assessments and the audits are added in date order: each audit's plan depends
    // on how the ones before it went.
    const selfPlans = scheduleSelfAssessments(organization, r, demo.today);
    const add = (plan: Planned) => addAssessment(demo, staff, organization, plan, r, pending);
    // What a surveillance audit carries its ratings over from, as the API picks it.
    let lastDecided: Audit | null = null;
    const hold = (plan: Planned): Audit | null => {
      while (selfPlans[0] && selfPlans[0].assessedOn <= plan.assessedOn) add(selfPlans.shift() as Planned);
      const carryFrom = plan.kind === 'surveillance' ? lastDecided : null;
      const { audit } = add(carryFrom ? { ...plan, carryFrom } : plan);
      if (audit) audits.push(audit);
      if (audit?.decidedOn && (audit.kind === 'surveillance' || audit.level > 0)) lastDecided = audit;
      return audit;
    };
    if (organization.certifies) {
      const reviews = r.fork('stage1');
      const review = (reviewedOn: string, result: Stage1Result) => {
        if (reviewedOn > demo.today) return;
        const notes = reviews.pick(STAGE1_NOTES[result]);
        pending.stage1.push({
          id: reviews.uuid(),
          organizationId: organization.id,
          standardRef: STANDARD,
          reviewedOn,
          result,
          notes: organization.traditional ? demo.toTraditional(notes) : notes,
          recordedBy: reviews.pick([staff.admin, staff.reviewer]).id,
          recordedAt: at(reviewedOn, 1_020),
        });
        demo.tally('stage1Reviews');
      };
      planCycles(demo, organization, r.fork('cycles'), hold, (step) => steps.push(step), review);
    }
    for (const plan of selfPlans) add(plan);
    if (pending.ratings.length >= 20_000) await flush();
  }
  addOpenAudits(demo, staff, organizations, pending);
  await flush();
  demo.log(
    `  ${demo.counts.assessments ?? 0} assessments with ${demo.counts.ratings ?? 0} ratings and their trails; ${demo.counts.teamAudits ?? 0} team audits rated in layers (${demo.counts.raterRatings ?? 0} layer ratings)`,
  );
  return { audits, steps };
}

/**
 * Work to try the product on: for every demo auditor, two initial certification audits of
 * centers that hold no certificate, on site since yesterday and led by that auditor — one not
 * started, one about half rated; for the reviewer, three completed audits awaiting a decision.
 * Each center had a stage 1 review that found it ready a month ago.
 */
function addOpenAudits(
  demo: Demo,
  staff: Staff,
  organizations: readonly Organization[],
  pending: PendingAssessments,
): void {
  const r = demo.random.fork('open-audits');
  const candidates = organizations.filter((o) => !o.certifies);
  const assessedOn = addDays(demo.today, -1);
  const work: { status: Planned['status']; team: NonNullable<Planned['team']> }[] = [];
  staff.auditors.forEach((lead) => {
    // Led and rated by one auditor: what they rate is the audit's rating (no reconciliation
    // to wait for), so a newcomer sees the scoring guide work as it does on any audit of one.
    work.push({ status: 'untouched', team: [lead] }, { status: 'in_progress', team: [lead] });
  });
  for (let i = 0; i < 3; i++)
    work.push({ status: 'complete', team: [staff.auditors[i] as Person, staff.auditors[i + 1] as Person] });
  work.forEach(({ status, team }, i) => {
    // (A small demo, as in the tests, has fewer such centers than audits: some get two.)
    const organization = candidates[i % candidates.length];
    if (!organization) return;
    const reviewedOn = addDays(demo.today, -30);
    const notes = r.pick(STAGE1_NOTES.ready);
    pending.stage1.push({
      id: r.uuid(),
      organizationId: organization.id,
      standardRef: STANDARD,
      reviewedOn,
      result: 'ready',
      notes: organization.traditional ? demo.toTraditional(notes) : notes,
      recordedBy: staff.admin.id,
      recordedAt: at(reviewedOn, 1_020),
    });
    demo.tally('stage1Reviews');
    const plan: Planned = { kind: 'certification', assessedOn, status, decidedOn: null, team };
    addAssessment(demo, staff, organization, plan, r.fork(`${i}`), pending);
    demo.tally(status === 'complete' ? 'awaitingDecision' : 'openAudits');
  });
}

/**
 * One planned assessment: rated by the center admin (a self-assessment, a little optimistic) or
 * by two auditors, its status from where it stands today, its rows added to `pending`. Returns
 * the level its ratings reach, and the audit to decide when it is a completed audit.
 */
function addAssessment(
  demo: Demo,
  staff: Staff,
  organization: Organization,
  plan: Planned,
  r: Random,
  pending: PendingAssessments,
): { level: number; audit: Audit | null } {
  const { today, tally, toTraditional } = demo;
  const id = demo.ids.uuid();
  const maturity =
    maturityAt(organization.traits, yearsBetween(`${organization.firstYear}-01-01`, plan.assessedOn)) +
    (plan.kind === 'self' ? organization.traits.optimism : 0) -
    (plan.slip ?? 0);
  const fresh = rateClauses(demo.clauses, organization.traits, maturity, r);
  // A surveillance audit re-rates its sample (a domain or two and a few clauses); the rest
  // keeps the ratings carried over from the last decided audit.
  const sample = plan.carryFrom ? surveillanceSample(demo.standard, r) : null;
  const sampled = new Set(sample ? sampledClauses(demo.standard, sample) : []);
  const ratings = sample ? fresh.filter((x) => sampled.has(x.clause)) : fresh;
  const open = plan.status !== 'complete';
  const rated = plan.status === 'untouched' ? [] : open ? ratings.filter(() => r.chance(0.55)) : ratings;
  const lead = plan.team?.[0] ?? r.pick(staff.auditors);
  const team = plan.team ?? [lead, r.pick(staff.auditors.filter((a) => a.id !== lead.id))];
  const createdAt = at(addDays(plan.assessedOn, -21), 600);
  // About half the completed audits of two auditors were rated in layers, then reconciled.
  const layered = r.fork(`layers:${id}`);
  const layers =
    plan.kind !== 'self' && !open && team.length > 1 && layered.chance(0.5)
      ? {
          random: layered,
          lean: (rater: string) => AUDITOR_LEANS[staff.auditors.findIndex((a) => a.id === rater)] ?? 0,
          dispute: (clause: number) => disputesOf(demo).get(clause) ?? 0,
          reason: () => {
            const text = layered.pick(RECONCILE_REASONS);
            return organization.traditional ? toTraditional(text) : text;
          },
        }
      : null;
  const { rows, events, last, layerRows } = rateWithTrail({
    assessmentId: id,
    kind: plan.kind,
    carried: plan.carryFrom
      ? { from: plan.carryFrom.id, ratings: plan.carryFrom.ratings, by: staff.admin.id, on: createdAt }
      : null,
    ratings: rated,
    assessedOn: plan.assessedOn,
    raters: plan.kind === 'self' ? [organization.adminId] : team.map((a) => a.id),
    note: (value) => {
      const text = plan.kind === 'self' ? selfNote(r, value) : auditNote(r, value);
      return text && organization.traditional ? toTraditional(text) : text;
    },
    random: r,
    layers,
  });
  const assessment = {
    id,
    organizationId: organization.id,
    standardRef: STANDARD,
    kind: plan.kind,
    assessedOn: plan.assessedOn,
  };
  const result = assessmentEligibility(
    demo.standard,
    { operatingSince: organization.operatingSince, assessedOn: plan.assessedOn },
    rows.map((row) => asClauseRating({ clause: row.clause, c: row.c ?? null, f: row.f ?? null })),
  );
  const audit = plan.kind !== 'self';
  const decidedOn = audit && plan.decidedOn && plan.decidedOn <= today ? plan.decidedOn : null;
  const status: AssessmentStatus = open
    ? rated.length === 0
      ? 'draft'
      : 'in_progress'
    : decidedOn
      ? plan.kind === 'surveillance' || result.level > 0
        ? 'decided'
        : 'refused'
      : plan.kind === 'certification' && r.chance(0.5)
        ? 'in_review'
        : 'submitted';
  pending.assessments.push({
    ...assessment,
    status,
    createdBy: plan.kind === 'self' ? organization.adminId : staff.admin.id,
    createdAt,
    carriedFrom: plan.carryFrom?.id ?? null,
    sample,
    updatedAt: decidedOn ? at(decidedOn, 600) : last,
  });
  if (audit) {
    pending.auditors.push(
      ...team.map((a, i) => ({
        assessmentId: id,
        userId: a.id,
        assignedAt: at(addDays(plan.assessedOn, -20), 630 + i),
      })),
    );
  }
  pending.ratings.push(...rows);
  pending.layers.push(...layerRows);
  pending.events.push(...events);
  pending.summaries.push({ ...summaryRow(assessment, result), updatedAt: last });
  tally('assessments');
  tally(`assessments.${plan.kind}`);
  tally('ratings', rows.length);
  tally('raterRatings', layerRows.length);
  if (layers) tally('teamAudits');
  tally('ratingEvents', events.length);
  if (!audit || open) return { level: result.level, audit: null };
  return {
    level: result.level,
    audit: {
      id,
      organization,
      kind: plan.kind,
      assessedOn: plan.assessedOn,
      level: result.level,
      operatingYears: result.operatingYears,
      ratings: rows.map((row) => ({
        clause: row.clause,
        c: row.c ?? null,
        f: row.f ?? null,
        note: row.note ?? null,
      })),
      decidedOn,
    },
  };
}

/**
 * The decisions on audits, the certificates they issue and the revisions that follow, oldest
 * first, so certificate numbers run in time order. Returns how many certificates stand in each
 * status today.
 */
async function loadDecisionsAndCertificates(
  tx: Executor,
  demo: Demo,
  staff: Staff,
  steps: readonly CertificateStep[],
): Promise<Record<string, number>> {
  const random = demo.random.fork('certificates');
  const currentOf = await decideAudits(tx, demo, staff, steps, random.fork('ids'));
  await recentChanges(tx, demo, staff.admin.id, currentOf, random.fork('suspensions'));
  const byStatus: Record<string, number> = {};
  for (const certificate of await createCertificatesRepository(tx).all(demo.today))
    byStatus[certificate.status] = (byStatus[certificate.status] ?? 0) + 1;
  demo.log(
    `  ${demo.counts.decisions ?? 0} decisions, ${demo.counts.certificates ?? 0} certificates issued, ${demo.counts.certificateRevisions ?? 0} revisions`,
  );
  return byStatus;
}

/**
 * The consultant: a dozen centers granted access (one granted and revoked again), so that the
 * consultant's view has centers to show and a revoked grant to not show.
 */
async function loadConsultantGrants(
  tx: Executor,
  demo: Demo,
  consultant: Person,
  organizations: readonly Organization[],
): Promise<void> {
  const { today, ids } = demo;
  const grants = demo.random.fork('grants');
  const candidates = organizations.filter((o) => o.firstYear < Number(today.slice(0, 4)));
  const granted = new Set<Organization>();
  while (granted.size < Math.min(13, candidates.length)) granted.add(grants.pick(candidates));
  const grantRows = [...granted].map((o, i) => {
    const grantedOn = addDays(today, -grants.int(30, 700));
    return {
      id: ids.uuid(),
      organizationId: o.id,
      consultantId: consultant.id,
      grantedBy: o.adminId,
      grantedAt: at(grantedOn, 600),
      revokedAt: i === 12 ? at(addDays(grantedOn, 20), 600) : null,
    };
  });
  await insertChunks(tx, schema.consultantGrants, grantRows, 500);
  demo.tally('consultantGrants', grantRows.filter((g) => !g.revokedAt).length);
}

/**
 * Monthly KPIs of the last three years for most centers, following each center's maturity,
 * with their change history (a few typos corrected the next day), for the KPI pages and
 * the KPI benchmarks.
 */
async function loadKpis(tx: Executor, demo: Demo, organizations: readonly Organization[]): Promise<void> {
  const { today, tally } = demo;
  const lastMonth = addMonths(monthOf(today), -1);
  const months = monthsBetween(addMonths(lastMonth, -(KPI_MONTHS - 1)), lastMonth).map(firstDayOf);
  const kpiValues: Row<typeof schema.kpiValues>[] = [];
  const kpiChanges: Row<typeof schema.kpiChanges>[] = [];
  for (const organization of organizations) {
    const r = demo.random.fork(`kpis:${organization.id}`);
    if (!r.chance(0.85)) continue;
    const series = kpiSeries(
      {
        industry: organization.industry,
        businessType: organization.businessType,
        since: `${organization.operatingSince.slice(0, 7)}-01`,
        maturity: (date) =>
          maturityAt(organization.traits, yearsBetween(`${organization.firstYear}-01-01`, date)),
      },
      months,
      r,
    );
    for (const record of series) {
      // Recorded in the first days of the next month; now and then corrected a day later.
      const recorded = earliest(
        at(addDays(addDays(`${record.month.slice(0, 7)}-28`, 4), r.int(0, 6)), r.int(540, 1080)),
        at(today, 480),
      );
      const base = {
        organizationId: organization.id,
        month: record.month,
        indicator: record.indicator,
        target: record.target,
        method: record.method,
        changedBy: organization.adminId,
      };
      let updatedAt = recorded;
      if (r.chance(0.015) && record.indicator !== 'nps') {
        kpiChanges.push({
          ...base,
          value: record.value === 0 ? 1 : wrongBy(record.value),
          changedAt: recorded,
        });
        updatedAt = new Date(recorded.getTime() + 86_400_000);
      }
      kpiChanges.push({ ...base, value: record.value, changedAt: updatedAt });
      kpiValues.push({
        organizationId: organization.id,
        month: record.month,
        indicator: record.indicator,
        value: record.value,
        target: record.target,
        method: record.method,
        updatedBy: organization.adminId,
        updatedAt,
      });
    }
    if (kpiValues.length >= 20_000) {
      await insertChunks(tx, schema.kpiValues, kpiValues.splice(0), 5_000);
      await insertChunks(tx, schema.kpiChanges, kpiChanges.splice(0), 5_000);
    }
    tally('organizationsWithKpis');
    tally('kpiValues', series.length);
  }
  await insertChunks(tx, schema.kpiValues, kpiValues, 5_000);
  await insertChunks(tx, schema.kpiChanges, kpiChanges, 5_000);
  const [changes] = await tx.select({ n: sql<number>`count(*)::int` }).from(schema.kpiChanges);
  demo.counts.kpiChanges = changes?.n ?? 0;
  demo.log(`  ${demo.counts.kpiValues ?? 0} monthly KPI values`);
}

/** The step tallies and the totals of what was planned, for the summary `pnpm demo` prints. */
function finalCounts(
  demo: Demo,
  organizations: readonly Organization[],
  users: number,
): Record<string, number> {
  const counts = demo.counts;
  counts.organizations = organizations.length;
  counts.benchmarkingOptIn = organizations.filter((o) => o.benchmarkingOptIn).length;
  counts.publicListing = organizations.filter((o) => o.publicListing).length;
  counts.users = users;
  return counts;
}

/** The staff and the first five center admins: the sign-ins `pnpm demo` prints. */
function accountsToShow(
  staff: Staff,
  centerAdmins: readonly Person[],
  organizations: readonly Organization[],
): DemoAccount[] {
  return [
    ...staff.all.map((s) => ({ email: s.email, role: s.role, name: s.name })),
    // centerAdmins are in showcase order, not the organizations' order: name each by its own.
    ...centerAdmins.slice(0, 5).map((c) => ({
      email: c.email,
      role: c.role,
      name: c.name,
      organization: organizations.find((o) => o.id === c.organizationId)?.name ?? '',
    })),
  ];
}

/** A typo caught the next day: off by a tenth, within range. */
function wrongBy(value: number): number {
  return Math.round(value * 0.9 * 10) / 10;
}

async function refuseUnlessEmpty(db: Executor) {
  const [row] = await db
    .select({
      organizations: sql<number>`(select count(*) from ${schema.organizations})::int`,
      users: sql<number>`(select count(*) from ${schema.users})::int`,
    })
    .from(sql`(select 1) as one`);
  if (row && (row.organizations > 0 || row.users > 0))
    throw new DemoRefusedError(row.organizations, row.users);
}

/**
 * The organizations: an industry, a business type and a region drawn by their weights, a name
 * made of them, a size, a start of operations, whether they seek certification, and traits
 * that set how mature they become and how fast.
 */
function planOrganizations({
  size,
  random: seeded,
  ids,
  clauses,
  today,
  toTraditional,
}: Demo): Organization[] {
  const random = seeded.fork('organizations');
  const taken = new Set<string>();
  const thisYear = Number(today.slice(0, 4));
  return Array.from({ length: size }, (_, i) => {
    const r = random.fork(`organization:${i}`);
    const industry = r.weighted(INDUSTRY_WEIGHTS);
    const profile = INDUSTRY_PROFILES[industry];
    const businessType = r.weighted(profile.types);
    const region = r.weighted(REGION_WEIGHTS);
    const [city, district] = r.pick(CITIES[region]);
    const brand = r.pick(BRANDS);
    const noun = r.pick(profile.nouns);
    let name = `${brand}${noun}${businessType}`;
    if (taken.has(name)) name = `${brand}${noun}${city}${businessType}`;
    for (let n = 2; taken.has(name); n++) name = `${brand}${noun}${city}第${n}${businessType}`;
    taken.add(name);
    // Seats: many mid-sized centers, a few very large ones (log-uniform 30–3000).
    const seats = Math.round(30 * 100 ** (r.next() ** 1.3));
    const sinceYear = Math.min(2024, Math.max(2008, Math.round(2008 + 16 * r.next() ** 0.8)));
    const operatingSince = dateOf(sinceYear, r.int(1, 12), 1);
    const traditional = region === '港澳台';
    const mainland = (c: string, d: string) => (traditional ? `${c}${d}` : `${c}市${d}`);
    const sites = [mainland(city, district)];
    if (seats > 1200) {
      const [c2, d2] = r.pick(CITIES[region]);
      if (c2 !== city) sites.push(mainland(c2, d2));
    }
    const certifies = r.chance(0.55);
    const firstYear = Math.max(FIRST_YEAR, sinceYear + 1);
    return {
      id: ids.uuid(),
      name: traditional ? toTraditional(name) : name,
      industry,
      businessType,
      region,
      seats,
      operatingSince,
      sites,
      publicListing: certifies ? r.chance(0.6) : r.chance(0.1),
      benchmarkingOptIn: r.chance(0.8),
      traditional,
      adminId: ids.uuid(),
      traits: centerTraits(clauses, r),
      firstYear: Math.min(firstYear, thisYear),
      month: r.int(3, 9),
      certifies,
    };
  });
}

interface Planned {
  readonly kind: AssessmentKind;
  readonly assessedOn: string;
  /** untouched: created and assigned, nothing rated yet (a draft). */
  readonly status: 'untouched' | 'in_progress' | 'complete';
  readonly decidedOn: string | null;
  /** The auditors, the lead first (otherwise two picked at random). One alone rates in the team layer. */
  readonly team?: readonly [Person] | readonly [Person, Person];
  /** How far the center slipped back since its last audit (staff turnover, a new contract). */
  readonly slip?: number;
  /** A surveillance audit: the decided audit its ratings are carried over from. */
  readonly carryFrom?: Audit;
}

/** A yearly self-assessment, now and then skipped; this year's may still be open. */
function scheduleSelfAssessments(o: Organization, r: Random, today: string): Planned[] {
  const thisYear = Number(today.slice(0, 4));
  const plans: Planned[] = [];
  // Far enough back that the raters' work (a day or two) is over by today.
  const latest = addDays(today, -5);
  for (let year = o.firstYear; year <= thisYear; year++) {
    const selfOn = dateOf(year, o.month, r.int(5, 25));
    if (selfOn < latest && (year === o.firstYear || r.chance(0.9))) {
      const open = year === thisYear && r.chance(0.2);
      plans.push({
        kind: 'self',
        assessedOn: selfOn,
        status: open ? 'in_progress' : 'complete',
        decidedOn: null,
      });
    }
  }
  return plans;
}

/** A decision the demo records on an audit (checked by the decision route's own rules). */
interface PlannedDecision {
  readonly outcome: 'certify' | 'refuse' | SurveillanceOutcome;
  readonly level: number | null;
  readonly reason: string | null;
  readonly until: string | null;
}

/** A change to an organization's current certificate, on a day: what the API or its job records. */
type CertificateStep = { readonly on: string; readonly organization: Organization } & (
  | { readonly kind: 'decision'; readonly audit: Audit; readonly decision: PlannedDecision }
  | { readonly kind: 'reinstate'; readonly reason: string }
  /** The scheduled job: the surveillance due on `due` passed with none decided. */
  | { readonly kind: 'overdue'; readonly due: string }
  /** The scheduled job: the suspension's deadline `until` passed without it being lifted. */
  | { readonly kind: 'expired'; readonly until: string }
);

/** What a stage 1 document review found, by its result. */
const STAGE1_NOTES: Record<Stage1Result, readonly string[]> = {
  ready: [
    '服务管理手册、流程文件与近12个月的绩效报告齐全，可安排第二阶段现场审核。',
    '文件齐全，质量目标与关键绩效指标定义清楚；现场审核时重点查看质检记录。',
    '体系文件完整，培训与辅导记录可追溯，同意进入第二阶段审核。',
  ],
  not_ready: [
    '缺少近12个月的客户满意度调查记录，绩效指标的统计口径未说明，整改后重新提交文件。',
    '服务流程文件与实际运营不一致，培训记录不完整，暂不具备第二阶段审核条件。',
  ],
};

const REASONS = {
  refused: '审核结果未达到应用级（L1）的要求，请整改后重新申请认证。',
  lowered: (from: number, to: number) => `监督审核结果只支持 L${to}，证书等级由 L${from} 降为 L${to}。`,
  suspended: (level: number) => `监督审核结果低于认证等级 L${level}，暂停证书，限期整改。`,
  withdrawn: '监督审核结果未达到应用级（L1）的要求，撤销证书。',
  reinstated: '整改经验证有效，恢复证书。',
} as const;

/**
 * A certifying center's certification cycles, held and decided as a certification body runs
 * them (ISO/IEC 17021-1 §9.1.3): a certification audit two months after a self-assessment
 * (refused below L1, tried again once a year later); then, per certificate, a surveillance
 * audit in the three months before each due date, decided before it: maintain when the ratings
 * reach the level, else mostly lower to what they reach, now and then suspend (reinstated a
 * month or two later, or withdrawn by the job past the deadline) or withdraw; now and then a
 * surveillance missed (suspended by the job the day after the due date, then a late audit or
 * the withdrawal past the deadline); then a recertification audit in the six months before
 * expiry whose certificate supersedes the old one, unless the center lets it lapse. Each initial
 * certification audit follows a stage 1 that found the center ready one to three months before
 * (now and then after one that found it not ready); `review` records them. `hold`
 * rates an audit (with the self-assessments before it) and returns it when decided by today;
 * `emit` records the steps that follow.
 */
function planCycles(
  { today, config }: Demo,
  o: Organization,
  c: Random,
  hold: (plan: Planned) => Audit | null,
  emit: (step: CertificateStep) => void,
  review: (reviewedOn: string, result: Stage1Result) => void,
): void {
  // Far enough back that the raters' work (a day or two) is over by today.
  const latest = addDays(today, -5);
  const lapses = c.chance(0.15);
  const held = (kind: 'certification' | 'surveillance', assessedOn: string, decideIn: number) => {
    if (assessedOn >= latest) return null;
    // Now and then a center slips back between two audits, and a surveillance audit shows it.
    const slip = kind === 'surveillance' && c.chance(0.3) ? Math.max(0, c.normal(0.08, 0.03)) : 0;
    const audit = hold({
      kind,
      assessedOn,
      status: 'complete',
      decidedOn: addDays(assessedOn, decideIn),
      slip,
    });
    return audit?.decidedOn ? { audit, on: audit.decidedOn } : null;
  };
  const decide = (audit: Audit, on: string, decision: PlannedDecision) =>
    emit({ kind: 'decision', on, organization: o, audit, decision });
  const certify = (audit: Audit, on: string) =>
    decide(audit, on, { outcome: 'certify', level: audit.level, reason: null, until: null });
  const refuse = (audit: Audit, on: string) =>
    decide(audit, on, { outcome: 'refuse', level: null, reason: REASONS.refused, until: null });

  /** A surveillance audit's outcome on a certificate at `level`: the level after it, null when withdrawn. */
  const outcomeOf = (audit: Audit, on: string, level: number, late: boolean): number | null => {
    if (audit.level >= level) {
      decide(audit, on, {
        outcome: 'maintain',
        level,
        reason: late ? REASONS.reinstated : null,
        until: null,
      });
      return level;
    }
    if (audit.level > 0 && (late || c.chance(0.7))) {
      decide(audit, on, {
        outcome: 'lower',
        level: audit.level,
        reason: REASONS.lowered(level, audit.level),
        until: null,
      });
      return audit.level;
    }
    if (late || (audit.level === 0 && c.chance(0.25))) {
      decide(audit, on, { outcome: 'withdraw', level, reason: REASONS.withdrawn, until: null });
      return null;
    }
    const until = addMonthsToDate(on, c.pick([3, SUSPENSION_MAX_MONTHS]));
    decide(audit, on, { outcome: 'suspend', level, reason: REASONS.suspended(level), until });
    if (c.chance(0.6)) {
      const reinstatedOn = addDays(on, c.int(30, 80));
      if (reinstatedOn > today) return null;
      emit({ kind: 'reinstate', on: reinstatedOn, organization: o, reason: REASONS.reinstated });
      return level;
    }
    const withdrawnOn = addDays(until, 1);
    if (withdrawnOn <= today) emit({ kind: 'expired', on: withdrawnOn, organization: o, until });
    return null;
  };

  /** The surveillance due on `due`: the level after it, null when the cycle goes no further. */
  const surveillance = (due: string, level: number, missed: boolean): number | null => {
    if (!missed) {
      const done = held('surveillance', addDays(due, -c.int(20, 80)), c.int(7, 18));
      return done ? outcomeOf(done.audit, done.on, level, false) : null;
    }
    const suspendedOn = addDays(due, 1);
    if (suspendedOn > today) return null;
    emit({ kind: 'overdue', on: suspendedOn, organization: o, due });
    const until = addMonthsToDate(suspendedOn, SUSPENSION_MAX_MONTHS);
    if (c.chance(0.6)) {
      const done = held('surveillance', addDays(due, c.int(20, 100)), c.int(7, 18));
      return done ? outcomeOf(done.audit, done.on, level, true) : null;
    }
    const withdrawnOn = addDays(until, 1);
    if (withdrawnOn <= today) emit({ kind: 'expired', on: withdrawnOn, organization: o, until });
    return null;
  };

  // Its own stream, so the rest of the demo draws as it did before stage 1 was recorded.
  const s1 = c.fork('stage1');
  const stage1 = (auditOn: string) => {
    const readyOn = addDays(auditOn, -s1.int(20, 90));
    if (s1.chance(0.3)) review(addDays(readyOn, -s1.int(40, 100)), 'not_ready');
    review(readyOn, 'ready');
  };

  let auditOn = dateOf(o.firstYear + c.int(0, 2), o.month + 2, c.int(3, 26));
  let certified: { audit: Audit; on: string } | null = null;
  for (let attempt = 0; !certified; attempt++) {
    stage1(auditOn);
    const done = held('certification', auditOn, c.int(14, 45));
    if (!done) return;
    if (done.audit.level > 0) certified = done;
    else {
      refuse(done.audit, done.on);
      if (attempt >= 1) return;
      auditOn = addDays(done.on, c.int(300, 420));
    }
  }
  certify(certified.audit, certified.on);
  let issuedOn = certified.on;
  let level: number | null = certified.audit.level;
  for (;;) {
    const dues = surveillanceDates(issuedOn, config.certificateValidityYears);
    const missed = dues.length > 0 && c.chance(0.1) ? c.int(0, dues.length - 1) : -1;
    for (const [i, due] of dues.entries()) {
      level = surveillance(due, level, i === missed);
      if (level === null) return;
    }
    if (lapses) return;
    const expiresOn = addYears(issuedOn, config.certificateValidityYears);
    const renewal = held('certification', addDays(expiresOn, -c.int(45, 150)), c.int(14, 40));
    if (!renewal) return;
    if (renewal.audit.level === 0) {
      refuse(renewal.audit, renewal.on);
      return;
    }
    certify(renewal.audit, renewal.on);
    issuedOn = renewal.on;
    level = renewal.audit.level;
  }
}

function auditNote(r: Random, value: { c: number | null; f: number | null }): string | null {
  const low = Math.min(value.c ?? 0, value.f ?? 0) as 0 | 5 | 10;
  const p = low === 10 ? 0.04 : low === 5 ? 0.35 : 0.5;
  return r.chance(p) ? r.pick(AUDIT_NOTES[low]) : null;
}

/** What a demo surveillance audit re-rates: three or four domains and a few single clauses. */
function surveillanceSample(standard: Standard, r: Random): { domains: string[]; clauses: number[] } {
  const left = standard.domains.map((d) => d.id);
  const domains: string[] = [];
  for (let n = r.int(3, 4); n > 0 && left.length > 0; n--)
    domains.push(...left.splice(r.int(0, left.length - 1), 1));
  const clauses = [...new Set(Array.from({ length: r.int(0, 4) }, () => r.pick(standard.clauses).number))];
  return { domains: domains.sort(), clauses: clauses.sort((a, b) => a - b) };
}

function selfNote(r: Random, value: { c: number | null; f: number | null }): string | null {
  return (value.f ?? 0) < 10 && r.chance(0.08) ? r.pick(SELF_NOTES) : null;
}

/**
 * The rating rows of an assessment and the trail that led to them: each rater works through
 * their share of the clauses one by one; a few clauses are revised the next day.
 */
function rateWithTrail(input: {
  assessmentId: string;
  kind: AssessmentKind;
  /** A surveillance audit: the ratings carried over when it was created, before any rating. */
  carried: { from: string; ratings: readonly Stored[]; by: string; on: Date } | null;
  ratings: readonly ClauseRating[];
  assessedOn: string;
  raters: readonly string[];
  note: (value: { c: number | null; f: number | null }) => string | null;
  random: Random;
  /** A team audit rated in layers: each rater's own, then the lead's reconciliation. */
  layers: TeamLayers | null;
}) {
  const { assessmentId, ratings, raters, random: r } = input;
  const rows: Row<typeof schema.ratings>[] = [];
  const layerRows: Row<typeof schema.raterRatings>[] = [];
  const events: Row<typeof schema.ratingEvents>[] = [];
  let head: ChainHead = null;
  const carriedRows = new Map<number, Stored>();
  if (input.carried) {
    const { from, ratings: source, by, on } = input.carried;
    const chained = chainEvents(
      head,
      assessmentId,
      by,
      on,
      source.map((x) => ({
        clause: x.clause,
        old: { c: null, f: null, note: null },
        new: { c: x.c, f: x.f, note: x.note },
        carriedFrom: from,
      })),
    );
    head = chained.head;
    events.push(...chained.rows);
    for (const x of source) carriedRows.set(x.clause, x);
  }
  // A self-assessment is rated over the two weeks before its date; an audit on its day.
  const startDay = input.kind === 'self' ? addDays(input.assessedOn, -14) : input.assessedOn;
  let minute = 9 * 60;
  let day = startDay;
  let last = at(day, minute);
  const revisions: { clause: number; old: Stored; final: Stored; actor: string }[] = [];
  const share = Math.ceil(ratings.length / raters.length);
  if (input.layers) {
    const rated = rateInLayers({
      ...input,
      layers: input.layers,
      head,
      carriedRows,
      rows,
      layerRows,
      events,
    });
    head = rated.head;
    last = rated.last ?? last;
    day = rated.day;
  }
  (input.layers ? [] : ratings).forEach((rating, i) => {
    const actor = raters[Math.min(raters.length - 1, Math.floor(i / share))] ?? raters[0] ?? '';
    const final: Stored = { clause: rating.clause, c: rating.c, f: rating.f, note: input.note(rating) };
    let firstValue = final;
    if (r.chance(0.04)) {
      // First rated a notch differently, corrected the next day.
      const bump = (v: number | null) => (v === null ? v : v === 10 ? 5 : v + 5);
      firstValue = { ...final, f: bump(final.f), note: null };
      revisions.push({ clause: rating.clause, old: firstValue, final, actor });
    }
    minute += r.int(1, 4);
    if (minute > 18 * 60) {
      minute = 9 * 60;
      day = addDays(day, input.kind === 'self' ? 2 : 1);
    }
    const when = at(day, minute);
    const carried = carriedRows.get(rating.clause);
    carriedRows.delete(rating.clause);
    const chained = chainEvents(head, assessmentId, actor, when, [
      {
        clause: rating.clause,
        old: { c: carried?.c ?? null, f: carried?.f ?? null, note: carried?.note ?? null },
        new: { c: firstValue.c, f: firstValue.f, note: firstValue.note },
      },
    ]);
    head = chained.head;
    events.push(...chained.rows);
    last = when;
    rows.push({
      assessmentId,
      clause: rating.clause,
      c: final.c,
      f: final.f,
      note: final.note,
      version: (firstValue === final ? 1 : 2) + (carried ? 1 : 0),
      updatedBy: actor,
      updatedAt: when,
    });
  });
  // The carried ratings no rater touched: still as carried over.
  for (const x of carriedRows.values()) {
    const on = input.carried?.on ?? last;
    rows.push({
      ...x,
      assessmentId,
      carried: true,
      version: 1,
      updatedBy: input.carried?.by ?? '',
      updatedAt: on,
    });
  }
  rows.sort((a, b) => a.clause - b.clause);
  const nextDay = addDays(day, 1);
  revisions.forEach((revision, i) => {
    const when = at(nextDay, 9 * 60 + 5 * i);
    const chained = chainEvents(head, assessmentId, revision.actor, when, [
      {
        clause: revision.clause,
        old: { c: revision.old.c, f: revision.old.f, note: revision.old.note },
        new: { c: revision.final.c, f: revision.final.f, note: revision.final.note },
      },
    ]);
    head = chained.head;
    events.push(...chained.rows);
    last = when;
    const row = rows.find((x) => x.clause === revision.clause);
    if (row) row.updatedAt = when;
  });
  return { rows, events, last, layerRows };
}

/** How an auditor leans, by their place among the demo's auditors: auditor2 lenient, auditor3 strict. */
const AUDITOR_LEANS: readonly number[] = [0, 0.7, -0.12, 0.05];

const disputes = new WeakMap<Demo, Map<number, number>>();
function disputesOf(demo: Demo): Map<number, number> {
  let map = disputes.get(demo);
  if (!map) {
    map = clauseDisputes(demo.clauses, demo.random.fork('disputes'));
    disputes.set(demo, map);
  }
  return map;
}

interface TeamLayers {
  readonly random: Random;
  /** The rater's lean: positive rates a notch up more often than down. */
  lean(raterId: string): number;
  /** The clause's chance of a rate read a notch away from the evidence. */
  dispute(clause: number): number;
  /** The lead's reason for a team rating where the raters disagreed. */
  reason(): string;
}

/**
 * A team audit's ratings as the API records them: on the audit day every rater rates every
 * clause in their own layer (trail entries naming the layer); the next morning the lead sets
 * the team rating — the agreed value where the raters agree, the evidence's value with a reason
 * where they disagree.
 */
function rateInLayers(input: {
  assessmentId: string;
  assessedOn: string;
  ratings: readonly ClauseRating[];
  raters: readonly string[];
  note: (value: { c: number | null; f: number | null }) => string | null;
  layers: TeamLayers;
  head: ChainHead;
  carriedRows: Map<number, Stored>;
  rows: Row<typeof schema.ratings>[];
  layerRows: Row<typeof schema.raterRatings>[];
  events: Row<typeof schema.ratingEvents>[];
}): { head: ChainHead; last: Date | null; day: string } {
  const { assessmentId, ratings, raters, layers, carriedRows, rows, layerRows, events } = input;
  const r = layers.random;
  const lead = raters[0] ?? '';
  let head = input.head;
  let last: Date | null = null;
  let minute = 9 * 60;
  const chain = (actor: string, when: Date, change: Parameters<typeof chainEvents>[4][number]) => {
    const chained = chainEvents(head, assessmentId, actor, when, [change]);
    head = chained.head;
    events.push(...chained.rows);
  };
  const team: { rating: ClauseRating; value: Stored }[] = [];
  for (const rating of ratings) {
    const dispute = layers.dispute(rating.clause);
    minute = Math.min(minute + r.int(1, 3), 18 * 60);
    const when = at(input.assessedOn, minute);
    const proposals = raters.map((rater) => {
      const lean = layers.lean(rater);
      const value = {
        c: raterValue(rating.c, dispute, lean, r),
        f: raterValue(rating.f, dispute, lean, r),
      };
      const note = input.note(value);
      chain(rater, when, {
        clause: rating.clause,
        old: { c: null, f: null, note: null },
        new: { ...value, note },
        layer: rater,
      });
      layerRows.push({
        assessmentId,
        clause: rating.clause,
        raterId: rater,
        ...value,
        note,
        version: 1,
        updatedBy: rater,
        updatedAt: when,
      });
      return { ...value, note };
    });
    const agreed = (rate: 'c' | 'f') => proposals.every((p) => p[rate] === proposals[0]?.[rate]);
    const disagreed = !agreed('c') || !agreed('f');
    team.push({
      rating,
      value: {
        clause: rating.clause,
        c: agreed('c') ? (proposals[0]?.c ?? null) : rating.c,
        f: agreed('f') ? (proposals[0]?.f ?? null) : rating.f,
        // The reason is kept as the team rating's note; where all agree the lead keeps their own.
        note: disagreed ? layers.reason() : (proposals[0]?.note ?? null),
      },
    });
  }
  const day = addDays(input.assessedOn, 1);
  for (const [i, { rating, value }] of team.entries()) {
    const when = at(day, 9 * 60 + Math.floor(i / 2));
    const carried = carriedRows.get(rating.clause);
    carriedRows.delete(rating.clause);
    chain(lead, when, {
      clause: rating.clause,
      old: { c: carried?.c ?? null, f: carried?.f ?? null, note: carried?.note ?? null },
      new: { c: value.c, f: value.f, note: value.note },
    });
    rows.push({
      assessmentId,
      clause: rating.clause,
      c: value.c,
      f: value.f,
      note: value.note,
      version: carried ? 2 : 1,
      updatedBy: lead,
      updatedAt: when,
    });
    last = when;
  }
  return { head, last, day };
}

/** Where an organization's current certificate stands, as the steps leave it. */
interface Current {
  readonly number: string;
  readonly level: number;
  readonly status: 'active' | 'suspended' | 'withdrawn' | 'superseded';
  readonly expiresOn: string;
  /** The day of the latest step on it. */
  readonly changedOn: string;
}

/**
 * The decisions on audits (by the reviewer, never one of their auditors), inserted together,
 * then every step in date order, each a signed revision as the API records it: a certification
 * issues its certificate, or renews the current one, through the decision route's issuing, a
 * surveillance outcome appends its revision to the current certificate after
 * the route's own checks, a reinstatement is the body's, an overdue suspension and the
 * withdrawal of an expired suspension are the scheduled job's own records, on the day the job
 * would have made them. Returns each organization's current certificate.
 */
async function decideAudits(
  tx: Executor,
  demo: Demo,
  staff: Staff,
  steps: readonly CertificateStep[],
  ids: Random,
): Promise<Map<string, Current>> {
  const { config, signer, tally } = demo;
  const ordered = steps
    .map((step, i) => ({ step, i }))
    .sort((x, y) => x.step.on.localeCompare(y.step.on) || x.i - y.i)
    .map(({ step }) => step);
  const decisionIds = new Map<CertificateStep, string>();
  const decisions: Row<typeof schema.decisions>[] = [];
  for (const step of ordered) {
    if (step.kind !== 'decision') continue;
    const { audit, decision, on } = step;
    const { snapshotHash } = decisionSnapshot(
      { id: audit.id, standardRef: STANDARD, assessedOn: audit.assessedOn },
      audit.operatingYears,
      audit.ratings,
    );
    const id = ids.uuid();
    decisionIds.set(step, id);
    decisions.push({
      id,
      assessmentId: audit.id,
      deciderId: staff.reviewer.id,
      decidedAt: at(on, 600),
      decidedOn: on,
      outcome: decision.outcome,
      level: decision.level,
      reason: decision.reason,
      comments: null,
      eligibleLevel: audit.level,
      snapshotHash,
      until: decision.until,
    });
    tally(`decisions.${decision.outcome}`);
  }
  await insertChunks(tx, schema.decisions, decisions, 1_000);
  tally('decisions', decisions.length);

  const currentOf = new Map<string, Current>();
  const append = async (step: CertificateStep, current: Current, change: RevisionChange) => {
    const revision = await appendRevision(tx, signer, current.number, change);
    tally('certificateRevisions');
    tally(`revisions.${revision.event}`);
    currentOf.set(step.organization.id, {
      ...current,
      level: revision.level,
      status: revision.status,
      changedOn: step.on,
    });
  };
  for (const step of ordered) {
    const o = step.organization;
    const current = currentOf.get(o.id);
    if (step.kind === 'decision') {
      const { audit, decision, on } = step;
      const decisionId = decisionIds.get(step) ?? '';
      // The body the decision route would have been sent: a level only to certify or lower.
      const body = {
        outcome: decision.outcome,
        level:
          decision.outcome === 'certify' || decision.outcome === 'lower'
            ? (decision.level ?? undefined)
            : undefined,
        reason: decision.reason ?? undefined,
        until: decision.until ?? undefined,
      };
      const problem = decisionProblem(body, audit.level, audit.kind);
      if (problem) throw problem;
      if (decision.outcome === 'refuse') continue;
      if (decision.outcome === 'certify') {
        const { snapshot, snapshotHash } = decisionSnapshot(
          { id: audit.id, standardRef: STANDARD, assessedOn: audit.assessedOn },
          audit.operatingYears,
          audit.ratings,
        );
        const issued = await issueCertificate(tx, config, signer, {
          decisionId,
          decidedOn: on,
          assessmentId: audit.id,
          organization: { id: o.id, name: o.name, sites: o.sites },
          standardRef: STANDARD,
          scope: `${o.businessType}的运营与管理`,
          level: audit.level,
          snapshot,
          snapshotHash,
          decidedBy: staff.reviewer.id,
        });
        // A recertification renews the current certificate; a first certification issues one.
        if (!issued.renewed) tally('certificates');
        tally('certificateRevisions', 1 + issued.superseded.length);
        tally(issued.renewed ? 'revisions.renewed' : 'revisions.issued');
        if (issued.superseded.length > 0) tally('revisions.superseded', issued.superseded.length);
        currentOf.set(o.id, {
          number: issued.number,
          level: audit.level,
          status: 'active',
          expiresOn: issued.expiresOn,
          changedOn: on,
        });
        continue;
      }
      if (!current || (current.status !== 'active' && current.status !== 'suspended'))
        throw new Error(`demo: a surveillance decision on ${on} with no current certificate`);
      const wrong = surveillanceProblem(body, audit.level, current, on);
      if (wrong) throw wrong;
      const change = SURVEILLANCE_CHANGE[decision.outcome];
      await append(step, current, {
        ...change,
        level: decision.level ?? current.level,
        effectiveOn: on,
        until: decision.until,
        reason: decision.reason,
        decisionId,
        decidedBy: staff.reviewer.id,
      });
      continue;
    }
    if (!current) throw new Error(`demo: a ${step.kind} step on ${step.on} with no certificate`);
    if (step.kind === 'reinstate') {
      await append(step, current, {
        event: 'reinstated',
        status: 'active',
        effectiveOn: step.on,
        reasonCode: 'reinstated',
        reason: step.reason,
        decidedBy: staff.admin.id,
      });
    } else if (step.kind === 'overdue') {
      await append(step, current, overdueSuspension(step.on, step.due));
    } else {
      await append(step, current, expiredSuspension(step.on, step.until));
    }
  }
  return currentOf;
}

/**
 * A few active certificates suspended lately (a complaint under investigation, its deadline
 * still ahead) and one now and then withdrawn at the center's request, so that the
 * certificate lists show every status. Only certificates with no step since, so the new
 * change is their latest.
 */
async function recentChanges(
  tx: Executor,
  demo: Demo,
  adminId: string,
  currentOf: Map<string, Current>,
  lately: Random,
): Promise<void> {
  const { today, signer, tally } = demo;
  for (const current of currentOf.values()) {
    const on = addDays(today, -lately.int(10, 90));
    if (current.status !== 'active' || current.expiresOn < today || on <= addDays(current.changedOn, 30))
      continue;
    const draw = lately.next();
    if (draw >= 0.09) continue;
    const suspend = draw < 0.07;
    const revision = await appendRevision(tx, signer, current.number, {
      event: suspend ? 'suspended' : 'withdrawn',
      status: suspend ? 'suspended' : 'withdrawn',
      effectiveOn: on,
      until: suspend ? addMonthsToDate(on, SUSPENSION_MAX_MONTHS) : null,
      reasonCode: suspend ? 'suspended' : 'withdrawn',
      reason: suspend ? '收到重大客户投诉，调查期间暂停证书。' : '应中心申请撤销证书（业务调整）。',
      decidedBy: adminId,
    });
    tally('certificateRevisions');
    tally(`revisions.${revision.event}`);
  }
}
