import { connect, createServer, type Server, type Socket } from 'node:net';
import { schema } from '@ccmm/db';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../test/app.ts';
import { serverUrl } from '../test/database.ts';

// When the database goes away, requests fail fast with 503, a code and Retry-After, instead of
// hanging for the outage, and the server recovers by itself when the database is back.

/** A TCP proxy between the app and PostgreSQL that the test can cut and restore. */
class CuttableProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.server = server;
  }

  /** As a restarting or unreachable server looks: connections dropped, new ones refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const timed = async <T>(run: () => PromiseLike<T>) => {
  const started = performance.now();
  const result = await run();
  return { result, ms: performance.now() - started };
};

/** The PostgreSQL server behind a proxy the test cuts, then restores. */
function serverOutage() {
  const target = new URL(serverUrl ?? 'postgres://localhost:5432/x');
  const proxy = new CuttableProxy(target.hostname, Number(target.port || 5432));
  return async () => {
    await proxy.start();
    const t = await buildTestApp(
      {},
      {
        routeDatabase: (url) => {
          const routed = new URL(url);
          routed.hostname = '127.0.0.1';
          routed.port = String(proxy.port);
          return routed.toString();
        },
      },
    );
    try {
      await outageAndRecovery(t, proxy);
    } finally {
      await proxy.cut();
      await t.close();
    }
  };
}

async function outageAndRecovery(t: TestApp, proxy: CuttableProxy) {
  {
    const admin = await seeder(t).setupAdmin();
    const before = (await t.http().get('/api/organizations').set(admin.auth).expect(200)).body.length;

    await proxy.cut();
    const read = await timed(() => t.http().get('/api/organizations').set(admin.auth));
    expect(read.result.status).toBe(503);
    expect(read.result.body).toEqual({
      code: 'database.unavailable',
      message: expect.any(String),
      requestId: expect.any(String),
    });
    expect(Number(read.result.headers['retry-after'])).toBeGreaterThan(0);
    expect(read.ms).toBeLessThan(6_000 + 1_000);
    const write = await t
      .http()
      .post('/api/organizations')
      .set(admin.auth)
      .set('Accept-Language', 'en')
      .send({ name: '停机时的中心', operatingSince: '2020-01-01' });
    expect(write.status).toBe(503);
    expect(write.body.message).toBe('the database cannot be reached just now: try again shortly');
    // The process lives (a load balancer keeps it) but takes no traffic until the database is back.
    await t.http().get('/api/health').expect(200);
    expect((await t.http().get('/api/ready')).body.code).toBe('database.unavailable');

    await proxy.start();
    const after = await t.http().get('/api/organizations').set(admin.auth).expect(200);
    expect(after.body.length).toBe(before);
    await t.http().get('/api/ready').expect(200);
  }
}

/** The embedded database closed under the running app (it cannot come back in-process). */
function embeddedOutage() {
  return async () => {
    const t = await buildTestApp();
    try {
      const admin = await seeder(t).setupAdmin();
      await t.database.db.execute(sql`select count(*) from ${schema.organizations}`);
      await t.database.close();
      const res = await timed(() => t.http().get('/api/organizations').set(admin.auth));
      expect(res.result.status).toBe(503);
      expect(res.result.body.code).toBe('database.unavailable');
      expect(res.result.headers['retry-after']).toBeDefined();
    } finally {
      await t.fastify.close();
    }
  };
}

describe('the database goes away', () => {
  it(
    serverUrl
      ? 'answers 503 with a code and Retry-After at once, changes nothing, and recovers without a restart'
      : 'answers 503 with a code and Retry-After when the embedded database has been closed, not 500 or a hang',
    serverUrl ? serverOutage() : embeddedOutage(),
  );
});
