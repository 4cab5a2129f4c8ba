// Rating writes per second through the API and, beside them, raw single-row upserts per second
// through the same driver on the same database, the ratio of the two, and eligibility reads per
// second. On the embedded database (PGlite, on disk in a temporary directory) and, when
// BENCH_DATABASE_URL or TEST_DATABASE_URL is set, on that PostgreSQL server too (in a fresh
// database, dropped at the end). Figures are printed, not asserted: run with `pnpm bench`.
//
// All traffic goes to 127.0.0.1. Every phase is bounded in time and in count, and the whole run
// is stopped by a watchdog if it ever overruns. BENCH_SECONDS (default 10) sets the length of a
// phase, BENCH_CONNECTIONS (default 10) the concurrency of the API and raw phases alike.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { type DatabaseHandle, schema } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import autocannon, { type Context, type RequestSpec, type Result } from 'autocannon';
import { eq, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { app } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { loadStandards } from '../src/modules/standards/standards.loader.ts';
import { type BenchDatabase, embeddedDatabase, serverDatabase } from './databases.ts';

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

// Four phases of about SECONDS each per database, set-up and warm-ups; a count-bounded phase
// may take up to three times its target. Past this, something is wrong: stop.
const LIMIT_MS = (serverUrl ? 2 : 1) * (12 * SECONDS + 60) * 1000;
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

interface Load {
  readonly ok: number;
  readonly failed: number;
  readonly statuses: Record<string, number>;
  readonly errors: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** The count-bounded run hit its time cap and was stopped with requests unanswered. */
  readonly cut: boolean;
}

/**
 * Runs autocannon against one request spec. Successes are 2xx answers counted as they arrive;
 * the rate is over the time from the start to the last answer. With `amount`, every request
 * sent is answered before the run ends (so the count is exact); `seconds` caps it regardless.
 */
async function load(
  url: string,
  spec: RequestSpec,
  bound: { readonly amount: number; readonly seconds: number } | { readonly duration: number },
): Promise<Load> {
  let ok = 0;
  let last = 0;
  const onResponse = spec.onResponse;
  const counted: RequestSpec = {
    ...spec,
    onResponse: (status, body, context, headers) => {
      last = performance.now();
      if (status >= 200 && status < 300) ok++;
      onResponse?.(status, body, context, headers);
    },
  };
  const start = performance.now();
  const instance = autocannon({
    url,
    connections: CONNECTIONS,
    timeout: 10,
    requests: [counted],
    ...('amount' in bound ? { amount: bound.amount } : { duration: bound.duration }),
  });
  let cut = false;
  const cap =
    'amount' in bound
      ? setTimeout(() => {
          cut = true;
          instance.stop();
        }, bound.seconds * 1000)
      : undefined;
  const result: Result = await instance;
  clearTimeout(cap);
  const seconds = ((last || performance.now()) - start) / 1000;
  const statuses: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) {
    if (!code.startsWith('2')) statuses[code] = count;
  }
  return {
    ok,
    failed: result.non2xx,
    statuses,
    errors: result.errors + result.timeouts,
    seconds,
    perSecond: ok / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cut,
  };
}

/**
 * PUT /scores/:clause from every connection. Each request takes the next clause (round robin)
 * that no other request has in flight, with the version its last answer reported, so writes
 * do not conflict; each also changes the note, so every success is a real change (and an entry
 * in the audit trail).
 */
