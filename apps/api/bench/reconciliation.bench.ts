// The lead's reconciliation view of a 168-clause audit rated by 3 auditors, on the embedded
// database (PGlite on disk): what the page asks the API for (every layer, and the agreement
// with its level-changing clauses), timed through fastify.inject. Target: < 100 ms for the
// two. Figures are printed, not asserted: run with `tsx bench/reconciliation.bench.ts`.
// BENCH_ROUNDS (default 30) sets how many views are timed after 3 warm-ups.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import Fastify from 'fastify';
import { app } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { loadStandards } from '../src/modules/standards/standards.loader.ts';
import { type Cleanup, embeddedDatabase } from './databases.ts';

const raw = process.env.BENCH_ROUNDS;
const ROUNDS = raw === undefined || raw === '' ? 30 : Number(raw);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('BENCH_ROUNDS must be a positive whole number');

const cleanups: Cleanup[] = [];
try {
  const { database, label } = await embeddedDatabase(cleanups, 'ccmm-bench-reconcile');
  const dataDir = await mkdtemp(join(tmpdir(), 'ccmm-bench-reconcile-data-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const standards = await loadStandards(database.db, SHIPPED_STANDARDS_DIR);
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, process.cwd());
  const fastify = Fastify({ logger: false, bodyLimit: config.evidenceMaxBytes });
  await fastify.register(app, { config, database, standards });
  cleanups.push(() => fastify.close());
  await fastify.ready();

  const call = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, token?: string, payload?: object) => {
    const res = await fastify.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (res.statusCode >= 300)
      throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res.json() as T;
  };
  const admin = (
    await call<{ token: string }>('POST', '/api/setup', undefined, {
      email: 'admin@bench.test',
      password: 'admin-password-1',
      name: 'Bench admin',
    })
  ).token;
  const org = await call<{ id: string }>('POST', '/api/organizations', admin, {
    name: 'Bench contact center',
    operatingSince: '2018-03-01',
  });
  await call('POST', `/api/organizations/${org.id}/stage1-reviews`, admin, {
    standard: 'cc-cmm-oc@2017',
    reviewedOn: '2026-05-30',
    result: 'ready',
    notes: 'Documents complete.',
  });
  const audit = await call<{ id: string }>('POST', '/api/assessments', admin, {
    organizationId: org.id,
    standard: 'cc-cmm-oc@2017',
    kind: 'certification',
    assessedOn: '2026-06-30',
  });
  const tokens: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const login = { email: `auditor${i}@bench.test`, password: 'auditor-password-1' };
    ids.push(
      (
        await call<{ id: string }>('POST', '/api/users', admin, {
          ...login,
          name: `Auditor ${i}`,
          role: 'auditor',
        })
      ).id,
    );
    tokens.push((await call<{ token: string }>('POST', '/api/auth/login', undefined, login)).token);
  }
  await call('PUT', `/api/assessments/${audit.id}/auditors`, admin, { userIds: ids });
  // Each rater differs from the others on about one clause in six (deterministic).
  for (const [i, token] of tokens.entries()) {
    const ratings = Array.from({ length: 168 }, (_, k) => {
      const n = k + 1;
      const off = (n * 7 + i * 3) % 6 === 0;
      return { clause: n, c: off ? 5 : 10, f: (n + i) % 9 === 0 ? 5 : 10 };
    });
    await call('PUT', `/api/assessments/${audit.id}/scores`, token, { ratings });
  }
  const lead = (
    await call<{ team: { leadId: string } }>('GET', `/api/assessments/${audit.id}/scores?layer=all`, admin)
  ).team.leadId;
  const leadToken = tokens[ids.indexOf(lead)] ?? admin;

  const view = async () => {
    const started = performance.now();
    await Promise.all([
      call('GET', `/api/assessments/${audit.id}/scores?layer=all`, leadToken),
      call('GET', `/api/assessments/${audit.id}/agreement`, leadToken),
    ]);
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) await view();
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) times.push(await view());
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  const agreement = await call<{ levelChanging: number[]; kappa: { c: number; f: number } }>(
    'GET',
    `/api/assessments/${audit.id}/agreement`,
    leadToken,
  );
  console.log(
    `Reconciliation view, 168 clauses × 3 raters on ${label}: median ${at(0.5).toFixed(1)} ms, ` +
      `p95 ${at(0.95).toFixed(1)} ms, max ${at(1).toFixed(1)} ms over ${ROUNDS} views ` +
      `(layers + agreement; ${agreement.levelChanging.length} level-changing clauses, ` +
      `kappa C ${agreement.kappa.c.toFixed(2)} F ${agreement.kappa.f.toFixed(2)}); target < 100 ms`,
  );
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}
