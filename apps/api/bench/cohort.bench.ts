import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { type AssessmentKind, type DatabaseHandle, rowsOf, schema } from '@ccmm/db';
import { evaluateEligibility, fullYearsBetween, type RatingValue, type Standard } from '@ccmm/engine';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import { sql } from 'drizzle-orm';
import {
  type CohortFilter,
  createBenchmarksRepository,
} from '../src/modules/benchmarks/benchmarks.repository.ts';
import { summaryRow } from '../src/modules/benchmarks/summaries.ts';
import { loadStandards } from '../src/modules/standards/standards.loader.ts';
import { type BenchDatabase, embeddedDatabase, serverDatabase } from './databases.ts';

const STANDARD = 'cc-cmm-oc@2017';
const ORGANIZATIONS = 2_000;
const PER_ORGANIZATION = 5;
const OPTED_IN_EVERY = 4; // 500 of 2,000
const CLAUSES = 168;
const RUNS = 20;
const RATING_BATCH = 5_000; // 7 parameters a row: well under PostgreSQL's 65,535
const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
const pgliteRatings = process.env.BENCH_PGLITE_RATINGS === '1';

const LIMIT_MS = 6 * 60 * 1000;
const cleanups: (() => Promise<void>)[] = [];
const watchdog = setTimeout(() => {
  process.stderr.write('cohort bench: over 6 minutes, stopping\n');
  void cleanUp().finally(() => process.exit(2));
}, LIMIT_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}

const INDUSTRIES = [
  'finance',
  'telecom',
  'insurance',
  'retail',
  'utilities',
  'government',
  'health',
  'travel',
];
const REGIONS = ['north', 'east', 'south', 'west', 'central', 'hk-macao'];
const BUSINESS_TYPES = ['inbound', 'outbound', 'blended'];
const KINDS: readonly AssessmentKind[] = ['self', 'certification', 'surveillance'];
const VALUES: readonly RatingValue[] = [0, 5, 10];

/** A small deterministic generator: the same platform every run. */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

interface Target extends BenchDatabase {
  readonly ratings: boolean;
}

async function embeddedTarget(): Promise<Target> {
  return { ...(await embeddedDatabase(cleanups, 'ccmm-bench-cohort')), ratings: pgliteRatings };
}

async function serverTarget(url: string): Promise<Target> {
  return { ...(await serverDatabase(cleanups, url, 'ccmm-bench-cohort')), ratings: true };
}

