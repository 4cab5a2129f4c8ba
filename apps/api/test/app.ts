import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle, Role } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import supertest from 'supertest';
import { inject } from 'vitest';
import { app } from '../src/app.ts';
import { addMonths } from '../src/clock.ts';
import { type Config, loadConfig } from '../src/config.ts';
import { type LoadedStandard, loadStandards } from '../src/modules/standards/standards.loader.ts';
import { serverOptions } from '../src/server-options.ts';
import { cloneTemplate } from './database.ts';

export interface TestApp {
  readonly fastify: FastifyInstance;
  readonly database: DatabaseHandle;
  readonly config: Config;
  readonly standards: ReadonlyMap<string, LoadedStandard>;
  readonly http: () => supertest.Agent;
  readonly close: () => Promise<void>;
}

/** The real app plugin on its own copy of the migrated database, listening on loopback. */
export interface TestAppOptions {
  /** Registers more routes beside the app's, before it is ready (for tests of the app's rules). */
  readonly extend?: (fastify: FastifyInstance) => Promise<void>;
  /** The address the app reaches a PostgreSQL server through (see cloneTemplate). */
  readonly routeDatabase?: (url: string) => string;
  /** The key the web app's server side vouches with (server.ts makes one per start). */
  readonly webKey?: string;
  /** Another app's database: two apps on one database, as two server processes run. */
  readonly shareDatabaseOf?: TestApp;
  /** Where the app's log lines go (JSON, one a line, from level debug); unset: no log. */
  readonly logStream?: NodeJS.WritableStream;
}

export async function buildTestApp(
  env: Record<string, string> = {},
  { extend, routeDatabase, webKey, shareDatabaseOf, logStream }: TestAppOptions = {},
): Promise<TestApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'ccmm-api-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }, process.cwd());
  const database =
    shareDatabaseOf?.database ?? (await cloneTemplate(inject('databaseTemplate'), routeDatabase));
  const standards = shareDatabaseOf?.standards ?? (await loadStandards(database.db, SHIPPED_STANDARDS_DIR));
  const options = serverOptions(config);
  const fastify = Fastify(
    logStream ? { ...options, logger: { level: 'debug', stream: logStream } } : options,
  );
  const cleanUp = async () => {
    await fastify.close();
    // The database is closed by the app that made it.
    if (!shareDatabaseOf) await database.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await register();
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return { fastify, database, config, standards, http: () => supertest(fastify.server), close: cleanUp };

  async function register() {
    if (extend) {
      // Unwrapped, so the extra routes live in the app's scope and meet its hooks and handlers.
      await fastify.register(fp(app), { config, database, standards, webKey });
      await extend(fastify);
    } else {
      await fastify.register(app, { config, database, standards, webKey });
    }
    await fastify.ready();
  }
}

export interface Session {
  readonly id: string;
  readonly token: string;
  readonly auth: { Authorization: string };
}

/**
 * Stage 1 found the organization ready a month before a certification audit on `assessedOn`:
 * what an initial certification audit needs before it can be created (see requireStage1).
 */
export async function readyForStage2(
  t: Pick<TestApp, 'http'>,
  auth: Session['auth'],
  organizationId: string,
  assessedOn: string,
): Promise<void> {
  await t
    .http()
    .post(`/api/organizations/${organizationId}/stage1-reviews`)
    .set(auth)
    .send({
      standard: 'cc-cmm-oc@2017',
      reviewedOn: addMonths(assessedOn, -1),
      result: 'ready',
      notes: '文件齐全',
    })
    .expect(201);
}

/** Seeds through the API itself, as a client would. */
export function seeder(t: TestApp) {
  let admin: Session | null = null;
  let counter = 0;
  const http = t.http;

  async function setupAdmin(): Promise<Session> {
    if (admin) return admin;
    const res = await http()
      .post('/api/setup')
      .send({ email: 'admin@cb.test', password: 'admin-password-1', name: '认证机构管理员' })
      .expect(201);
    admin = {
      id: res.body.user.id,
      token: res.body.token,
      auth: { Authorization: `Bearer ${res.body.token}` },
    };
    return admin;
  }

  return {
    setupAdmin,

    async organization(fields: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
      const a = await setupAdmin();
      counter++;
      const res = await http()
        .post('/api/organizations')
        .set(a.auth)
        .send({ name: `客服中心 ${counter}`, operatingSince: '2018-03-01', industry: 'finance', ...fields })
        .expect(201);
      return res.body;
    },

    async user(role: Role, organizationId?: string): Promise<Session> {
      const a = await setupAdmin();
      counter++;
      const email = `${role}-${counter}@test.example`;
      const password = `password-${counter}-long`;
      const created = await http()
        .post('/api/users')
        .set(a.auth)
        .send({ email, name: `${role} ${counter}`, password, role, organizationId })
        .expect(201);
      const login = await http().post('/api/auth/login').send({ email, password }).expect(200);
      return {
        id: created.body.id,
        token: login.body.token,
        auth: { Authorization: `Bearer ${login.body.token}` },
      };
    },

    async assessment(
      organizationId: string,
      kind: 'self' | 'certification' | 'surveillance' = 'certification',
      auditorIds: string[] = [],
    ): Promise<{ id: string }> {
      const a = await setupAdmin();
      const assessedOn = '2026-06-30';
      if (kind === 'certification') await readyForStage2(t, a.auth, organizationId, assessedOn);
      const res = await http()
        .post('/api/assessments')
        .set(a.auth)
        .send({ organizationId, standard: 'cc-cmm-oc@2017', kind, assessedOn })
        .expect(201);
      if (auditorIds.length > 0) {
        await http()
          .put(`/api/assessments/${res.body.id}/auditors`)
          .set(a.auth)
          .send({ userIds: auditorIds })
          .expect(200);
      }
      return res.body;
    },
  };
}

/** supertest's parser for a binary answer (a PDF, a spreadsheet, a file): the body as one Buffer. */
export function binaryBody(res: supertest.Response, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
