// The Integrations page in Chromium against the real server: a center's admin makes an API key
// (shown once, copied, working, then revoked) and registers a webhook whose receiver runs in the
// test process (plain http to loopback: the server runs in test mode), sends a test event, reads
// the delivery log; the body's admin sees the center's webhook. Needs apps/web/build.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type TestReceiver } from '../../api/test/webhook-receiver.ts';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const CENTER = { email: 'center@example.com', password: 'center long password', name: '周敏' };

let product: Product;
let receiver: TestReceiver;
let page: Page;
let adminToken = '';
let centerToken = '';
let orgId = '';

beforeAll(async () => {
  receiver = await startReceiver();
  product = await startProduct({ NODE_ENV: 'test', WEBHOOKS_ALLOW_LOOPBACK_HTTP: 'on' });
  page = product.page;
  await product.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const setup = await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
  expect(setup.status).toBe(201);
  adminToken = setup.body.token;
  const org = await product.call<{ id: string }>('POST', '/api/organizations', adminToken, {
    name: '华南客服中心',
    operatingSince: '2019-01-01',
  });
  orgId = org.body.id;
  const user = await product.call('POST', '/api/users', adminToken, {
    ...CENTER,
    role: 'center_admin',
    organizationId: orgId,
  });
  expect(user.status).toBe(201);
  centerToken = await product.tokenOf(CENTER.email, CENTER.password);
}, 120_000);
afterAll(async () => {
  await product?.close();
  await receiver?.stop();
});

const submit = async (form: ReturnType<Page['locator']>) => {
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    form.locator('button[type=submit]').click(),
  ]);
};

describe('the Integrations page', () => {
  it('makes an API key shown once with a copy button; the key works until it is revoked', async () => {
    await product.signIn(CENTER.email, CENTER.password);
    await page.goto(`${product.base}/integrations`);
    await page.getByRole('link', { name: '集成' }).waitFor();
    const form = page.locator('[data-testid=key-form]');
    await form.locator('input[name=name]').fill('排班系统');
    await form.locator('input[value="certificates:read"]').check();
    await form.locator('input[value="kpis:write"]').check();
    await submit(form);
    const shown = page.locator('[data-testid=new-key]');
    await shown.waitFor();
    const key = await shown.inputValue();
    expect(key).toMatch(/^ccmm_/);
    await page.getByRole('button', { name: '复制' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await page.getByRole('button', { name: '已复制' }).waitFor();
    await product.shot('integrations-key-1024');
    expect((await product.call('GET', '/api/certificates', key)).status).toBe(200);

    // Shown once: after a reload only the name is listed.
    await page.goto(`${product.base}/integrations`);
    expect(await page.locator('[data-testid=new-key]').count()).toBe(0);
    const keys = page.locator('[data-testid=keys]');
    expect(await keys.textContent()).toContain('排班系统');
    expect(await page.content()).not.toContain(key);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      keys.getByRole('button', { name: '撤销' }).click(),
    ]);
    await expect.poll(() => keys.textContent()).toContain('已撤销');
    expect((await product.call('GET', '/api/certificates', key)).status).toBe(401);
  });

  it('registers a webhook with the events ticked, shows the secret once, sends a signed test event and logs it', async () => {
    await page.goto(`${product.base}/integrations`);
    const form = page.locator('[data-testid=webhook-form]');
    // A plain-http address outside this machine is refused, in the reader's language.
    await form.locator('input[name=url]').fill('http://hooks.example.com/ccmm');
    await form.locator('input[value="certificate.issued"]').check();
    await submit(form);
    await expect
      .poll(() => page.locator('[data-testid=hook-error]').textContent())
      .toContain('只能使用 HTTPS');

    await form.locator('input[name=url]').fill(receiver.url);
    await form.locator('input[value="certificate.issued"]').check();
    await form.locator('input[value="finding.overdue"]').check();
    await submit(form);
    const secret = page.locator('[data-testid=new-secret]');
    await secret.waitFor();
    receiver.secret = await secret.inputValue();
    expect(receiver.secret).toMatch(/^whsec_/);
    const card = page.locator('[data-testid=webhook]');
    expect(await card.textContent()).toContain('证书已颁发');
    expect(await card.textContent()).toContain('不符合项整改逾期');

    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      card.getByRole('button', { name: '发送测试事件' }).click(),
    ]);
    const [received] = await receiver.waitFor(1);
    expect(received?.verified).toBe(true);
    expect(received?.event.type).toBe('webhook.test');
    expect(received?.event.organizationId).toBe(orgId);
    // The form's answer refreshes the page's data; a link followed before that refresh
    // starts would be cancelled by it (SvelteKit keeps the newest navigation), so the test
    // waits for what the user sees once it is done.
    await page.getByRole('status').filter({ hasText: '测试事件已发送' }).waitFor();

    await Promise.all([page.waitForURL(/\?log=/), card.getByRole('link', { name: '投递日志' }).click()]);
    const log = page.locator('[data-testid=deliveries]');
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await log.count()) > 0 ? log.textContent() : '';
        },
        { timeout: 15_000 },
      )
      .toContain('204');
    expect(await log.textContent()).toContain('测试事件');
    expect(await page.content()).not.toContain(receiver.secret);
    await product.shot('integrations-webhook-1024');

    await page.setViewportSize({ width: 390, height: 844 });
    await product.shot('integrations-390');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1024, height: 768 });
  });

  it('shows the body’s admin the center’s webhook, in English too, and deletes it', async () => {
    await product.context.clearCookies();
    await product.signIn(ADMIN.email, ADMIN.password);
    expect((await product.call('PATCH', '/api/me', adminToken, { locale: 'en' })).status).toBe(200);
    await page.goto(`${product.base}/integrations`);
    const card = page.locator('[data-testid=webhook]');
    expect(await card.textContent()).toContain('华南客服中心');
    expect(await card.textContent()).toContain('Certificate issued');
    await page.getByRole('heading', { name: 'Integrations: API keys and webhooks' }).waitFor();
    await product.shot('integrations-body-en-1024');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      card.getByRole('button', { name: 'Delete' }).click(),
    ]);
    await expect.poll(() => page.locator('[data-testid=webhook]').count()).toBe(0);
    const left = await product.call<unknown[]>('GET', '/api/webhooks', centerToken);
    expect(left.body).toEqual([]);
  });
});
