// Two-step sign-in in Chromium against the real server, with reviewers required to use it
// (TOTP_REQUIRED_ROLES): a new reviewer is sent to set it up before anything else, scans (reads)
// the key, confirms with the authenticator's code, keeps the recovery codes; the next sign-in
// asks for a code after the password, keeping what was typed. Needs apps/web/build.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, hotp, stepAt } from '../../api/src/modules/auth/totp.ts';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const REVIEWER = { email: 'reviewer@example.com', password: 'reviewer long password', name: '赵评审' };
let product: Product;
let secret = '';

beforeAll(async () => {
  product = await startProduct({ TOTP_REQUIRED_ROLES: 'cb_reviewer' });
  const admin = (await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN)).body.token;
  const created = await product.call('POST', '/api/users', admin, { ...REVIEWER, role: 'cb_reviewer' });
  expect(created.status).toBe(201);
}, 120_000);
afterAll(async () => product?.close());

const codeOf = (steps = 0) => hotp(base32Decode(secret), stepAt(Date.now()) + steps);

describe('two-step sign-in', () => {
  it('a reviewer must set it up first: scans the key, confirms a code and gets recovery codes', async () => {
    const { page, base } = product;
    await page.goto(`${base}/login`);
    await page.fill('input[name=email]', REVIEWER.email);
    await page.fill('input[name=password]', REVIEWER.password);
    await Promise.all([page.waitForURL(`${base}/account`), page.click('form button[type=submit]')]);
    expect(await page.textContent('[data-testid=two-factor]')).toContain('您的角色必须开启两步验证');
    // Any other page leads back here until it is set up.
    await page.goto(`${base}/certificates`);
    expect(page.url()).toBe(`${base}/account`);

    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/start"] button')]);
    secret = ((await page.textContent('[data-testid=totp-secret]')) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await page.locator('.qr svg').count()).toBe(1);
    await product.shot('two-factor-setup');
    await page.fill('form[action="?/confirm"] input[name=code]', '000000');
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/confirm"] button')]);
    expect(await page.textContent('[role=alert]')).toContain('验证码不正确');
    // A second try shows a new key: read it again.
    secret = ((await page.textContent('[data-testid=totp-secret]')) ?? '').trim();
    await page.fill('form[action="?/confirm"] input[name=code]', codeOf());
    await Promise.all([page.waitForLoadState('load'), page.click('form[action="?/confirm"] button')]);
    expect(await page.locator('[data-testid=recovery-codes] li').count()).toBe(10);
    await product.shot('two-factor-recovery-codes');
    await page.goto(`${base}/certificates`);
    expect(page.url()).toBe(`${base}/certificates`);
  });

  it('the next sign-in asks for the code after the password, keeping what was typed', async () => {
    const { page, base } = product;
    await product.context.clearCookies();
    await page.goto(`${base}/login`);
    await page.fill('input[name=email]', REVIEWER.email);
    await page.fill('input[name=password]', REVIEWER.password);
    await page.click('form button[type=submit]');
    await page.locator('[data-testid=login-code]').waitFor();
    expect(await page.inputValue('input[name=password]')).toBe(REVIEWER.password);
    await product.shot('two-factor-login');
    await page.fill('[data-testid=login-code]', codeOf(1));
    await Promise.all([page.waitForURL(`${base}/`), page.click('form button[type=submit]')]);
    expect(await page.textContent('header')).toContain('赵评审');
  });
});
