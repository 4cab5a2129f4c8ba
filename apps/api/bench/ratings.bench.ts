// Rating writes per second through the API and, beside them, raw single-row upserts per second
// through the same driver on the same database, in the same run, the ratio of the two: with
// every connection on an assessment of its own (the realistic case) and all on one assessment.
// Eligibility reads per second through the API beside raw selects of the same ratings. On the
// embedded database (PGlite, on disk in a temporary directory) and, when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set, on that PostgreSQL server too (in a fresh database, dropped at the
// end). Figures are printed, not asserted: run with `pnpm bench`.
//
// The HTTP load comes from autocannon in a worker thread (http-load.ts), so the client does not
// take the server's thread, as the raw upserts have no client. All traffic goes to 127.0.0.1. Every phase is bounded in time and in count, and the whole run
// is stopped by a watchdog if it ever overruns. BENCH_SECONDS (default 10) sets the length of a
// phase, BENCH_CONNECTIONS (default 10) the concurrency of the API and raw phases alike.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { type DatabaseHandle, schema } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import { eq, inArray, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { app } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { loadStandards } from '../src/modules/standards/standards.loader.ts';
import { type BenchDatabase, embeddedDatabase, serverDatabase } from './databases.ts';
import { type Load, type LoadJob, loadInWorker } from './http-load.ts';

const positive = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
};

const SECONDS = positive('BENCH_SECONDS', 10);
const CONNECTIONS = positive('BENCH_CONNECTIONS', 10);
const WARMUP_SECONDS = 2;
const STANDARD = 'cc-cmm-oc@2017';
const HOST = '127.0.0.1';
const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;

// Six phases of about SECONDS each per database, set-up and warm-ups. Past this, something is
// wrong: stop.
const LIMIT_MS = (serverUrl ? 2 : 1) * (9 * SECONDS + 90) * 1000;
const cleanups: (() => Promise<void>)[] = [];
const watchdog = setTimeout(() => {
  process.stderr.write(`ratings bench: over ${Math.round(LIMIT_MS / 1000)} s, stopping\n`);
  void cleanUp().finally(() => process.exit(2));
}, LIMIT_MS);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));
}

async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}

// ---------------------------------------------------------------------------------------------

type Target = BenchDatabase;
const embeddedTarget = () => embeddedDatabase(cleanups, 'ccmm-bench-pglite');
const serverTarget = (url: string) => serverDatabase(cleanups, url, 'ccmm-bench');

// ---------------------------------------------------------------------------------------------

type Call = <T>(method: string, path: string, body?: unknown, token?: string) => Promise<T>;

function apiClient(base: string): Call {
  return async <T>(method: string, path: string, body?: unknown, token?: string): Promise<T> => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
}

interface Upserts {
  readonly count: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
}

/**
 * `insert … on conflict (assessment_id, clause) do update`, one row at a time, from CONNECTIONS
 * concurrent loops through the app's drizzle handle, for `seconds`: loop i on assessmentIds[i]
 * (round robin), each on its own clauses of it when they share one.
 */
async function rawUpserts(
  database: DatabaseHandle,
  assessmentIds: readonly string[],
  actorId: string,
  clauses: readonly number[],
  seconds: number,
): Promise<Upserts> {
  const { ratings } = schema;
  const values = [0, 5, 10] as const;
  const durations: number[] = [];
  let sequence = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const shared = assessmentIds.length < CONNECTIONS;
  const loop = async (worker: number) => {
    const assessmentId = assessmentIds[worker % assessmentIds.length] as string;
    const mine = shared ? clauses.filter((_, i) => i % CONNECTIONS === worker) : clauses;
    for (let k = 0; performance.now() < deadline && mine.length > 0; k++) {
      const clause = mine[k % mine.length] as number;
      sequence++;
      const row = {
        c: values[sequence % 3] as number,
        f: values[(sequence + 1) % 3] as number,
        note: `raw upsert ${sequence}`,
        updatedBy: actorId,
      };
      const t0 = performance.now();
      await database.db
        .insert(ratings)
        .values({ assessmentId, clause, ...row, version: 1 })
        .onConflictDoUpdate({
          target: [ratings.assessmentId, ratings.clause],
          set: { ...row, version: sql`${ratings.version} + 1`, updatedAt: new Date() },
        });
      durations.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, worker) => loop(worker)));
  return rate(durations, start);
}

function rate(durations: number[], start: number): Upserts {
  const elapsed = (performance.now() - start) / 1000;
  durations.sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  return {
    count: durations.length,
    seconds: elapsed,
    perSecond: durations.length / elapsed,
    p50: at(0.5),
    p99: at(0.99),
  };
}

/** `select * from ratings where assessment_id = …`: what eligibility reads, from CONNECTIONS loops. */
async function rawSelects(database: DatabaseHandle, assessmentId: string, seconds: number): Promise<Upserts> {
  const { ratings } = schema;
  const durations: number[] = [];
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const rows = await database.db.select().from(ratings).where(eq(ratings.assessmentId, assessmentId));
      if (rows.length === 0) throw new Error('no ratings to select');
      durations.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, () => loop()));
  return rate(durations, start);
}

