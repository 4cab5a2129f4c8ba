// Applying for certification in Chromium against the real server, with a real SMTP server in the
// test process: a center finds the form from the sign-in page (on a phone), applies, the body's
// admin accepts one application from the register (the contact's invitation arrives by e-mail
// and its link makes them the center's admin) and declines another with a reason (e-mailed).
// Needs apps/web/build (scripts/build-web.mjs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../api/test/smtp.ts';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
let product: Product;
let smtp: TestSmtp;

beforeAll(async () => {
  smtp = await startSmtp();
  product = await startProduct({ SMTP_URL: smtp.url, OUTBOX_POLL_SECONDS: '1' });
  const setup = await product.call('POST', '/api/setup', undefined, ADMIN);
  expect(setup.status).toBe(201);
}, 120_000);
afterAll(async () => {
  await product?.close();
  await smtp?.stop();
});

async function mailTo(to: string) {
  const until = Date.now() + 20_000;
  for (;;) {
    const mail = smtp.messages.findLast((m) => m.to && 'text' in m.to && m.to.text.toLowerCase() === to);
    if (mail) return mail;
    if (Date.now() > until) throw new Error(`no e-mail to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function applyAs(name: string, email: string): Promise<string> {
  const { page, base } = product;
  await page.goto(`${base}/apply`);
  const form = page.locator('[data-testid=apply-form]');
  await form.locator('input[name=name]').fill(name);
  await form.locator('input[name=operatingSince]').fill('2016-09-01');
  await form.locator('input[name=seats]').fill('180');
  await form.locator('textarea[name=sites]').fill('成都市高新区\n绵阳市涪城区');
  await form.locator('select[name=targetLevel]').selectOption('3');
  await form.locator('input[name=contactName]').fill('何静');
  await form.locator('input[name=email]').fill(email);
  await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);
  const received = (await page.locator('[data-testid=application-received]').textContent()) ?? '';
  expect(received).toContain(email);
  const reference = /AP-[A-Z0-9]{6}/.exec(received)?.[0];
  expect(reference).toBeDefined();
  return reference as string;
}

describe('applying for certification', () => {
  it('a center applies on a phone from the sign-in page and gets its reference', async () => {
    const { page, base } = product;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/login`);
    await Promise.all([page.waitForURL(`${base}/apply`), page.click('a[href="/apply"]')]);
    expect(await page.textContent('h1')).toBe('申请 CC-CMM 认证');
    // Nothing of the form runs off the phone's screen.
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await product.shot('apply-phone', true);
    const reference = await applyAs('天府客户服务中心', 'he@tianfu.example');
    await product.shot('apply-received');
    await page.setViewportSize({ width: 1024, height: 768 });
    expect(reference).toMatch(/^AP-/);
  });

  it('the body’s admin accepts it: the center is registered and its contact invited by e-mail', async () => {
    const { page, base } = product;
    await product.signIn(ADMIN.email, ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/applications`), page.click('nav a[href="/applications"]')]);
    const card = page.locator('[data-testid=applications] li', { hasText: '天府客户服务中心' });
    expect(await card.textContent()).toContain('成都市高新区；绵阳市涪城区');
    await product.shot('applications');
    await Promise.all([
      page.waitForLoadState('load'),
      card.locator('form[action="?/accept"] button').click(),
    ]);
    expect(await page.locator('[role=status]').first().textContent()).toContain('he@tianfu.example');

    const mail = await mailTo('he@tianfu.example');
    const path = mail.text?.match(/https?:\/\/[^/\s]+(\/invitations\/[A-Za-z0-9_-]+)/)?.[1];
    expect(path).toBeDefined();
    await product.context.clearCookies();
    await page.goto(`${base}${path}`);
    await page.fill('input[name=password]', 'he long password');
    await Promise.all([page.waitForURL(`${base}/`), page.click('form button[type=submit]')]);
    // Signed in as the new center's admin, who sees exactly that center.
    expect(await page.textContent('header')).toContain('何静 · 中心管理员');
    await product.shot('applicant-home');
    const token = await product.tokenOf('he@tianfu.example', 'he long password');
    const seen = await product.call<{ name: string }[]>('GET', '/api/organizations', token);
    expect(seen.body.map((o) => o.name)).toEqual(['天府客户服务中心']);
  });

  it('the body’s admin declines another with a reason, which the applicant is e-mailed', async () => {
    const { page, base } = product;
    await product.context.clearCookies();
    await applyAs('锦江呼叫中心', 'li@jinjiang.example');
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/applications`);
    const card = page.locator('[data-testid=applications] li', { hasText: '锦江呼叫中心' });
    await card.locator('textarea[name=reason]').fill('贵中心业务不在本机构认证范围内');
    await Promise.all([
      page.waitForLoadState('load'),
      card.locator('form[action="?/decline"] button').click(),
    ]);
    expect(await page.locator('[role=status]').first().textContent()).toContain('不予受理');
    const mail = await mailTo('li@jinjiang.example');
    expect(mail.text).toContain('贵中心业务不在本机构认证范围内');
    // Handled ones leave the default view (waiting first); "all" shows both with their outcome.
    expect(await page.locator('[data-testid=applications] li', { hasText: '锦江呼叫中心' }).count()).toBe(0);
    await page.goto(`${base}/applications?status=all`);
    expect(await page.locator('[data-testid=applications] li').count()).toBe(2);
  });
});