async function chunks<T>(rows: readonly T[], size: number, insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/** Loads the platform; returns an opted-in organization with a complete assessment to compare. */
async function load(target: Target, standard: Standard, say: (text: string) => void) {
  const { db } = target.database;
  const r = random(20260630);
  const [user] = await db
    .insert(schema.users)
    .values({ email: 'bench@cb.test', name: 'bench', passwordHash: 'x', role: 'cb_admin' })
    .returning({ id: schema.users.id });
  if (!user) throw new Error('no user');

  const organizations = Array.from({ length: ORGANIZATIONS }, (_, i) => ({
    name: `客服中心 ${i + 1}`,
    industry: pick(r, INDUSTRIES),
    businessType: pick(r, BUSINESS_TYPES),
    region: pick(r, REGIONS),
    seats: 20 + Math.floor(r() * 2000),
    operatingSince: `${2005 + Math.floor(r() * 15)}-0${1 + Math.floor(r() * 9)}-01`,
    benchmarkingOptIn: i % OPTED_IN_EVERY === 0,
  }));
  const orgRows: { id: string; operatingSince: string; benchmarkingOptIn: boolean }[] = [];
  await chunks(organizations, 1_000, async (batch) => {
    orgRows.push(
      ...(await db.insert(schema.organizations).values(batch).returning({
        id: schema.organizations.id,
        operatingSince: schema.organizations.operatingSince,
        benchmarkingOptIn: schema.organizations.benchmarkingOptIn,
      })),
    );
  });

  let ratingCount = 0;
  let engineMs = 0;
  let compared: string | null = null;
  const ratingsStart = performance.now();
  // One organization's five assessments at a time: their ratings go in batches of RATING_BATCH.
  const pendingRatings: (typeof schema.ratings.$inferInsert)[] = [];
  const pendingSummaries: (typeof schema.assessmentSummaries.$inferInsert)[] = [];
  const flushRatings = async (force: boolean) => {
    while (pendingRatings.length >= RATING_BATCH || (force && pendingRatings.length > 0)) {
      const batch = pendingRatings.splice(0, RATING_BATCH);
      if (target.ratings) await db.insert(schema.ratings).values(batch);
      ratingCount += batch.length;
    }
  };
  const flushSummaries = async (force: boolean) => {
    if (pendingSummaries.length >= 1_000 || (force && pendingSummaries.length > 0)) {
      await db.insert(schema.assessmentSummaries).values(pendingSummaries.splice(0));
    }
  };
  for (const [index, org] of orgRows.entries()) {
    const quality = 0.2 + r() * 0.7; // how well the center does: ratings vary between centers
    const values = Array.from({ length: PER_ORGANIZATION }, (_, k) => ({
      organizationId: org.id,
      standardRef: STANDARD,
      kind: k === 0 ? ('certification' as const) : pick(r, KINDS),
      // The newest assessment of one organization in ten is still open or returned for
      // revision: the cohort skips it for that organization's previous one.
      status:
        k === PER_ORGANIZATION - 1 && index % 10 === 0
          ? ('in_progress' as const)
          : k === PER_ORGANIZATION - 1 && index % 10 === 5
            ? ('returned' as const)
            : ('submitted' as const),
      assessedOn: `${2021 + k}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-15`,
      createdBy: user.id,
    }));
    const inserted = await db.insert(schema.assessments).values(values).returning();
    for (const assessment of inserted) {
      // One in ten assessments is left incomplete (a few clauses unrated).
      const incomplete = r() < 0.1;
      const ratings = [];
      for (let clause = 1; clause <= CLAUSES; clause++) {
        const rated = !(incomplete && clause % 17 === 0);
        const rate = () => (r() < quality ? 10 : pick(r, VALUES));
        const c = rated ? rate() : null;
        const f = rated ? rate() : null;
        ratings.push({ clause, c, f });
        pendingRatings.push({ assessmentId: assessment.id, clause, c, f, version: 1, updatedBy: user.id });
      }
      const started = performance.now();
      const operatingYears = fullYearsBetween(org.operatingSince, assessment.assessedOn) ?? 0;
      const result = evaluateEligibility(standard, ratings, { operatingYears });
      engineMs += performance.now() - started;
      pendingSummaries.push(summaryRow(assessment, result));
      if (!compared && org.benchmarkingOptIn && result.complete) compared = org.id;
    }
    await flushRatings(false);
    await flushSummaries(false);
  }
  await flushRatings(true);
  await flushSummaries(true);
  await db.execute(sql`analyze`);
  const loadMs = performance.now() - ratingsStart;
  const [counts] = await rows<{ assessments: number; ratings: number; summaries: number }>(
    target.database,
    sql`select (select count(*) from assessments)::int as assessments, (select count(*) from ratings)::int as ratings, (select count(*) from assessment_summaries)::int as summaries`,
  );
  say(
    `loaded ${counts?.assessments.toLocaleString('en')} assessments, ${counts?.ratings.toLocaleString('en')} ratings${target.ratings ? '' : ` (ratings not loaded on PGlite: ${ratingCount.toLocaleString('en')} generated; the query reads summaries only — BENCH_PGLITE_RATINGS=1 loads them)`}, ${counts?.summaries.toLocaleString('en')} summaries in ${(loadMs / 1000).toFixed(1)} s (engine: ${((engineMs * 1000) / (counts?.summaries || 1)).toFixed(0)} µs a summary)`,
  );
  if (!compared) throw new Error('no opted-in organization with a complete assessment');
  return compared;
}

async function rows<T>(database: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  return rowsOf<T>(await database.db.execute(query));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function measure(target: Target, standard: Standard) {
  const say = (text: string) => process.stdout.write(`  [${target.label}] ${text}\n`);
  await loadStandards(target.database.db, SHIPPED_STANDARDS_DIR);
  const organizationId = await load(target, standard, say);
  const benchmarks = createBenchmarksRepository(target.database.db);
  const own = await benchmarks.latestComplete(organizationId, STANDARD);
  if (!own) throw new Error('the compared organization has no complete assessment');
  const base: CohortFilter = { standardRef: STANDARD, organizationId };
  const cases: [string, CohortFilter][] = [
    ['no filter', base],
    ['industry', { ...base, industry: 'finance' }],
    ['industry + region', { ...base, industry: 'finance', region: 'east' }],
    ['seats 300–999 + kind', { ...base, seats: '300_999', kind: 'certification' }],
    ['level', { ...base, level: 1 }],
  ];
  for (const [label, filter] of cases) {
    const times: number[] = [];
    let size = 0;
    let areas = 0;
    await benchmarks.cohort(filter); // warm-up
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const stats = await benchmarks.cohort(filter);
      // What the endpoint does besides: the organization's own latest summary.
      await benchmarks.latestComplete(organizationId, STANDARD);
      times.push(performance.now() - started);
      size = stats.size;
      areas = stats.distributions.length;
    }
    say(
      `cohort query, ${label.padEnd(24)} cohort ${String(size).padStart(3)} orgs, ${areas} distributions: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}; ${RUNS} runs)`,
    );
  }
  const times: number[] = [];
  let pairs = 0;
  await benchmarks.selfVsAuditCohort({ standardRef: STANDARD, organizationId }); // warm-up
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    pairs = (await benchmarks.selfVsAuditCohort({ standardRef: STANDARD, organizationId })).size;
    times.push(performance.now() - started);
  }
  say(
    `self-vs-audit cohort, no filter          ${String(pairs).padStart(3)} pairs: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}; ${RUNS} runs)`,
  );
}

async function main() {
  const started = performance.now();
  console.log(
    `cohort bench: ${ORGANIZATIONS.toLocaleString('en')} organizations (${ORGANIZATIONS / OPTED_IN_EVERY} opted in) × ${PER_ORGANIZATION} assessments × ${CLAUSES} clauses`,
  );
  const embedded = await embeddedTarget();
  const standards = await loadStandards(embedded.database.db, SHIPPED_STANDARDS_DIR);
  const standard = standards.get(STANDARD)?.standard;
  if (!standard) throw new Error(`${STANDARD} is not shipped`);
  await measure(embedded, standard);
  await cleanUp();
  if (serverUrl) await measure(await serverTarget(serverUrl), standard);
  else console.log('  (set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure a PostgreSQL server too)');
  await cleanUp();
  console.log(`cohort bench: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch(async (error) => {
  process.stderr.write(`cohort bench failed: ${(error as Error).stack ?? error}\n`);
  await cleanUp();
  process.exit(1);
});
