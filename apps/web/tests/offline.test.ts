// The scoring guide with no network, in Chromium against the real server: the service worker
// keeps the guide, each change is kept on the device (IndexedDB) and said so at once, a reload
// with no network shows them, and back online each arrives once, in order, in the trail; a
// clause another device changed meanwhile is shown with both values until the auditor chooses.
// Needs apps/web/build (scripts/build-web.mjs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, results, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const AUDITOR = { email: 'auditor@example.com', name: '王评审' };
const PASSWORD = 'another long password';

type Rating = { clause: number; c: number | null; f: number | null; note: string | null; version: number };
type TrailEntry = { clause: number; new: { c: number | null; f: number | null; note: string | null } };

let product: Product;
let page: Page;
let base = '';
let assessment = '';
let auditorToken = '';

const guideUrl = (clause: number) => `${base}/assessments/${assessment}/score?clause=${clause}`;
const waiting = async () => Number((await page.getAttribute('[data-testid=waiting]', 'data-count')) ?? 0);
const title = () => page.textContent('#clause-title');
const stored = async () =>
  (await product.call<{ ratings: Rating[] }>('GET', `/api/assessments/${assessment}/scores`, auditorToken))
    .body.ratings;
const trail = async () =>
  (await product.call<TrailEntry[]>('GET', `/api/assessments/${assessment}/trail`, auditorToken)).body;
/** Another device of the team changes a clause through the API, based on what it last read. */
async function changedElsewhere(clause: number, c: number, f: number, note: string) {
  const version = (await stored()).find((r) => r.clause === clause)?.version ?? 0;
  const put = await product.call('PUT', `/api/assessments/${assessment}/scores/${clause}`, auditorToken, {
    c,
    f,
    note,
    version,
  });
  expect(put.status).toBe(200);
}

/** What the auditor rates with no network: C and F of clauses 1–10 (4 and 6 are changed elsewhere too). */
const OFFLINE: Record<number, [c: '1' | '2' | '3', f: '4' | '5' | '6']> = {
  1: ['3', '6'],
  2: ['2', '6'],
  3: ['3', '5'],
  4: ['3', '6'],
  5: ['1', '4'],
  6: ['2', '5'],
  7: ['3', '6'],
  8: ['2', '5'],
  9: ['3', '6'],
  10: ['3', '5'],
};
const VALUE = { '1': 0, '2': 5, '3': 10, '4': 0, '5': 5, '6': 10 } as const;
const NOTE = '排班表与实际在席人数一致，抽查 3 天。';

beforeAll(async () => {
  product = await startProduct();
  ({ page, base } = product);
  const setup = await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
  expect(setup.status).toBe(201);
  const admin = setup.body.token;
  const org = await product.call<{ id: string }>('POST', '/api/organizations', admin, {
    name: '华南客服中心',
    operatingSince: '2015-03-01',
  });
  const auditor = await product.call<{ id: string }>('POST', '/api/users', admin, {
    ...AUDITOR,
    password: PASSWORD,
    role: 'auditor',
  });
  expect(auditor.status).toBe(201);
  const created = await product.startAssessment<{ id: string }>(admin, {
    organizationId: org.body.id,
    standard: 'cc-cmm-oc@2017',
    kind: 'certification',
  });
  assessment = created.body.id;
  const assigned = await product.call('PUT', `/api/assessments/${assessment}/auditors`, admin, {
    userIds: [auditor.body.id],
  });
  expect(assigned.status).toBe(200);
  auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
  // Clause 4 was rated before the visit (version 1): the offline changes are based on it.
  await changedElsewhere(4, 5, 5, '开场会前已评');
});

afterAll(async () => product?.close());