function ratingWrites(assessmentId: string, token: string, clauses: readonly number[]) {
  const versions = new Map<number, number>();
  const inFlight = new Set<number>();
  const values = [0, 5, 10] as const;
  let next = 0;
  let sequence = 0;
  const spec: RequestSpec = {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    setupRequest: (request: RequestSpec, context: Context) => {
      let clause: number | undefined;
      for (let tried = 0; tried < clauses.length && clause === undefined; tried++) {
        const candidate = clauses[next] as number;
        next = (next + 1) % clauses.length;
        if (!inFlight.has(candidate)) clause = candidate;
      }
      if (clause === undefined) throw new Error('more connections than clauses');
      inFlight.add(clause);
      context.clause = clause;
      sequence++;
      request.path = `/api/assessments/${assessmentId}/scores/${clause}`;
      request.body = JSON.stringify({
        c: values[sequence % 3],
        f: values[(sequence + 1) % 3],
        note: `bench write ${sequence}`,
        version: versions.get(clause) ?? 0,
      });
      return request;
    },
    onResponse: (status: number, body: string, context: Context) => {
      const clause = context.clause as number;
      inFlight.delete(clause);
      if (status === 200) versions.set(clause, (JSON.parse(body) as { version: number }).version);
      // A conflict answers with the current rating: carry on from its version.
      else if (status === 409) {
        const current = (JSON.parse(body) as { current?: { version: number } | null }).current;
        versions.set(clause, current?.version ?? 0);
      }
    },
  };
  return { spec, versions };
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
 * concurrent loops (each on its own clauses) through the app's drizzle handle, for `seconds`.
 */
async function rawUpserts(
  database: DatabaseHandle,
  assessmentId: string,
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
  const loop = async (worker: number) => {
    const mine = clauses.filter((_, i) => i % CONNECTIONS === worker);
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

// ---------------------------------------------------------------------------------------------

interface Figures {
  readonly label: string;
  readonly writes: Load;
  readonly topUp: number;
  readonly upserts: Upserts;
  readonly upsertRowsOk: boolean;
  readonly reads: Load;
  readonly trail: { valid: boolean; entries: number };
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
    const measured = await assessment(); // API writes, eligibility reads, audit trail
    const warmUp = await assessment(); // warm-up writes (kept out of the measured trail)
    const raw = await assessment(); // raw upserts
    const { token } = await call<{ token: string }>('POST', '/api/auth/login', auditorLogin);

    // Warm up the write path; its rate sizes the measured run to about SECONDS.
    say(`warming up rating writes (${WARMUP_SECONDS} s)`);
    const warm = await load(base, ratingWrites(warmUp, token, clauses).spec, { duration: WARMUP_SECONDS });
    const amount = Math.max(clauses.length, Math.round(warm.perSecond * SECONDS));

    say(`rating writes through the API (${amount.toLocaleString('en')} requests, ~${SECONDS} s)`);
    const writer = ratingWrites(measured, token, clauses);
    const writes = await load(base, writer.spec, { amount, seconds: 3 * SECONDS });

    // Eligibility wants every clause rated; the writes above normally did that already.
    let topUp = 0;
    for (const clause of clauses) {
      if ((writer.versions.get(clause) ?? 0) > 0) continue;
      await call('PUT', `/api/assessments/${measured}/scores/${clause}`, { c: 10, f: 10, version: 0 }, token);
      topUp++;
    }

    say(`raw single-row upserts (${SECONDS} s, ${CONNECTIONS} concurrent)`);
    await rawUpserts(database, raw, auditor.id, clauses, 1);
    const before = await versionSum(database, raw);
    const upserts = await rawUpserts(database, raw, auditor.id, clauses, SECONDS);
    const upsertRowsOk = (await versionSum(database, raw)) - before === upserts.count;

    say(`eligibility reads (${SECONDS} s)`);
    const eligibility: RequestSpec = {
      method: 'GET',
      path: `/api/assessments/${measured}/eligibility`,
      headers: { authorization: `Bearer ${token}` },
    };
    await load(base, eligibility, { duration: 1 });
    const reads = await load(base, eligibility, { duration: SECONDS });

    const trail = await call<{ valid: boolean; entries: number }>(
      'GET',
      `/api/assessments/${measured}/trail/verify`,
      undefined,
      token,
    );
    return { label, writes, topUp, upserts, upsertRowsOk, reads, trail };
  } finally {
    await fastify.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function versionSum(database: DatabaseHandle, assessmentId: string): Promise<number> {
  const { ratings } = schema;
  const [row] = await database.db
    .select({ n: sql<number>`coalesce(sum(${ratings.version}), 0)::int` })
    .from(ratings)
    .where(eq(ratings.assessmentId, assessmentId));
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------

const whole = (n: number) => Math.round(n).toLocaleString('en');
const ms = (n: number) => (n >= 10 ? n.toFixed(0) : n.toFixed(1));

function report(all: readonly Figures[]) {
  const rows = [
    [
      'database',
      'API writes/s',
      'raw upserts/s',
      'API : raw',
      'eligibility reads/s',
      'write p50/p99 ms',
      'read p50/p99 ms',
      'upsert p50/p99 ms',
    ],
    ...all.map((f) => [
      f.label,
      whole(f.writes.perSecond),
      whole(f.upserts.perSecond),
      `1 : ${(f.upserts.perSecond / f.writes.perSecond).toFixed(1)}`,
      whole(f.reads.perSecond),
      `${ms(f.writes.p50)} / ${ms(f.writes.p99)}`,
      `${ms(f.reads.p50)} / ${ms(f.reads.p99)}`,
      `${ms(f.upserts.p50)} / ${ms(f.upserts.p99)}`,
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const line = (r: readonly string[]) =>
    `  ${r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('   ')}`;
  console.log('');
  console.log(line(rows[0] ?? []));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('   ')}`);
  for (const r of rows.slice(1)) console.log(line(r));
  console.log('');

  for (const f of all) {
    const failed = (l: Load) =>
      `${whole(l.failed)} non-2xx${Object.keys(l.statuses).length > 0 ? ` ${JSON.stringify(l.statuses)}` : ''}, ${l.errors} errors${l.cut ? ', CUT at its time cap' : ''}`;
    const expected = f.writes.ok + f.topUp;
    console.log(`  ${f.label}`);
    console.log(
      `    API writes  : ${whole(f.writes.ok)} ok in ${f.writes.seconds.toFixed(1)} s; ${failed(f.writes)}`,
    );
    console.log(
      `    raw upserts : ${whole(f.upserts.count)} in ${f.upserts.seconds.toFixed(1)} s; versions ${f.upsertRowsOk ? 'add up' : 'DO NOT add up'}`,
    );
    console.log(
      `    eligibility : ${whole(f.reads.ok)} ok in ${f.reads.seconds.toFixed(1)} s; ${failed(f.reads)}`,
    );
    console.log(
      `    audit trail : ${f.trail.valid ? 'valid' : 'BROKEN'}, ${whole(f.trail.entries)} entries; successful writes ${whole(expected)}${f.topUp > 0 ? ` (${f.topUp} top-up)` : ''} ${f.trail.entries === expected ? '(equal)' : '(DIFFERENT)'}`,
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
  const broken = all.some(
    (f) => !f.trail.valid || f.trail.entries !== f.writes.ok + f.topUp || f.writes.cut || !f.upsertRowsOk,
  );
  if (broken) process.exitCode = 1;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`ratings bench failed: ${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
  await cleanUp();
}
