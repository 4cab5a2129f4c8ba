import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowsOf } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../test/app.ts';
import { certifiedAudit } from '../test/certification.ts';

// Two real server processes (server.ts, as `pnpm start` runs it) on two ports and one PostgreSQL
// database: what one process does, the other sees, and every limit and lock holds across both.
// PostgreSQL only: vitest.config.ts collects this file only with TEST_DATABASE_URL (the embedded
// database is one process's by design).

const root = new URL('../../../', import.meta.url).pathname;
const serverEntry = new URL('./server.ts', import.meta.url).pathname;
const JWT_SECRET = 'm'.repeat(48);
const SIGNING_KEY = generateKeyPairSync('ed25519')
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

interface Server {
  readonly child: ChildProcess;
  readonly url: string;
  readonly dataDir: string;
}

let t: TestApp;
let databaseUrl = '';
let a: Server;
let b: Server;
let auditor: Session;
let seed: ReturnType<typeof seeder>;
let overdueCertificate = '';

async function startServer(env: Record<string, string>): Promise<Server> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ccmm-multi-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
      cwd: root,
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: databaseUrl,
        JWT_SECRET,
        SIGNING_KEY,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /on http:\/\/localhost:(\d+)/.exec(output);
      if (m?.[1]) resolve({ child, url: `http://127.0.0.1:${m[1]}`, dataDir });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/** An audit of a center of its own (a center has one open audit at a time), the auditor on it. */
async function freshAssessment(): Promise<{ id: string }> {
  const org = await seed.organization();
  return seed.assessment(org.id, 'certification', [auditor.id]);
}

const json = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

beforeAll(async () => {
  t = await buildTestApp(
    { JWT_SECRET, SIGNING_KEY },
    {
      routeDatabase: (url) => {
        databaseUrl = url;
        return url;
      },
    },
  );
  seed = seeder(t);
  auditor = await seed.user('auditor');
  const reviewer = await seed.user('cb_reviewer');
  // A certificate whose surveillance is overdue: the job of both processes finds it at start-up.
  const other = await seed.organization({ name: '逾期监督中心' });
  ({ number: overdueCertificate } = await certifiedAudit(t, seed, other.id, auditor, reviewer));
  await t.database.db.execute(
    sql`update certificates set surveillance_due = '["2001-01-01"]'::jsonb where number = ${overdueCertificate}`,
  );
  // Both at once, their certificate jobs every 1.2 s.
  [a, b] = await Promise.all([
    startServer({ CERTIFICATE_JOBS_MINUTES: '0.02' }),
    startServer({ CERTIFICATE_JOBS_MINUTES: '0.02' }),
  ]);
}, 180_000);

afterAll(async () => {
  for (const s of [a, b]) {
    if (s && s.child.exitCode === null && s.child.signalCode === null) {
      const exited = new Promise((resolve) => s.child.once('exit', resolve));
      s.child.kill('SIGTERM');
      await exited;
    }
    if (s) await rm(s.dataDir, { recursive: true, force: true });
  }
  await t?.close();
}, 60_000);