describe('the scoring guide offline', () => {
  it('keeps the guide on the device once opened with a network', async () => {
    await product.signIn(AUDITOR.email, PASSWORD);
    await page.goto(guideUrl(1));
    await page.waitForSelector('.guide[data-ready=yes]');
    // The service worker installs (it keeps the app's files first), then controls the next
    // load of the guide, which it keeps on the device (the page asks it to).
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), {
        timeout: 90_000,
      })
      .toBe('activated');
    await page.reload();
    await page.waitForSelector('.guide[data-ready=yes]');
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.state)).toBe('activated');
    await expect
      .poll(() => page.evaluate(async () => (await caches.match(location.pathname)) !== undefined), {
        timeout: 90_000,
      })
      .toBe(true);
  });

  it('with no network each change is kept on the device at once, and a reload shows them', async () => {
    // The send the guide starts when it opens is over first: a send under way could pick up the
    // first change and put it on a wire the emulation does not cut (the page is a service
    // worker's client). A network that drops mid-send is the retry's case (sync.ts: a 409 with
    // the same values counts as arrived), not this test's.
    await page.waitForSelector('.guide[data-ready=yes][data-syncing=no]');
    await page.context().setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    for (const [clause, [c, f]] of Object.entries(OFFLINE)) {
      if (clause !== '1') await page.keyboard.press('j');
      expect(await title()).toBe(`条目 ${clause}`);
      await page.keyboard.press(c);
      await page.keyboard.press(f);
      if (clause === '3') {
        await page.fill('.note textarea', NOTE);
        await page.locator('.note textarea').blur();
      }
    }
    // 10 clauses × (C, F) and the note: 21 changes wait, said in the auditor's language.
    await expect.poll(waiting).toBe(21);
    expect(await page.getAttribute('[data-testid=save-state]', 'data-state')).toBe('local');
    expect(await page.textContent('[data-testid=save-state]')).toBe('已保存在本设备');
    expect(await page.textContent('[data-testid=waiting]')).toContain('21 项更改待发送');
    expect(await page.textContent('[data-testid=waiting]')).toContain('离线');
    await product.shot('offline-waiting', false);

    // Time from a tap to "saved on this device", measured in the page.
    await page.keyboard.press('j');
    expect(await title()).toBe('条目 11');
    const before = await waiting();
    await page.evaluate((count) => {
      const w = window as unknown as { t0?: number; t1?: number };
      const counter = document.querySelector('[data-testid=waiting]');
      document.addEventListener('click', () => (w.t0 = performance.now()), { capture: true, once: true });
      new MutationObserver(() => {
        if (w.t0 !== undefined && w.t1 === undefined && Number(counter?.getAttribute('data-count')) > count)
          w.t1 = performance.now();
      }).observe(counter as Element, { attributes: true });
    }, before);
    await page.click('label:has([data-testid=c-5])');
    await expect.poll(() => page.evaluate(() => (window as unknown as { t1?: number }).t1)).toBeDefined();
    const ms = await page.evaluate(() => {
      const w = window as unknown as { t0: number; t1: number };
      return w.t1 - w.t0;
    });
    writeFileSync(
      join(results, 'timing-offline.json'),
      `${JSON.stringify({ tapToSavedOnDeviceMs: ms }, null, 2)}\n`,
    );
    console.log(`rating tap → saved on this device (offline): ${ms.toFixed(1)} ms`);
    expect(await waiting()).toBe(22);

    // Meanwhile another device changes clauses 4 and 6 through the API.
    await changedElsewhere(4, 0, 5, '另一台设备：现场未见记录');
    await changedElsewhere(6, 10, 10, '另一台设备：已核对');

    // A reload with no network: the page comes from the service worker's copy (made before the
    // other device's change, which it does not know), the changes from IndexedDB.
    const reloaded = await page.goto(guideUrl(3));
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await page.waitForSelector('.guide[data-ready=yes]');
    expect(await page.content()).not.toContain('另一台设备');
    expect(await title()).toBe('条目 3');
    expect(await page.isChecked('[data-testid=c-10]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-5]')).toBe(true);
    expect(await page.inputValue('.note textarea')).toBe(NOTE);
    expect(await waiting()).toBe(22);
    expect(await page.textContent('[data-testid=save-state]')).toBe('已保存在本设备');
    expect(await page.textContent('.overall .count')).toBe('10/168');
    await page.keyboard.press('k');
    expect(await page.isChecked('[data-testid=c-5]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-10]')).toBe(true);
    await product.shot('offline-reloaded', false);

    // Another tab is opened and this one closed, still offline: nothing is lost.
    const closed = page;
    page = await closed.context().newPage();
    page.setDefaultTimeout(90_000);
    await closed.close();
    await page.goto(guideUrl(10));
    await page.waitForSelector('.guide[data-ready=yes]');
    expect(await page.isChecked('[data-testid=c-10]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-5]')).toBe(true);
    expect(await waiting()).toBe(22);
    // Nothing reached the server.
    expect((await stored()).map((r) => r.clause).sort((a, b) => a - b)).toEqual([4, 6]);
  });

  it('a session that ended offline keeps the changes; they are sent after sign-in', async () => {
    await page.context().clearCookies();
    await page.context().setOffline(false);
    await page.waitForSelector('[data-testid=waiting] a[href="/login"]');
    expect(await page.textContent('[data-testid=waiting]')).toContain('登录已过期');
    expect(await waiting()).toBe(22);
    expect((await stored()).map((r) => r.clause).sort((a, b) => a - b)).toEqual([4, 6]);
    await page.click('[data-testid=waiting] a[href="/login"]');
    await page.fill('input[name=email]', AUDITOR.email);
    await page.fill('input[name=password]', PASSWORD);
    await Promise.all([
      page.waitForURL(`${base}/`),
      page.click('form:has(input[name=password]) button[type=submit]'),
    ]);
    await page.goto(guideUrl(1));
    await page.waitForSelector('.guide[data-ready=yes]');
  });

  it('back online the changes arrive once each, in order; the clauses changed elsewhere wait for the auditor', async () => {
    // Clauses 4 and 6 (two changes each) wait behind their conflicts; the rest arrives.
    await expect.poll(waiting, { timeout: 60_000 }).toBe(4);
    const ratings = new Map((await stored()).map((r) => [r.clause, r]));
    for (const [clause, [c, f]] of Object.entries(OFFLINE)) {
      const n = Number(clause);
      if (n === 4 || n === 6) continue;
      expect(ratings.get(n), `clause ${n}`).toMatchObject({ c: VALUE[c], f: VALUE[f] });
    }
    expect(ratings.get(3)?.note).toBe(NOTE);
    expect(ratings.get(11)).toMatchObject({ c: 5, f: null });
    expect(ratings.get(4)).toMatchObject({ c: 0, f: 5 });
    expect(ratings.get(6)).toMatchObject({ c: 10, f: 10 });
    // The trail has each change once, in the order it was made: C, then F (then the note).
    const entries = await trail();
    for (const clause of [1, 2, 5, 7, 8, 9, 10]) {
      const [c, f] = OFFLINE[clause] ?? ['1', '4'];
      expect(
        entries.filter((e) => e.clause === clause).map((e) => [e.new.c, e.new.f]),
        `clause ${clause}`,
      ).toEqual([
        [VALUE[c], null],
        [VALUE[c], VALUE[f]],
      ]);
    }
    expect(entries.filter((e) => e.clause === 3).map((e) => e.new)).toEqual([
      { c: 10, f: null, note: null },
      { c: 10, f: 5, note: null },
      { c: 10, f: 5, note: NOTE },
    ]);
    expect(entries.filter((e) => e.clause === 11)).toHaveLength(1);
    expect(entries.filter((e) => e.clause === 4)).toHaveLength(2); // before the visit, and elsewhere
    expect(entries.filter((e) => e.clause === 6)).toHaveLength(1); // elsewhere

    // Clause 4: theirs and the auditor's side by side, kept across a reload until chosen.
    await page.goto(guideUrl(4));
    await page.waitForSelector('[data-testid=conflict]');
    const shown = await page.textContent('[data-testid=conflict]');
    expect(shown).toContain('C-Rate 0，F-Rate 5');
    expect(shown).toContain('另一台设备：现场未见记录');
    expect(await page.textContent('[data-testid=conflict-mine]')).toContain('C-Rate 10，F-Rate 10');
    expect(await page.isChecked('[data-testid=c-10]')).toBe(true);
    await page.screenshot({ path: join(results, 'offline-conflict.png') });
    await page.click('[data-testid=conflict-keep]');
    await expect.poll(waiting).toBe(2);
    await page.waitForSelector('[data-testid=conflict]', { state: 'detached' });

    // Clause 6: the auditor takes the other device's rating; theirs stays, ours is gone.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    expect(await title()).toBe('条目 6');
    await page.waitForSelector('[data-testid=conflict]');
    expect(await page.textContent('[data-testid=conflict-mine]')).toContain('C-Rate 5，F-Rate 5');
    await page.click('[data-testid=conflict-theirs]');
    await page.waitForSelector('[data-testid=waiting]', { state: 'detached' });
    expect(await page.isChecked('[data-testid=c-10]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-10]')).toBe(true);

    const after = new Map((await stored()).map((r) => [r.clause, r]));
    expect(after.get(4)).toMatchObject({ c: 10, f: 10 });
    expect(after.get(6)).toMatchObject({ c: 10, f: 10, note: '另一台设备：已核对' });
    const final = await trail();
    expect(final.filter((e) => e.clause === 4).map((e) => [e.new.c, e.new.f])).toEqual([
      [5, 5],
      [0, 5],
      [10, 10],
    ]);
    expect(final.filter((e) => e.clause === 6)).toHaveLength(1);
    expect(final).toHaveLength(entries.length + 1);
  });
});
