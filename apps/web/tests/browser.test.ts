// The web app in the real server, driven by Chromium: first run, sign-in, organizations, the
// scoring guide (keyboard, mouse, persistence, conflicts, the live level), languages and
// tenancy. Needs apps/web/build (scripts/build-web.mjs makes it; the test builds nothing).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, results, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const PASSWORD = 'another long password';

let product: Product;
let base = '';
let context: BrowserContext;
let page: Page;
const call: Product['call'] = (...args) => product.call(...args);
const tokenOf: Product['tokenOf'] = (...args) => product.tokenOf(...args);
const signIn: Product['signIn'] = (...args) => product.signIn(...args);
const shot: Product['shot'] = (...args) => product.shot(...args);

const saveState = () => page.getAttribute('[data-testid=save-state]', 'data-state');
const waitSaved = () => page.waitForSelector('[data-testid=save-state][data-state=saved]');
const panelLevel = () => page.textContent('[data-testid=panel-level]');

async function openGuide(id: string, clause?: number) {
  await page.goto(`${base}/assessments/${id}/score${clause ? `?clause=${clause}` : ''}`);
  await page.waitForSelector('.guide[data-ready=yes]');
}

const ids = { org: '', otherOrg: '', assessment: '', auditor: '' };
const users = {
  auditor: { email: 'auditor@example.com', name: '王评审' },
  centerAdmin: { email: 'center@example.com', name: '陈中心' },
  outsider: { email: 'outsider@example.com', name: '外部中心' },
};

beforeAll(async () => {
  product = await startProduct();
  ({ base, context, page } = product);
});

afterAll(async () => product?.close());

