// The product reached at another address than localhost, as a tablet on the center's network
// reaches it: sign-in and a form post work at 127.0.0.2 and at the machine's own network address,
// with no ORIGIN set; a form posted from another site is still refused (SvelteKit's CSRF check).
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import { networkInterfaces } from 'node:os';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };

/** The machine's first non-loopback IPv4 address, if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

let product: Product;
let page: Page;
let port = '';

beforeAll(async () => {
  product = await startProduct();
  ({ page } = product);
  port = new URL(product.base).port;
  expect((await product.call('POST', '/api/setup', undefined, ADMIN)).status).toBe(201);
});

afterAll(async () => product?.close());

describe('another address than localhost', () => {
  for (const host of ['127.0.0.2', ...(lanAddress ? [lanAddress] : [])]) {
    it(`signs in and posts a form at http://${host}`, async () => {
      const base = `http://${host}:${port}`;
      await page.context().clearCookies();
      await page.goto(`${base}/login`);
      await page.fill('input[name=email]', ADMIN.email);
      await page.fill('input[name=password]', ADMIN.password);
      await Promise.all([page.waitForURL(`${base}/`), page.click('form button[type=submit]')]);
      expect(await page.textContent('.who')).toContain(ADMIN.name);
      // A second form: register an organization, posted to the same address.
      await page.goto(`${base}/organizations`);
      await page.fill('input[name=name]', `平板登记 ${host}`);
      await page.fill('input[name=operatingSince]', '2019-01-01');
      await Promise.all([
        page.waitForLoadState('load'),
        page.click('form[action="?/create"] button[type=submit]'),
      ]);
      await expect.poll(() => page.textContent('body')).toContain(`平板登记 ${host}`);
    });
  }

  it('still refuses a form posted from another site', async () => {
    const form = new URLSearchParams({ email: ADMIN.email, password: ADMIN.password });
    const post = (origin: string) =>
      fetch(`http://127.0.0.2:${port}/login`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
        redirect: 'manual',
      });
    expect((await post('http://evil.example')).status).toBe(403);
    // Spoofing the host it was sent to does not help: the server sets it from the request.
    const sameSite = await post(`http://127.0.0.2:${port}`);
    expect(sameSite.status).not.toBe(403);
  });
});
