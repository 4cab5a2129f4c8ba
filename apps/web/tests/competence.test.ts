// Auditors' competence in Chromium against the real server: the certification-body admin records
// an auditor's qualification, industries and validity from the users list (kept as history, the
// newest current), a refused record says why, and the auditor reads their own from the dashboard
// but not a colleague's.
// Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';
const AUDITOR = { email: 'wang@example.com', name: '王审核', password: PASSWORD, role: 'auditor' };
const COLLEAGUE = { email: 'li@example.com', name: '李审核', password: PASSWORD, role: 'auditor' };

let product: Product;
let base = '';
let page: Page;
const ids = { auditor: '', colleague: '' };

beforeAll(async () => {
  product = await startProduct();
  ({ base, page } = product);
  const { call } = product;
  const admin = (await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
  ids.auditor = (await call<{ id: string }>('POST', '/api/users', admin, AUDITOR)).body.id;
  ids.colleague = (await call<{ id: string }>('POST', '/api/users', admin, COLLEAGUE)).body.id;
});

afterAll(async () => product?.close());

describe('auditor competence', () => {
  it('is recorded by the admin from the users list, and kept as history', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/users`);
    const row = page.locator('tr', { hasText: AUDITOR.email });
    await Promise.all([page.waitForURL(`${base}/auditors/${ids.auditor}`), row.locator('a').click()]);
    expect(await page.locator('h1').textContent()).toBe(`${AUDITOR.name}的能力记录`);
    expect(await page.locator('[data-testid=competence-none]').count()).toBe(1);

    const form = page.locator('[data-testid=competence-form]');
    await form.locator('input[name=qualification]').fill('CC-CMM 注册审核员');
    await form.locator('input[name=industries]').fill('金融、电信, 政务');
    await form.locator('input[name=validUntil]').fill('2029-06-30');
    await Promise.all([page.waitForLoadState('networkidle'), form.locator('button[type=submit]').click()]);
    await expect.poll(() => page.locator('[role=status]').count()).toBe(1);
    const rows = page.locator('[data-testid=competence-history] tbody tr');
    expect(await rows.count()).toBe(1);
    const first = await rows.first().textContent();
    expect(first).toContain('CC-CMM 注册审核员');
    expect(first).toContain('金融、电信、政务');
    expect(first).toContain('2029-06-30');
    expect(first).toContain('当前');

    // The API's record agrees with what the page shows.
    const admin = await product.tokenOf(ADMIN.email, ADMIN.password);
    const stored = await product.call<{ industries: string[] }[]>(
      'GET',
      `/api/auditors/${ids.auditor}/competence`,
      admin,
    );
    expect(stored.body[0]?.industries).toEqual(['金融', '电信', '政务']);

    // A renewal is a new record on top; the old one stays.
    await form.locator('input[name=qualification]').fill('CC-CMM 高级审核员');
    await form.locator('input[name=validUntil]').fill('2030-06-30');
    await Promise.all([page.waitForLoadState('networkidle'), form.locator('button[type=submit]').click()]);
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('CC-CMM 高级审核员');
    await product.shot('competence-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    await product.shot('competence-390');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows the API’s reason when a record is refused, and keeps what was typed', async () => {
    const form = page.locator('[data-testid=competence-form]');
    await form.locator('input[name=qualification]').fill('注册审核员');
    await form.locator('input[name=industries]').fill('金'.repeat(101));
    await form.locator('input[name=validUntil]').fill('2030-01-01');
    await Promise.all([page.waitForLoadState('networkidle'), form.locator('button[type=submit]').click()]);
    await expect.poll(() => page.locator('[data-testid=competence-error]').count()).toBe(1);
    expect((await page.locator('[data-testid=competence-error]').textContent())?.length).toBeGreaterThan(0);
    expect(await form.locator('input[name=industries]').inputValue()).toBe('金'.repeat(101));
    expect(await page.locator('[data-testid=competence-history] tbody tr').count()).toBe(2);
  });

  it('lets the auditor read their own from the dashboard, without the form, and not a colleague’s', async () => {
    await product.signIn(AUDITOR.email, PASSWORD);
    await Promise.all([
      page.waitForURL(`${base}/auditors/${ids.auditor}`),
      page.click(`a[href="/auditors/${ids.auditor}"]`),
    ]);
    expect(await page.locator('h1').textContent()).toBe('我的能力记录');
    expect(await page.locator('[data-testid=competence-history] tbody tr').count()).toBe(2);
    expect(await page.locator('[data-testid=competence-form]').count()).toBe(0);
    const other = await page.goto(`${base}/auditors/${ids.colleague}`);
    expect(other?.status()).toBe(403);
  });
});