// ---------------------------------------------------------------------------------------------

interface Figures {
  readonly label: string;
  /** Every connection on an assessment of its own. */
  readonly writesMany: Load;
  readonly upsertsMany: Upserts;
  /** All connections on one assessment. */
  readonly writesOne: Load;
  readonly upsertsOne: Upserts;
  readonly upsertRowsOk: boolean;
  readonly reads: Load;
  readonly selects: Upserts;
  /** Every written assessment's trail verified, and as long as its ratings' versions add up to. */
  readonly trails: { readonly valid: boolean; readonly entries: number; readonly equal: boolean };
}

async function measure(target: Target): Promise<Figures> {
  const { database, label } = target;
  const say = (text: string) => process.stdout.write(`  [${label}] ${text}\n`);
  const standards = await loadStandards(database.db, SHIPPED_STANDARDS_DIR);
  const clauses = standards.get(STANDARD)?.standard.clauses.map((c) => c.number) ?? [];
  if (clauses.length < CONNECTIONS) throw new Error(`${STANDARD}: fewer clauses than connections`);

  const dataDir = await mkdtemp(join(tmpdir(), 'ccmm-bench-api-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, process.cwd());
  const fastify = Fastify({ logger: false, bodyLimit: config.evidenceMaxBytes });
  await fastify.register(app, { config, database, standards });
  await fastify.listen({ host: HOST, port: 0 });
  const address = fastify.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening on a port');
  const base = `http://${HOST}:${address.port}`;
  try {
    // Set-up through the API, as a client would.
    const call = apiClient(base);
    const admin = await call<{ token: string }>('POST', '/api/setup', {
      email: 'admin@bench.test',
      password: 'admin-password-1',
      name: 'Bench admin',
    });
    const organization = await call<{ id: string }>(
      'POST',
      '/api/organizations',
      { name: 'Bench contact center', operatingSince: '2018-03-01', industry: 'finance' },
      admin.token,
    );
    const auditorLogin = { email: 'auditor@bench.test', password: 'auditor-password-1' };
    const auditor = await call<{ id: string }>(
      'POST',
      '/api/users',
      { ...auditorLogin, name: 'Bench auditor', role: 'auditor' },
      admin.token,
    );
    // Stage 1 found the center ready: the certification audits below are its stage 2.
    await call(
      'POST',
      `/api/organizations/${organization.id}/stage1-reviews`,
      { standard: STANDARD, reviewedOn: '2026-05-30', result: 'ready', notes: 'Documents complete.' },
      admin.token,
    );
    const assessment = async () => {
      const created = await call<{ id: string }>(
        'POST',
        '/api/assessments',
        {
          organizationId: organization.id,
          standard: STANDARD,
          kind: 'certification',
          assessedOn: '2026-06-30',
        },
        admin.token,
      );
      await call('PUT', `/api/assessments/${created.id}/auditors`, { userIds: [auditor.id] }, admin.token);
      return created.id;
    };
    const assessments = async (n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await assessment());
      return ids;
    };
    const many = await assessments(CONNECTIONS); // API writes, one assessment a connection
    const [one = ''] = await assessments(1); // API writes all on one; eligibility reads
    const warmUp = await assessments(CONNECTIONS); // warm-up writes (kept out of the measured trails)
    const rawMany = await assessments(CONNECTIONS); // raw upserts
    const [rawOne = ''] = await assessments(1);
    const { token } = await call<{ token: string }>('POST', '/api/auth/login', auditorLogin);

    const writes = (assessmentIds: readonly string[], duration: number): LoadJob => ({
      kind: 'writes',
      url: base,
      connections: CONNECTIONS,
      bound: { duration },
      token,
      assessmentIds,
      clauses,
    });
    say(`warming up rating writes (${WARMUP_SECONDS} s)`);
    await loadInWorker(writes(warmUp, WARMUP_SECONDS));
    await rawUpserts(database, rawMany, auditor.id, clauses, 1);

    say(`rating writes through the API, an assessment per connection (${SECONDS} s)`);
    const writesMany = await loadInWorker(writes(many, SECONDS));
    say(`raw single-row upserts, an assessment per connection (${SECONDS} s)`);
    const before = await versionSum(database, [...rawMany, rawOne]);
    const upsertsMany = await rawUpserts(database, rawMany, auditor.id, clauses, SECONDS);
    say(`rating writes through the API, one assessment (${SECONDS} s)`);
    const writesOne = await loadInWorker(writes([one], SECONDS));
    say(`raw single-row upserts, one assessment (${SECONDS} s)`);
    const upsertsOne = await rawUpserts(database, [rawOne], auditor.id, clauses, SECONDS);
    const upsertRowsOk =
      (await versionSum(database, [...rawMany, rawOne])) - before === upsertsMany.count + upsertsOne.count;

    // Eligibility wants every clause rated; the writes above normally did that already.
    const rated = await call<{ ratings: { clause: number }[] }>(
      'GET',
      `/api/assessments/${one}/scores`,
      undefined,
      token,
    );
    const missing = clauses.filter((c) => !rated.ratings.some((r) => r.clause === c));
    if (missing.length > 0) {
      await call(
        'PUT',
        `/api/assessments/${one}/scores`,
        { ratings: missing.map((clause) => ({ clause, c: 10, f: 10 })) },
        token,
      );
    }

    say(`eligibility reads through the API (${SECONDS} s)`);
    const eligibility = (duration: number): LoadJob => ({
      kind: 'get',
      url: base,
      connections: CONNECTIONS,
      bound: { duration },
      token,
      path: `/api/assessments/${one}/eligibility`,
    });
    await loadInWorker(eligibility(1));
    const reads = await loadInWorker(eligibility(SECONDS));
    say(`raw selects of the same ratings (${SECONDS} s)`);
    await rawSelects(database, one, 1);
    const selects = await rawSelects(database, one, SECONDS);

    let valid = true;
    let entries = 0;
    let equal = true;
    for (const id of [...many, one]) {
      const trail = await call<{ valid: boolean; entries: number }>(
        'GET',
        `/api/assessments/${id}/trail/verify`,
        undefined,
        token,
      );
      valid &&= trail.valid;
      entries += trail.entries;
      // Every successful write is one new version and one trail entry.
      equal &&= trail.entries === (await versionSum(database, [id]));
    }
    return {
      label,
      writesMany,
      upsertsMany,
      writesOne,
      upsertsOne,
      upsertRowsOk,
      reads,
      selects,
      trails: { valid, entries, equal },
    };
  } finally {
    await fastify.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function versionSum(database: DatabaseHandle, assessmentIds: readonly string[]): Promise<number> {
  const { ratings } = schema;
  const [row] = await database.db
    .select({ n: sql<number>`coalesce(sum(${ratings.version}), 0)::int` })
    .from(ratings)
    .where(inArray(ratings.assessmentId, [...assessmentIds]));
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------

const whole = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(1));

function report(all: readonly Figures[]) {
  const ratio = (api: number, raw: number) => `${(api / raw).toFixed(2)}`;
  const rows = [
    ['database', 'case', 'API/s', 'raw/s', 'API ÷ raw', 'API p50/p99 ms', 'raw p50/p99 ms'],
    ...all.flatMap((f) =>
      (
        [
          ['writes, assessment each', f.writesMany, f.upsertsMany],
          ['writes, one assessment', f.writesOne, f.upsertsOne],
          ['eligibility vs select', f.reads, f.selects],
        ] as const
      ).map(([name, api, raw]) => [
        f.label,
        name,
        whole(api.perSecond),
        whole(raw.perSecond),
        ratio(api.perSecond, raw.perSecond),
        `${ms(api.p50)} / ${ms(api.p99)}`,
        `${ms(raw.p50)} / ${ms(raw.p99)}`,
      ]),
    ),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: readonly string[]) =>
    `  ${r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('   ')}`;
  console.log('');
  console.log(line(rows[0] ?? []));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('   ')}`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('');

  for (const f of all) {
    const failed = (l: Load) =>
      `${whole(l.failed)} non-2xx${Object.keys(l.statuses).length > 0 ? ` ${JSON.stringify(l.statuses)}` : ''}, ${l.errors} errors`;
    console.log(`  ${f.label}`);
    for (const [name, l] of [
      ['API writes, assessment each', f.writesMany],
      ['API writes, one assessment ', f.writesOne],
      ['eligibility reads          ', f.reads],
    ] as const) {
      console.log(`    ${name}: ${whole(l.ok)} ok in ${l.seconds.toFixed(1)} s; ${failed(l)}`);
    }
    console.log(
      `    raw upserts                : ${whole(f.upsertsMany.count + f.upsertsOne.count)}; versions ${f.upsertRowsOk ? 'add up' : 'DO NOT add up'}`,
    );
    console.log(
      `    audit trails               : ${f.trails.valid ? 'valid' : 'BROKEN'}, ${whole(f.trails.entries)} entries, ${f.trails.equal ? 'one per version written' : 'NOT one per version written'}`,
    );
  }
}

async function main() {
  console.log(
    'ratings through the API, %s, %d connections, %d s per phase, Node %s, %d CPUs, all on %s',
    STANDARD,
    CONNECTIONS,
    SECONDS,
    process.versions.node,
    availableParallelism(),
    HOST,
  );
  const all: Figures[] = [];
  all.push(await measure(await embeddedTarget()));
  await cleanUp();
  if (serverUrl) {
    all.push(await measure(await serverTarget(serverUrl)));
    await cleanUp();
  } else {
    console.log('  (set BENCH_DATABASE_URL or TEST_DATABASE_URL to measure a PostgreSQL server too)');
  }
  report(all);
  const broken = all.some((f) => !f.trails.valid || !f.trails.equal || !f.upsertRowsOk);
  if (broken) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`ratings bench failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
  await cleanUp();
}
