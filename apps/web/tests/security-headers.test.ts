// Security headers on the web app's pages in the real server (the API's answers:
// apps/api/src/plugins/security-headers.test.ts), and pages that work under them in Chromium:
// sign-in, and the API reference (swagger UI) at /api/docs. Also a page's request id, passed on
// to the API calls it makes. Needs apps/web/build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

let product: Product;
beforeAll(async () => {
  product = await startProduct();
});
afterAll(async () => product?.close());

function directive(csp: string, name: string): string[] {
  const found = csp.split(';').find((d) => d.trim().startsWith(`${name} `));
  return found?.trim().split(/\s+/).slice(1) ?? [];
}

describe('security headers on the pages', () => {
  it('an HTML page: a nonce for SvelteKit’s start-up script, no unsafe-inline script, no framing', async () => {
    const res = await fetch(`${product.base}/login`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
    expect(directive(csp, 'object-src')).toEqual(["'none'"]);
    const scripts = directive(csp, 'script-src');
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    const nonce = scripts.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toBeTruthy();
    // Every inline script of the page carries this response's nonce; a second response another.
    const html = await res.text();
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(inline.length).toBeGreaterThan(0);
    for (const [, attributes] of inline) expect(attributes).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${product.base}/login`);
    expect(again.headers.get('content-security-policy')).not.toContain(`'nonce-${nonce}'`);
  });

  it('the web app’s static files: nosniff and a policy without inline script', async () => {
    const html = await (await fetch(`${product.base}/login`)).text();
    const asset = /\/_app\/immutable\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const res = await fetch(`${product.base}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(directive(csp, 'script-src')).toEqual(["'self'"]);
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"]);
  });

  it('first-run setup and sign-in work in Chromium under the policy', async () => {
    const { page, base } = product;
    await page.goto(`${base}/setup`);
    await page.fill('input[name=name]', '林管理');
    await page.fill('input[name=email]', 'admin@example.com');
    await page.fill('input[name=password]', 'a long password');
    await Promise.all([page.waitForURL(`${base}/`), page.click('form button[type=submit]')]);
    await product.signIn('admin@example.com', 'a long password');
    expect(await page.textContent('h1')).toBe('我的评估');
    // SvelteKit's inline start-up script ran (it defines window.__sveltekit_<version>).
    expect(await page.evaluate(() => Object.keys(window).some((k) => k.startsWith('__sveltekit_')))).toBe(
      true,
    );
    expect(product.cspViolations()).toEqual([]);
  });

  it('the API reference renders under its own policy', async () => {
    const { page, base } = product;
    const response = await page.goto(`${base}/api/docs`);
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
    expect(directive(response?.headers()['content-security-policy'] ?? '', 'frame-ancestors')).toEqual([
      "'none'",
    ]);
    await page.waitForSelector('.swagger-ui .info .title');
    expect(await page.textContent('.swagger-ui .info .title')).toContain('CC-CMM platform API');
    // The operations are listed (the document was fetched and drawn).
    await page.waitForSelector('.opblock-tag');
    expect(product.cspViolations()).toEqual([]);
  });

  it('refuses a script injected into a page (and the watcher every browser test has sees it)', async () => {
    const { page, base } = product;
    await page.goto(`${base}/login`);
    const ran = await page.evaluate(async () => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 100));
      return (window as { __injected?: boolean }).__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => product.cspViolations().length).toBe(1);
    expect(product.cspViolations()[0]).toContain('script');
    // Expected here: not a failure of the file at close().
    (product.cspViolations() as string[]).length = 0;
  });
});

describe('request ids on the pages', () => {
  it('a page answers with its request id and its API calls log under the same id', async () => {
    const res = await fetch(`${product.base}/`, {
      headers: { 'x-request-id': 'page-req-7781', cookie: 'ccmm_token=not-a-token' },
      redirect: 'manual',
    });
    expect(res.headers.get('x-request-id')).toBe('page-req-7781');
    // The page asked the API who the token is (GET /api/me); that call's log lines have the id.
    await expect
      .poll(() =>
        product
          .output()
          .split('\n')
          .filter((line) => line.includes('"requestId":"page-req-7781"') && line.includes('/api/me')),
      )
      .not.toEqual([]);
  });

  it('a page given an id that is not a sane token gets a fresh one', async () => {
    const res = await fetch(`${product.base}/login`, { headers: { 'x-request-id': 'bad id "quoted"' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
