// The product as a user meets it: the real server process (API and web on one port, embedded
// database in a temporary directory) and Chromium driving it. Each browser test file starts its
// own with startProduct() and stops it with product.close().
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const root = fileURLToPath(new URL('../../../', import.meta.url));
export const results = fileURLToPath(new URL('../test-results/', import.meta.url));
const handler = join(root, 'apps/web/build/handler.js');

export interface Product {
  readonly base: string;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Calls the API directly (for seeding), as JSON. */
  call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /**
   * Starts an assessment through the API as the body does: a certification audit after a stage 1
   * audit that found the center ready on the audit's date (an initial certification needs one).
   */
  startAssessment<T = Record<string, unknown>>(
    token: string,
    body: { organizationId: string; standard: string; kind: string; assessedOn?: string },
  ): Promise<{ status: number; body: T }>;
  tokenOf(email: string, password: string): Promise<string>;
  /** Signs in through the login page, starting from no session. */
  signIn(email: string, password: string): Promise<void>;
  /**
   * What the browser refused under the pages' Content-Security-Policy so far (its console
   * messages); close() fails the test file when there is any.
   */
  cspViolations(): readonly string[];
  /** What the server process has written to stdout and stderr so far (its log lines). */
  output(): string;
  /**
   * Closes the whole browser (every tab, its process) and starts a new one on the same profile
   * (the same user data directory: IndexedDB, service worker, cookies): `context` and `page` are
   * then the new browser's.
   */
  relaunch(): Promise<void>;
  /** Saves a screenshot to apps/web/test-results/<name>.png. */
  shot(name: string, fullPage?: boolean): Promise<Buffer>;
  close(): Promise<void>;
}

/** The browser's device: a tablet or phone is `{ hasTouch: true, isMobile: true, viewport }`. */
export interface Device {
  viewport?: { width: number; height: number };
  hasTouch?: boolean;
  isMobile?: boolean;
}

/** `env`: more settings for the server (SMTP_URL, say); `device`: the browser's (a desktop by default). */
export async function startProduct(
  extraEnv: Record<string, string> = {},
  device: Device = {},
): Promise<Product> {
  if (!existsSync(handler))
    throw new Error('apps/web/build is missing: run node scripts/build-web.mjs first');
  mkdirSync(results, { recursive: true });
  const log: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'ccmm-web-data-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'ccmm-web-chromium-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  delete env.ORIGIN;
  delete env.CCMM_API_ORIGIN;
  const server: ChildProcess = spawn(join(root, 'node_modules/.bin/tsx'), ['apps/api/src/server.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      server.kill('SIGTERM');
      reject(new Error(`server did not start:\n${log.join('')}`));
    }, 90_000);
    server.stdout?.on('data', (chunk: Buffer) => {
      log.push(chunk.toString());
      const found = /on http:\/\/localhost:(\d+)/.exec(chunk.toString());
      if (found) {
        clearTimeout(timer);
        resolve(`http://localhost:${found[1]}`);
      }
    });
    server.stderr?.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    server.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${log.join('')}`)));
  });
  // Every page of every browser test runs under the product's CSP: anything it refuses is a bug.
  const cspViolations: string[] = [];
  const watchCsp = (p: Page) =>
    p.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text()))
        cspViolations.push(`${p.url()}: ${message.text()}`);
    });
  // A page of the app takes input only once SvelteKit has hydrated it (the layout then marks
  // html[data-hydrated]): every goto to one waits for that, as a person waits for the page.
  const hydrateOnGoto = (p: Page) => {
    const goto = p.goto.bind(p);
    p.goto = async (url, options) => {
      const response = await goto(url, options);
      const html = response?.headers()['content-type']?.startsWith('text/html') ?? false;
      if (html && !new URL(p.url()).pathname.startsWith('/api/'))
        await p.waitForSelector('html[data-hydrated=yes]', { state: 'attached' });
      return response;
    };
  };
  async function launch(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: device.viewport ?? { width: 1024, height: 768 },
      hasTouch: device.hasTouch ?? false,
      isMobile: device.isMobile ?? false,
      locale: 'zh-CN',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    for (const p of context.pages()) {
      watchCsp(p);
      hydrateOnGoto(p);
    }
    context.on('page', (p) => {
      watchCsp(p);
      hydrateOnGoto(p);
    });
    // The whole suite runs its browser and API tests side by side on 2 cores: a page's first
    // render after the server starts can take longer than Playwright's 30 s default there.
    page.setDefaultTimeout(90_000);
    return { context, page };
  }
  // A browser that does not start must not leave the server running behind the failed test.
  let { context, page } = await launch().catch((error: unknown) => {
    server.kill('SIGTERM');
    throw error;
  });

  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ) {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  return {
    base,
    get context() {
      return context;
    },
    get page() {
      return page;
    },
    call,
    async relaunch() {
      await context.close();
      ({ context, page } = await launch());
    },
    async startAssessment(token, body) {
      if (body.kind === 'certification') {
        const review = await call('POST', `/api/organizations/${body.organizationId}/stage1-reviews`, token, {
          standard: body.standard,
          reviewedOn: body.assessedOn ?? new Date().toISOString().slice(0, 10),
          result: 'ready',
          notes: '文件齐全，同意进入下一步。',
        });
        expect(review.status).toBe(201);
      }
      return call('POST', '/api/assessments', token, body);
    },
    async tokenOf(email, password) {
      const { status, body } = await call<{ token: string }>('POST', '/api/auth/login', undefined, {
        email,
        password,
      });
      expect(status).toBe(200);
      return body.token;
    },
    async signIn(email, password) {
      await context.clearCookies();
      await page.goto(`${base}/login`);
      await page.fill('input[name=email]', email);
      await page.fill('input[name=password]', password);
      await Promise.all([page.waitForURL(`${base}/`), page.click('form button[type=submit]')]);
    },
    cspViolations: () => cspViolations,
    output: () => log.join(''),
    shot: (name, fullPage = true) => page.screenshot({ path: join(results, `${name}.png`), fullPage }),
    async close() {
      await context.close();
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      for (const dir of [dataDir, profileDir]) rmSync(dir, { recursive: true, force: true });
      expect(cspViolations, 'refused under the Content-Security-Policy').toEqual([]);
    },
  };
}
