import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerProcess, startServerProcess } from '@ccmm/api/test-server';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaSource } from '../scripts/schema-source.ts';
import { createCcmmClient } from './index.ts';

// An integrator's first hour, end to end: the running server's document → generated types →
// a program compiled against them → three calls over HTTP (a public route, a KPI write with an
// API key, the read of what was written).

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

// What an integrator writes against the generated types. The @ts-expect-error lines compile only
// if the types are real (with `any` they would be unused, and that is an error).
const PROGRAM = `import createClient from 'openapi-fetch';
import type { paths } from './schema.d.ts';

export async function callThree(baseUrl: string, apiKey: string, organizationId: string) {
  const health = await createClient<paths>({ baseUrl }).GET('/api/health');
  const status: 'ok' | undefined = health.data?.status;

  const client = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${apiKey}\` } });
  const written = await client.PUT('/api/organizations/{id}/kpis/{month}', {
    params: { path: { id: organizationId, month: '2026-05' } },
    body: { values: [{ indicator: 'asa', value: 21, target: 30 }, { indicator: 'fcr', value: 74 }] },
  });
  const read = await client.GET('/api/organizations/{id}/kpis', {
    params: { path: { id: organizationId }, query: { from: '2026-01', to: '2026-12' } },
  });
  const values: { indicator: string; value: number; met: boolean | null }[] = read.data?.values ?? [];
  const refused = await client.DELETE('/api/api-keys/{id}', { params: { path: { id: organizationId } } });
  const code: string | undefined = refused.error?.code;
  return {
    health: { status: health.response.status, body: status },
    written: { status: written.response.status, count: written.data?.values.length },
    read: { status: read.response.status, values: values.map(({ indicator, value, met }) => ({ indicator, value, met })) },
    refused: { status: refused.response.status, code },
  };
}

export function neverCalled(client: ReturnType<typeof createClient<paths>>) {
  // @ts-expect-error a path the API does not have
  void client.GET('/api/no-such-route');
  void client.PUT('/api/organizations/{id}/kpis/{month}', {
    params: { path: { id: 'x', month: '2026-05' } },
    // @ts-expect-error a KPI value is a number
    body: { values: [{ indicator: 'asa', value: 'fast' }] },
  });
}
`;

let server: ServerProcess;
let workDir: string;
let organizationId: string;
let apiKey: string;

beforeAll(async () => {
  server = await startServerProcess();
  // Set up as a person would: the first admin, a center, and a key for its WFM system.
  const anonymous = createCcmmClient({ baseUrl: server.origin });
  const setup = await anonymous.POST('/api/setup', {
    body: { email: 'admin@cb.test', password: 'admin-password-1', name: '认证机构管理员' },
  });
  if (!setup.data) throw new Error(`setup: ${JSON.stringify(setup.error)}`);
  const admin = createCcmmClient({ baseUrl: server.origin, token: setup.data.token });
  const organization = await admin.POST('/api/organizations', {
    body: { name: '客服中心 甲', operatingSince: '2018-03-01', industry: 'finance' },
  });
  if (!organization.data) throw new Error(`organization: ${JSON.stringify(organization.error)}`);
  organizationId = organization.data.id;
  const key = await admin.POST('/api/organizations/{id}/api-keys', {
    params: { path: { id: organizationId } },
    body: { name: 'WFM', scopes: ['kpis:write', 'kpis:read'] },
  });
  if (!key.data) throw new Error(`key: ${JSON.stringify(key.error)}`);
  apiKey = key.data.key;
  workDir = await mkdtemp(join(PACKAGE_DIR, '.live-'));
});
afterAll(async () => {
  await server?.stop();
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('a client generated from the running server’s document', () => {
  it('compiles against the generated types and calls three routes with an API key', async () => {
    const document = await (await fetch(`${server.origin}/api/docs/json`)).text();
    const schemaFile = join(workDir, 'schema.d.ts');
    const programFile = join(workDir, 'calls.ts');
    await writeFile(schemaFile, await schemaSource(document));
    await writeFile(programFile, PROGRAM);

    const program = ts.createProgram([programFile], {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      noEmit: true,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
      types: [],
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);

    const { callThree } = (await import(programFile)) as {
      callThree: (baseUrl: string, apiKey: string, organizationId: string) => Promise<unknown>;
    };
    const result = await callThree(server.origin, apiKey, organizationId);
    const byIndicator = (a: { indicator: string }, b: { indicator: string }) =>
      a.indicator.localeCompare(b.indicator);
    const { read, ...rest } = result as { read: { status: number; values: { indicator: string }[] } };
    expect(rest).toEqual({
      health: { status: 200, body: 'ok' },
      written: { status: 200, count: 2 },
      // Managing keys is no key's business: refused with its code, typed as the API's error.
      refused: { status: 403, code: 'auth.key_scope' },
    });
    expect(read.status).toBe(200);
    expect([...read.values].sort(byIndicator)).toEqual([
      { indicator: 'asa', value: 21, met: true },
      { indicator: 'fcr', value: 74, met: null },
    ]);
  });
});