describe('two server processes on one PostgreSQL database', () => {
  it('serves through one the evidence uploaded through the other', async () => {
    const { id } = await freshAssessment();
    const bytes = Buffer.from('两个进程共享的证据\n'.repeat(40_000)); // ~1 MB: several chunks
    const form = new FormData();
    form.set('clauses', '1');
    form.set('file', new Blob([bytes], { type: 'text/plain' }), 'shared.txt');
    const up = await fetch(`${a.url}/api/assessments/${id}/evidence`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor.token}` },
      body: form,
    });
    expect(up.status).toBe(201);
    const { id: evidenceId } = (await up.json()) as { id: string };
    const down = await fetch(`${b.url}/api/assessments/${id}/evidence/${evidenceId}/content`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(down.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await down.arrayBuffer()), bytes)).toBe(0);
  });

  it('limits 20 failed sign-ins spread over both as one process would (10 a minute)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${(i % 2 === 0 ? a : b).url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'guessed@test.example', password: `wrong-${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
    expect(statuses.slice(10).every((s) => s === 429)).toBe(true);
  });

  it('loses nothing of 64 concurrent rating writers spread over both, and leaves one valid trail', async () => {
    const { id } = await freshAssessment();
    const results = await Promise.all(
      Array.from({ length: 64 }, (_, i) =>
        fetch(`${(i % 2 === 0 ? a : b).url}/api/assessments/${id}/scores/${i + 1}`, {
          method: 'PUT',
          headers: json(auditor.token),
          body: JSON.stringify({ c: 10, f: i % 2 === 0 ? 5 : 10, version: 0 }),
        }).then((res) => res.status),
      ),
    );
    expect(results.filter((s) => s === 200)).toHaveLength(64);
    const [count] = rowsOf<{ n: number }>(
      await t.database.db.execute(sql`select count(*)::int as n from ratings where assessment_id = ${id}`),
    );
    expect(count?.n).toBe(64);
    for (const server of [a, b]) {
      const verify = await fetch(`${server.url}/api/assessments/${id}/trail/verify`, {
        headers: json(auditor.token),
      });
      expect(await verify.json()).toMatchObject({ valid: true, entries: 64 });
    }
  });

  it('acts once on an overdue surveillance, though both processes run the job at once and again', async () => {
    // Both ran it at start-up; wait for a few more ticks of each (every 1.2 s).
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const [row] = rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from certificate_revisions
            where certificate_number = ${overdueCertificate} and reason_code = 'surveillance_overdue'`,
      ),
    );
    expect(row?.n).toBe(1);
    const view = await fetch(`${b.url}/api/public/certificates/${overdueCertificate}`);
    expect(await view.json()).toMatchObject({ status: 'suspended', signatureValid: true });
  });

  it('loses no acknowledged write when one process is killed (-9) mid-load; the other keeps serving', async () => {
    const { id } = await freshAssessment();
    const acknowledged = new Map<number, { c: number; f: number }>();
    let next = 1;
    const writer = async (server: Server) => {
      while (next <= 160) {
        const clause = next++;
        const value = { c: clause % 2 === 0 ? 10 : 5, f: clause % 3 === 0 ? 0 : 10 };
        try {
          const res = await fetch(`${server.url}/api/assessments/${id}/scores/${clause}`, {
            method: 'PUT',
            headers: json(auditor.token),
            body: JSON.stringify({ ...value, version: 0 }),
          });
          if (res.status === 200) acknowledged.set(clause, value);
        } catch {
          // The killed process's connections: not acknowledged.
          if (server === a) return;
        }
      }
    };
    const writers = [a, a, a, a, b, b, b, b].map((server) => writer(server));
    await new Promise((resolve) => setTimeout(resolve, 400));
    a.child.kill('SIGKILL');
    await Promise.all(writers);
    expect(acknowledged.size).toBeGreaterThan(0);
    const rows = rowsOf<{ clause: number; c: number; f: number }>(
      await t.database.db.execute(sql`select clause, c, f from ratings where assessment_id = ${id}`),
    );
    const stored = new Map(rows.map((r) => [r.clause, { c: r.c, f: r.f }]));
    for (const [clause, value] of acknowledged) expect(stored.get(clause), `clause ${clause}`).toEqual(value);
    // The survivor still serves, and the trail holds every write that was made.
    const verify = await fetch(`${b.url}/api/assessments/${id}/trail/verify`, {
      headers: json(auditor.token),
    });
    expect(await verify.json()).toMatchObject({ valid: true, entries: rows.length });
    const after = await fetch(`${b.url}/api/assessments/${id}/scores/168`, {
      method: 'PUT',
      headers: json(auditor.token),
      body: JSON.stringify({ c: 10, f: 10, version: 0 }),
    });
    expect(after.status).toBe(200);
  }, 60_000);
});
