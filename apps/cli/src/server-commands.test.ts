import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerProcess, startServerProcess } from '@ccmm/api/test-server';
import { type CcmmClient, createCcmmClient } from '@ccmm/client';
import type { Locale } from '@ccmm/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from './io.ts';
import { run } from './run.ts';

// ccmm push-kpis and ccmm export against the real server on a port, with a real API key.

let server: ServerProcess;
let centerAdmin: CcmmClient;
let organizationId: string;
let assessmentId: string;
let key: string;
let kpiOnlyKey: string;
const dir = mkdtempSync(join(tmpdir(), 'ccmm-cli-server-'));

async function ccmm(argv: readonly string[], apiKey: string | undefined = key, locale: Locale = 'en') {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: dir, color: false, apiKey };
  const code = await run(argv, io, locale);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function file(name: string, content: string): string {
  writeFileSync(join(dir, name), content);
  return name;
}

function must<T>(answer: { data?: T; error?: unknown }): T {
  if (answer.data === undefined) throw new Error(JSON.stringify(answer.error));
  return answer.data;
}

beforeAll(async () => {
  server = await startServerProcess();
  const baseUrl = server.origin;
  const setup = must(
    await createCcmmClient({ baseUrl }).POST('/api/setup', {
      body: { email: 'admin@cb.test', password: 'admin-password-1', name: '认证机构管理员' },
    }),
  );
  const admin = createCcmmClient({ baseUrl, token: setup.token });
  organizationId = must(
    await admin.POST('/api/organizations', {
      body: { name: '客服中心 乙', operatingSince: '2018-03-01', industry: 'finance' },
    }),
  ).id;
  must(
    await admin.POST('/api/users', {
      body: {
        email: 'center@test.example',
        name: '中心管理员',
        password: 'center-password-1',
        role: 'center_admin',
        organizationId,
      },
    }),
  );
  const login = must(
    await createCcmmClient({ baseUrl }).POST('/api/auth/login', {
      body: { email: 'center@test.example', password: 'center-password-1' },
    }),
  );
  centerAdmin = createCcmmClient({ baseUrl, token: login.token });
  assessmentId = must(
    await centerAdmin.POST('/api/assessments', {
      body: { organizationId, standard: 'cc-cmm-oc@2017', kind: 'self', assessedOn: '2026-06-30' },
    }),
  ).id;
  must(
    await centerAdmin.PUT('/api/assessments/{id}/scores', {
      params: { path: { id: assessmentId } },
      body: {
        ratings: [
          { clause: 1, c: 10, f: 5, note: '制度已签发' },
          { clause: 2, c: 5, f: 5 },
        ],
      },
    }),
  );
  const makeKey = async (scopes: ('kpis:write' | 'kpis:read' | 'assessments:read')[]) =>
    must(
      await centerAdmin.POST('/api/organizations/{id}/api-keys', {
        params: { path: { id: organizationId } },
        body: { name: `WFM ${scopes.join(' ')}`, scopes },
      }),
    ).key;
  key = await makeKey(['kpis:write', 'assessments:read']);
  kpiOnlyKey = await makeKey(['kpis:read']);
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const recorded = async () =>
  must(
    await centerAdmin.GET('/api/organizations/{id}/kpis', {
      params: { path: { id: organizationId }, query: { from: '2026-01', to: '2026-12' } },
    }),
  ).values.map(({ month, indicator, value, target, method }) => ({
    month,
    indicator,
    value,
    target,
    method,
  }));

describe('ccmm push-kpis', () => {
  it('sends a CSV month by month, oldest first, and the server holds exactly those values', async () => {
    const csv = file(
      'kpis.csv',
      [
        'month,indicator,value,target,threshold_seconds,abandons,scale',
        '2026-03,service_level,82.5,80,20,excluded,',
        '2026-02,asa,24,30,,,',
        '2026-03,csat,4.4,4.2,,,1-5',
      ].join('\n'),
    );
    const { code, out, err } = await ccmm([
      'push-kpis',
      csv,
      '--server',
      server.origin,
      '--organization',
      organizationId,
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      '2026-02: 1 recorded (1 for the month)',
      '2026-03: 2 recorded (2 for the month)',
      `sent to ${server.origin}: 3 values in 2 months`,
    ]);
    expect(await recorded()).toEqual(
      expect.arrayContaining([
        { month: '2026-02', indicator: 'asa', value: 24, target: 30, method: {} },
        {
          month: '2026-03',
          indicator: 'service_level',
          value: 82.5,
          target: 80,
          method: { thresholdSeconds: 20, abandons: 'excluded' },
        },
        { month: '2026-03', indicator: 'csat', value: 4.4, target: 4.2, method: { scale: '1-5' } },
      ]),
    );
  });

  it('sends JSON in the KPI route’s own shape', async () => {
    const json = file(
      'kpis.json',
      JSON.stringify({ month: '2026-03', values: [{ indicator: 'fcr', value: 71, target: 70 }] }),
    );
    const { code, out } = await ccmm([
      'push-kpis',
      json,
      '--server',
      server.origin,
      '--organization',
      organizationId,
    ]);
    expect(code).toBe(0);
    // One sent to a month that had two: the count says what was sent, the total what the month holds.
    expect(out).toContain('2026-03: 1 recorded (3 for the month)');
    expect(out).toContain('1 values in 1 months');
    expect(await recorded()).toContainEqual({
      month: '2026-03',
      indicator: 'fcr',
      value: 71,
      target: 70,
      method: {},
    });
  });

  it('shows the server’s refusal with its status, code and each issue, and exits 1', async () => {
    const json = file(
      'bad.json',
      JSON.stringify([
        { month: '2026-05', values: [{ indicator: 'abandonment', value: 3 }] },
        { month: '2026-06', values: [{ indicator: 'abandonment', value: 140 }] },
      ]),
    );
    const args = ['push-kpis', json, '--server', server.origin, '--organization', organizationId];
    const en = await ccmm(args);
    expect(en.code).toBe(1);
    expect(en.out).toContain('2026-05: 1 recorded (1 for the month)');
    expect(en.err).toMatch(/^the server refused \(400 kpi\.invalid\): /);
    expect(en.err).toMatch(/\n {2}values\.0\.value: /);
    expect(en.err).toContain(
      '2026-06 was not recorded and nothing after it was sent; the 1 months before it are recorded.',
    );
    // The CLI's own words in the user's language; the server's in the key's user's (zh-Hans here).
    const zh = await ccmm(args, key, 'zh-Hans');
    expect(zh.code).toBe(1);
    expect(zh.err).toMatch(/^服务器拒绝（400 kpi\.invalid）：KPI 数据有 1 处问题/u);
    expect(zh.err).toContain('2026-06 未记录，已停止；之前的 1 个月已记录。');
    expect((await recorded()).filter((v) => v.month === '2026-06')).toEqual([]);
  });

  it('refuses a file with bad rows before sending anything, naming each line', async () => {
    const csv = file('rows.csv', 'month,indicator,value\n2026-13,asa,20\n2026-07,asa,fast\n');
    const { code, err } = await ccmm([
      'push-kpis',
      csv,
      '--server',
      server.origin,
      '--organization',
      organizationId,
    ]);
    expect(code).toBe(1);
    expect(err.split('\n')).toEqual([
      'the KPI file has 2 problems; nothing was sent:',
      '  line 2: a month is YYYY-MM, got “2026-13”',
      '  line 3: value must be a number, got “fast”',
    ]);
    expect((await recorded()).filter((v) => v.month === '2026-07')).toEqual([]);
  });

  it('exits 2 without a key or with a bad server address, 4 when the server cannot be reached, 1 out of scope', async () => {
    const csv = file('one.csv', 'month,indicator,value\n2026-08,asa,20\n');
    const args = ['push-kpis', csv, '--organization', organizationId, '--server'];
    const noKey = await ccmm([...args, server.origin], '');
    expect(noKey).toMatchObject({ code: 2, err: expect.stringContaining('CCMM_API_KEY') });
    expect((await ccmm([...args, 'ftp://example.org'])).code).toBe(2);
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as AddressInfo;
    await new Promise((done) => probe.close(done));
    const closed = await ccmm([...args, `http://127.0.0.1:${port}`]);
    expect(closed.code).toBe(4);
    expect(closed.err).toBe(`cannot reach the server http://127.0.0.1:${port}: ECONNREFUSED`);
    const scope = await ccmm([...args, server.origin], kpiOnlyKey);
    expect(scope.code).toBe(1);
    expect(scope.err).toMatch(/^the server refused \(403 auth\.key_scope\): /);
  });
});

describe('ccmm export', () => {
  it('prints the ratings as the server exports them (CSV by default, JSON)', async () => {
    const csv = await ccmm(['export', '--server', server.origin, '--assessment', assessmentId]);
    expect(csv.code).toBe(0);
    const expected = must(
      await centerAdmin.GET('/api/assessments/{id}/scores.csv', {
        params: { path: { id: assessmentId } },
        parseAs: 'text',
      }),
    );
    expect(`${csv.out}\n`).toBe(expected);
    expect(csv.out).toContain('1,10,5,制度已签发');
    const json = await ccmm([
      'export',
      '--server',
      server.origin,
      '--assessment',
      assessmentId,
      '--format',
      'json',
    ]);
    expect(json.code).toBe(0);
    const { ratings } = JSON.parse(json.out) as {
      ratings: { clause: number; c: number | null; f: number | null }[];
    };
    expect(ratings.map(({ clause, c, f }) => ({ clause, c, f }))).toEqual([
      { clause: 1, c: 10, f: 5 },
      { clause: 2, c: 5, f: 5 },
    ]);
  });

  it('writes an XLSX workbook to --out, and asks for --out rather than print one', async () => {
    const args = ['export', '--server', server.origin, '--assessment', assessmentId, '--format', 'xlsx'];
    expect((await ccmm(args)).code).toBe(2);
    const { code, out } = await ccmm([...args, '--out', 'ratings.xlsx']);
    expect(code).toBe(0);
    const bytes = readFileSync(join(dir, 'ratings.xlsx'));
    expect(out).toBe(`exported to ${join(dir, 'ratings.xlsx')} (${bytes.length} bytes)`);
    // A ZIP container (XLSX) with its workbook part.
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    expect(bytes.includes(Buffer.from('xl/workbook.xml'))).toBe(true);
  });

  it('shows a refusal with its code: an unknown assessment, a key without assessments:read', async () => {
    const unknown = await ccmm([
      'export',
      '--server',
      server.origin,
      '--assessment',
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^the server refused \(404 [a-z_.]+\): /);
    const scope = await ccmm(['export', '--server', server.origin, '--assessment', assessmentId], kpiOnlyKey);
    expect(scope.code).toBe(1);
    expect(scope.err).toMatch(/^the server refused \(403 auth\.key_scope\): /);
  });
});
