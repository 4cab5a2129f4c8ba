// Accounts people manage themselves, in Chromium against the real server with a real SMTP
// server in the test process: the admin invites from the users page, the invitee follows the
// link of the e-mail that arrived and sets a password; forgot password the same way; the
// outbox page. Needs apps/web/build (scripts/build-web.mjs).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../api/test/smtp.ts';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };

let product: Product;
let smtp: TestSmtp;
let page: Page;
let adminToken = '';
let orgId = '';

/** The path of the link in the latest e-mail to `to` (the server's PUBLIC_ORIGIN is not this port's). */
async function linkPath(to: string, path: string): Promise<string> {
  const until = Date.now() + 15_000;
  for (;;) {
    const mail = smtp.messages.findLast((m) => m.to && 'text' in m.to && m.to.text.toLowerCase() === to);
    const match = mail?.text?.match(new RegExp(`https?://[^/\\s]+(/${path}/[A-Za-z0-9_-]+)`));
    if (match?.[1]) return match[1];
    if (Date.now() > until) throw new Error(`no ${path} link for ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  smtp = await startSmtp();
  product = await startProduct({ SMTP_URL: smtp.url, OUTBOX_POLL_SECONDS: '1' });
  page = product.page;
  const setup = await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
  expect(setup.status).toBe(201);
  adminToken = setup.body.token;
  const org = await product.call<{ id: string }>('POST', '/api/organizations', adminToken, {
    name: '华南客服中心',
    operatingSince: '2019-01-01',
  });
  orgId = org.body.id;
}, 120_000);
afterAll(async () => {
  await product?.close();
  await smtp?.stop();
});

describe('accounts in the browser', () => {
  it('an invitation sent from the users page arrives by e-mail; its link sets a password and signs the invitee in', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${product.base}/users`);
    const form = page.locator('[data-testid=invite-form]');
    await form.locator('input[name=email]').fill('zhou@center.example');
    await form.locator('input[name=name]').fill('周敏');
    await form.locator('select[name=role]').selectOption('center_admin');
    await form.locator('select[name=organizationId]').selectOption(orgId);
    await Promise.all([page.waitForLoadState('load'), form.locator('button').click()]);
    await expect.poll(() => page.locator('[role=status]').textContent()).toContain('zhou@center.example');
    await product.shot('accounts-invite');

    const path = await linkPath('zhou@center.example', 'invitations');
    const mail = smtp.messages.at(-1);
    expect(mail?.subject).toContain('邀请您使用 CC-CMM');
    await product.context.clearCookies();
    await page.goto(`${product.base}${path}`);
    await product.shot('accounts-accept');
    await page.fill('input[name=password]', 'zhou long password');
    await Promise.all([page.waitForURL(`${product.base}/`), page.click('form button[type=submit]')]);
    expect(await page.textContent('body')).toContain('周敏');

    // The link is spent.
    await product.context.clearCookies();
    await page.goto(`${product.base}${path}`);
    await page.fill('input[name=password]', 'another long password');
    await Promise.all([page.waitForLoadState('load'), page.click('form button[type=submit]')]);
    expect(await page.locator('[role=alert]').textContent()).toContain('无效或已被使用');
  });

  it('forgot password: the e-mailed link sets a new password once', async () => {
    await product.context.clearCookies();
    await page.goto(`${product.base}/login`);
    await Promise.all([
      page.waitForURL(`${product.base}/forgot-password`),
      page.click('a[href="/forgot-password"]'),
    ]);
    await page.fill('input[name=email]', 'zhou@center.example');
    await Promise.all([page.waitForLoadState('load'), page.click('form button[type=submit]')]);
    await page.locator('[data-testid=reset-sent]').waitFor();
    const path = await linkPath('zhou@center.example', 'reset-password');
    await page.goto(`${product.base}${path}`);
    await page.fill('input[name=password]', 'zhou new long password');
    await Promise.all([page.waitForLoadState('load'), page.click('form button[type=submit]')]);
    await page.locator('[data-testid=reset-done]').waitFor();
    await product.shot('accounts-reset-done');
    await product.signIn('zhou@center.example', 'zhou new long password');
  });

  it('the outbox page shows the admin the messages written and sent', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${product.base}/outbox`);
    expect(await page.locator('[data-testid=outbox-message]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.textContent('[data-testid=outbox-state]')).toContain('已配置邮件服务器');
    const all = await page.locator('[data-testid=outbox-message]').count();
    expect(await page.textContent('[data-testid=pager-count]')).toContain(`共 ${all} 条`);
    await product.shot('accounts-outbox');
    // Unsent only: every message listed is one not sent yet, and the filter stays chosen.
    await Promise.all([
      page.waitForURL(/unsent=true/),
      page.selectOption('[data-testid=outbox-filter] select', 'true'),
    ]);
    for (const summary of await page.locator('[data-testid=outbox-message] summary').allTextContents())
      expect(summary).toContain('未发送');
    expect(await page.inputValue('[data-testid=outbox-filter] select')).toBe('true');
  });
});