describe('the web app, in Chromium against the real server', () => {
  it('first-run setup creates the admin and signs them in', async () => {
    await page.goto(`${base}/`);
    expect(page.url()).toBe(`${base}/login`);
    await page.click('text=进行首次设置');
    await page.waitForURL(`${base}/setup`);
    await shot('setup');
    await page.fill('input[name=name]', ADMIN.name);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', ADMIN.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('form button[type=submit]')]);
    expect(await page.textContent('h1')).toBe('我的评估');
    const cookie = (await context.cookies()).find((c) => c.name === 'ccmm_token');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
  });

  it('signs out, a second setup goes to the sign-in page, and signs back in', async () => {
    await Promise.all([page.waitForURL(`${base}/login`), page.click('text=退出登录')]);
    expect((await context.cookies()).find((c) => c.name === 'ccmm_token')).toBeUndefined();
    // Setup is done: a second one is sent to the sign-in page.
    await page.goto(`${base}/setup`);
    await page.fill('input[name=name]', 'Intruder');
    await page.fill('input[name=email]', 'intruder@example.com');
    await page.fill('input[name=password]', 'a long password');
    await Promise.all([page.waitForURL(`${base}/login`), page.click('form button[type=submit]')]);
    await page.fill('input[name=email]', ADMIN.email);
    await page.fill('input[name=password]', 'wrong password!!');
    await page.click('form button[type=submit]');
    await expect.poll(() => page.textContent('[role=alert]')).toContain('不正确');
    await signIn(ADMIN.email, ADMIN.password);
    expect(await page.textContent('.who')).toContain(ADMIN.name);
  });

  it('the certification-body admin registers an organization with the form', async () => {
    await page.click('text=管理机构');
    await page.waitForURL(`${base}/organizations`);
    await page.fill('input[name=name]', '华南客服中心');
    await page.fill('input[name=operatingSince]', '2015-03-01');
    await page.fill('input[name=industry]', '金融');
    await page.fill('input[name=region]', '广州');
    await page.fill('input[name=seats]', '320');
    await page.click('form[action="?/create"] button');
    await page.waitForSelector('td:has-text("华南客服中心")');
    await shot('organizations');
  });

  it('seeds users and a certification assessment through the API, and the dashboard lists it', async () => {
    const admin = await tokenOf(ADMIN.email, ADMIN.password);
    const orgs = await call<{ id: string; name: string }[]>('GET', '/api/organizations', admin);
    ids.org = orgs.body.find((o) => o.name === '华南客服中心')?.id ?? '';
    expect(ids.org).not.toBe('');
    const other = await call<{ id: string }>('POST', '/api/organizations', admin, {
      name: '北方呼叫中心',
      operatingSince: '2020-01-01',
    });
    ids.otherOrg = other.body.id;
    const create = (u: { email: string; name: string }, role: string, organizationId?: string) =>
      call<{ id: string }>('POST', '/api/users', admin, { ...u, password: PASSWORD, role, organizationId });
    ids.auditor = (await create(users.auditor, 'auditor')).body.id;
    expect((await create(users.centerAdmin, 'center_admin', ids.org)).status).toBe(201);
    expect((await create(users.outsider, 'center_admin', ids.otherOrg)).status).toBe(201);
    const assessment = await product.startAssessment<{ id: string }>(admin, {
      organizationId: ids.org,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    });
    expect(assessment.status).toBe(201);
    ids.assessment = assessment.body.id;
    const assigned = await call('PUT', `/api/assessments/${ids.assessment}/auditors`, admin, {
      userIds: [ids.auditor],
    });
    expect(assigned.status).toBe(200);

    await page.goto(`${base}/`);
    expect(await page.textContent('tbody')).toContain('华南客服中心');
    expect(await page.textContent('tbody')).toContain('认证审核');
    await shot('dashboard');
  });

  it('the auditor rates clause 1 with the keyboard and clause 2 with the mouse, and the ratings persist', async () => {
    await signIn(users.auditor.email, PASSWORD);
    await page.click(`a[href="/assessments/${ids.assessment}/score"]`);
    await page.waitForSelector('.guide[data-ready=yes]');
    expect(await page.textContent('#clause-title')).toBe('条目 1');
    await page.keyboard.press('3'); // C-Rate 10
    await page.keyboard.press('5'); // F-Rate 5
    await waitSaved();
    expect(await page.isChecked('[data-testid=c-10]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-5]')).toBe(true);

    await page.keyboard.press('j');
    expect(await page.textContent('#clause-title')).toBe('条目 2');
    await page.click('label:has([data-testid=c-5])');
    await waitSaved();
    // Time from a rating click to "saved", measured in the page.
    await page.evaluate(() => {
      const w = window as unknown as { t0?: number; t1?: number };
      const status = document.querySelector('[data-testid=save-state]');
      document.addEventListener('click', () => (w.t0 = performance.now()), { capture: true, once: true });
      new MutationObserver(() => {
        if (w.t0 !== undefined && w.t1 === undefined && status?.getAttribute('data-state') === 'saved')
          w.t1 = performance.now();
      }).observe(status as Element, { attributes: true, childList: true, subtree: true });
    });
    await page.click('label:has([data-testid=f-10])');
    await expect.poll(() => page.evaluate(() => (window as unknown as { t1?: number }).t1)).toBeDefined();
    const ms = await page.evaluate(() => {
      const w = window as unknown as { t0: number; t1: number };
      return w.t1 - w.t0;
    });
    expect(await saveState()).toBe('saved');
    expect(await page.textContent('[data-testid=save-state]')).toContain('已保存');
    writeFileSync(join(results, 'timing.json'), `${JSON.stringify({ clickToSavedMs: ms }, null, 2)}\n`);
    console.log(`rating click → saved: ${ms.toFixed(1)} ms`);

    await page.reload();
    await page.waitForSelector('.guide[data-ready=yes]');
    expect(await page.textContent('#clause-title')).toBe('条目 2');
    expect(await page.isChecked('[data-testid=c-5]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-10]')).toBe(true);
    await page.keyboard.press('k');
    expect(await page.isChecked('[data-testid=c-10]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-5]')).toBe(true);

    // With the network cut, the change is kept on the device and said so in the auditor's
    // language, never the browser's; it is sent when the network is back (tests/offline.test.ts).
    await page.context().setOffline(true);
    await page.keyboard.press('j');
    await page.click('label:has([data-testid=f-5])');
    await expect.poll(saveState).toBe('local');
    const said = await page.textContent('[data-testid=save-state]');
    expect(said).toBe('已保存在本设备');
    expect(await page.textContent('[data-testid=waiting]')).toContain('1 项更改待发送');
    await page.context().setOffline(false);
    await page.click('label:has([data-testid=f-10])');
    await waitSaved();
    await page.waitForSelector('[data-testid=waiting]', { state: 'detached' });
  });

  it('the level in the panel changes when the last clauses are rated, and a conflict is shown, not overwritten', async () => {
    const auditor = await tokenOf(users.auditor.email, PASSWORD);
    const ratings = Array.from({ length: 168 }, (_, i) => i + 1)
      .filter((n) => n !== 3 && n !== 4)
      .map((clause) => ({ clause, c: 10, f: 10 }));
    expect(ratings).toHaveLength(166);
    const seeded = await call('PUT', `/api/assessments/${ids.assessment}/scores`, auditor, { ratings });
    expect(seeded.status).toBe(200);

    await openGuide(ids.assessment, 3);
    expect(await panelLevel()).toContain('L2');
    await page.keyboard.press('3');
    await page.keyboard.press('6');
    await waitSaved();
    await page.keyboard.press('j');
    await page.keyboard.press('3');
    await page.keyboard.press('6');
    await waitSaved();
    expect(await panelLevel()).toContain('L4');
    expect(await page.textContent('.panel')).toContain('3380');
    await shot('scoring-guide-1024x768', false);

    // Someone else changes clause 4 meanwhile: our next change is refused and theirs is shown.
    const stored = await call<{ ratings: { clause: number; version: number }[] }>(
      'GET',
      `/api/assessments/${ids.assessment}/scores`,
      auditor,
    );
    const version = stored.body.ratings.find((r) => r.clause === 4)?.version ?? 0;
    const theirs = await call('PUT', `/api/assessments/${ids.assessment}/scores/4`, auditor, {
      c: 5,
      f: 5,
      note: '另一位评审员',
      version,
    });
    expect(theirs.status).toBe(200);
    await page.keyboard.press('1');
    await page.waitForSelector('[data-testid=conflict]');
    expect(await page.textContent('[data-testid=conflict]')).toContain('另一位评审员');
    await shot('scoring-guide-conflict', false);
    await page.click('[data-testid=conflict] button');
    expect(await page.isChecked('[data-testid=c-5]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-5]')).toBe(true);
    expect(await panelLevel()).toContain('L2');
  });

  it('the overview shows points per domain, the criteria and the CSV export', async () => {
    await page.goto(`${base}/assessments/${ids.assessment}`);
    expect(await page.locator('.bars li').count()).toBe(5);
    expect(await page.textContent('[data-testid=overview-level]')).toContain('L2');
    const csv = await page.getAttribute('a[download]', 'href');
    const exported = await page.evaluate(async (href) => (await fetch(href ?? '')).text(), csv);
    expect(exported).toContain('clause,c_rate,f_rate');
    await shot('overview');
  });

  it('switches the language to English, then 繁體, and remembers it on the account', async () => {
    await page.goto(`${base}/assessments/${ids.assessment}/score`);
    await Promise.all([page.waitForNavigation(), page.selectOption('select[name=locale]', 'en')]);
    await page.waitForSelector('.guide[data-ready=yes]');
    expect(await page.textContent('.panel h2')).toBe('Eligibility (live)');
    expect(await page.textContent('#clause-title')).toMatch(/^Clause \d+$/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await shot('scoring-guide-en', false);
    await Promise.all([page.waitForNavigation(), page.selectOption('select[name=locale]', 'zh-Hant')]);
    expect(await page.textContent('.panel h2')).toBe('等級判定（即時）');
    await page.goto(`${base}/`);
    expect(await page.textContent('h1')).toBe('我的評估');
    const me = await call<{ locale: string }>('GET', '/api/me', await tokenOf(users.auditor.email, PASSWORD));
    expect(me.body.locale).toBe('zh-Hant');
  });

  it('a center user of another organization gets a not-found page, not the data, and can start a self-assessment', async () => {
    await signIn(users.outsider.email, PASSWORD);
    for (const path of [`/assessments/${ids.assessment}`, `/assessments/${ids.assessment}/score`]) {
      const response = await page.goto(`${base}${path}`);
      expect(response?.status()).toBe(404);
      const html = await page.content();
      expect(html).not.toContain('华南客服中心');
      expect(html).not.toContain('cc-cmm-oc@2017');
    }
    await page.goto(`${base}/`);
    await Promise.all([page.waitForURL(/\/score$/), page.click('form[action="?/startSelf"] button')]);
    await page.waitForSelector('.guide[data-ready=yes]');
    expect(await page.textContent('#clause-title')).toBe('条目 1');
  });
});
