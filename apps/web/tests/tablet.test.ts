// On site with a tablet or a phone, in Chromium with touch emulation against the real server: the
// scoring guide at 1024×768 and 768×1024 (a tablet) and 390×844 (a phone) puts the clause, its
// ratings and note first, the section list and the eligibility panel in drawers, every control a
// finger's height; a tap rates, a swipe moves to the next clause; clauses flagged to revisit
// filter the section list. axe-core finds nothing serious or critical on any main page, and
// every page fits a phone's width. Needs apps/web/build (scripts/build-web.mjs).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.ts';
import { type Product, results, root, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const AUDITOR = { email: 'auditor@example.com', name: '王评审' };
const PASSWORD = 'another long password';

const TABLET = { width: 1024, height: 768 };
const UPRIGHT = { width: 768, height: 1024 };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const SIZES = [
  { name: '1024x768', ...TABLET },
  { name: '768x1024', ...UPRIGHT },
  { name: '390x844', ...PHONE },
];

let product: Product;
let page: Page;
let base = '';
const ids = { org: '', assessment: '', decided: '', certificate: '' };
let adminToken = '';
let auditorToken = '';
const figures: Record<string, number> = {};

const guideUrl = (clause?: number) =>
  `${base}/assessments/${ids.assessment}/score${clause ? `?clause=${clause}` : ''}`;
const title = () => page.textContent('#clause-title');
const saveState = () => page.getAttribute('[data-testid=save-state]', 'data-state');
async function openGuide(clause?: number) {
  await page.goto(guideUrl(clause));
  await page.waitForSelector('.guide[data-ready=yes]');
}

/** What sticks out of the screen's width: the page itself, the clause and its rating controls. */
function overflow() {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width)
      out.push(`page ${document.documentElement.scrollWidth}`);
    const selectors = [
      '.clause',
      '.clause-head',
      '.rates',
      'fieldset',
      '.options',
      '.option',
      '.note textarea',
      '.moves',
    ];
    for (const selector of selectors)
      for (const el of document.querySelectorAll(selector)) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue;
        if (r.left < -0.5 || r.right > width + 0.5)
          out.push(`${selector} ${r.left.toFixed(0)}–${r.right.toFixed(0)}`);
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'auto')
          out.push(`${selector} scrolls ${el.scrollWidth}>${el.clientWidth}`);
      }
    return out;
  });
}

/** Visible controls in `scope` smaller than a finger (44 × 44 CSS px). */
function smallTargets(scope: string) {
  return page.evaluate((scope) => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(
      `${scope} :is(button:not(.link), label.option, textarea, select, a.button)`,
    )) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      if (r.height < 44 || r.width < 44)
        small.push(
          `${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.trim().slice(0, 20)}" ${r.width.toFixed(0)}×${r.height.toFixed(0)}`,
        );
    }
    return small;
  }, scope);
}

/** A finger drawn across the screen from one point to another (touch events, as a tablet sends). */
async function swipe(from: { x: number; y: number }, to: { x: number; y: number }) {
  const cdp = await page.context().newCDPSession(page);
  const steps = 6;
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [from] });
  for (let i = 1; i <= steps; i++) {
    const x = from.x + ((to.x - from.x) * i) / steps;
    const y = from.y + ((to.y - from.y) * i) / steps;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    await new Promise((resolve) => setTimeout(resolve, 16));
  }
  // The finger rests before it lifts: no fling left running to swallow the next tap.
  await new Promise((resolve) => setTimeout(resolve, 100));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [to] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

async function expectNoSeriousViolations(where: string) {
  const found = await seriousViolations(page);
  expect(found, `${where}: ${JSON.stringify(found, null, 1)}`).toEqual([]);
}

beforeAll(async () => {
  product = await startProduct({}, { viewport: TABLET, hasTouch: true, isMobile: true });
  ({ page, base } = product);
  const { call } = product;
  const setup = await call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
  expect(setup.status).toBe(201);
  adminToken = setup.body.token;
  const org = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
    name: '华南客服中心',
    operatingSince: '2015-03-01',
  });
  ids.org = org.body.id;
  const auditor = await call<{ id: string }>('POST', '/api/users', adminToken, {
    ...AUDITOR,
    password: PASSWORD,
    role: 'auditor',
  });
  expect(auditor.status).toBe(201);
  auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
  // The audit scored on the tablet, and an earlier one decided: a certificate for the certificate,
  // verification and directory pages.
  const other = await call<{ id: string }>('POST', '/api/organizations', adminToken, {
    name: '华东呼叫中心',
    operatingSince: '2010-06-01',
  });
  for (const [key, organizationId] of [
    ['decided', other.body.id],
    ['assessment', ids.org],
  ] as const) {
    const created = await product.startAssessment<{ id: string }>(adminToken, {
      organizationId,
      standard: 'cc-cmm-oc@2017',
      kind: 'certification',
    });
    expect(created.status).toBe(201);
    ids[key] = created.body.id;
    const assigned = await call('PUT', `/api/assessments/${created.body.id}/auditors`, adminToken, {
      userIds: [auditor.body.id],
    });
    expect(assigned.status).toBe(200);
  }
  const ratings = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: i < 3 ? 5 : 10 }));
  expect(
    (await call('PUT', `/api/assessments/${ids.decided}/scores`, auditorToken, { ratings })).status,
  ).toBe(200);
  expect((await call('POST', `/api/assessments/${ids.decided}/submit`, auditorToken)).status).toBe(200);
  const level = (
    await call<{ level: number }>('GET', `/api/assessments/${ids.decided}/eligibility`, adminToken)
  ).body.level;
  const decided = await call<{ certificate: { number: string } }>(
    'POST',
    `/api/assessments/${ids.decided}/decision`,
    adminToken,
    { outcome: 'certify', level, scope: '呼入客户服务' },
  );
  expect(decided.status).toBe(201);
  ids.certificate = decided.body.certificate.number;
  // Clauses 1–3 of the tablet's audit were rated before the visit.
  const before = [1, 2, 3].map((clause) => ({ clause, c: 5, f: 5 }));
  expect(
    (await call('PUT', `/api/assessments/${ids.assessment}/scores`, auditorToken, { ratings: before }))
      .status,
  ).toBe(200);
});

afterAll(async () => {
  writeFileSync(join(results, 'tablet-figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
  await product?.close();
});

describe('the scoring guide on a tablet and a phone', () => {
  it('the sign-in page has no serious accessibility violation, on a tablet and a phone', async () => {
    for (const size of [TABLET, PHONE]) {
      await page.setViewportSize(size);
      await page.goto(`${base}/login`);
      await expectNoSeriousViolations(`/login at ${size.width}`);
    }
    await page.setViewportSize(TABLET);
    await product.signIn(AUDITOR.email, PASSWORD);
  });

  it('at each size: the clause, ratings and note first and within the width; fingers fit every control', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await openGuide(4);
      expect(await title()).toBe('条目 4');
      // The clause comes first: its title is on the first screen, above the fold.
      const clauseTop = (await page.locator('#clause-title').boundingBox())?.y ?? 9999;
      expect(clauseTop, size.name).toBeLessThan(size.height / 2);
      // The section list and the panel are drawers, closed.
      expect(await page.isVisible('[data-testid=open-sections]')).toBe(true);
      expect(await page.isVisible('[data-testid=open-level]')).toBe(true);
      expect(await page.isVisible('nav.sections')).toBe(false);
      expect(await page.isVisible('aside.panel')).toBe(false);
      expect(await overflow(), size.name).toEqual([]);
      expect(await smallTargets('.clause'), size.name).toEqual([]);
      expect(await smallTargets('[data-testid=guide-bar]'), size.name).toEqual([]);
      // The camera button opens the device's camera (a file input that captures).
      expect(await page.getAttribute('[data-testid=evidence-photo]', 'capture')).toBe('environment');
      expect(await page.isVisible('[data-testid=evidence-camera]')).toBe(true);
      // Touch: the swipe hint instead of the keyboard's shortcuts.
      expect(await page.isVisible('.swipe')).toBe(true);
      expect(await page.isVisible('.keys')).toBe(false);
      await product.shot(`tablet-guide-${size.name}`, false);
      await expectNoSeriousViolations(`guide at ${size.name}`);
    }
  });

  it('on a desktop the guide keeps its three columns and no drawer bar', async () => {
    await page.setViewportSize(DESKTOP);
    await openGuide(4);
    expect(await page.isVisible('nav.sections')).toBe(true);
    expect(await page.isVisible('aside.panel')).toBe(true);
    expect(await page.isVisible('[data-testid=guide-bar]')).toBe(false);
    expect(await page.getAttribute('#sections', 'role')).toBeNull();
    const [nav, clause, panel] = await Promise.all(
      ['nav.sections', '.clause', 'aside.panel'].map((s) => page.locator(s).boundingBox()),
    );
    expect((nav?.x ?? 0) < (clause?.x ?? 0) && (clause?.x ?? 0) < (panel?.x ?? 0)).toBe(true);
    expect(await overflow()).toEqual([]);
    await product.shot('tablet-guide-1280x800', false);
  });

  it('on a tablet held sideways the previous/next buttons and the save status stay in view', async () => {
    await page.setViewportSize(TABLET);
    await openGuide(4);
    for (const scroll of ['top', 'bottom'] as const) {
      await page.evaluate((at) => window.scrollTo(0, at === 'top' ? 0 : document.body.scrollHeight), scroll);
      for (const selector of [
        '[data-testid=moves] button >> nth=0',
        '[data-testid=save-state]',
        '[data-testid=moves] button >> nth=1',
      ]) {
        const box = await page.locator(selector).boundingBox();
        expect(box, `${selector} at the ${scroll}`).not.toBeNull();
        expect(box?.y ?? -1, `${selector} at the ${scroll}`).toBeGreaterThanOrEqual(0);
        expect((box?.y ?? 9999) + (box?.height ?? 0), `${selector} at the ${scroll}`).toBeLessThanOrEqual(
          TABLET.height,
        );
      }
    }
    // The page is longer than the screen, so "stays in view" means something.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(TABLET.height);
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('the drawers open from their buttons, take focus, close with Escape, ✕ or a tap beside them', async () => {
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await openGuide(4);
      // Sections: opened by a tap, focus inside, Escape closes and focus returns to the button.
      await page.tap('[data-testid=open-sections]');
      await page.waitForSelector('[data-testid=drawer-sections][data-open=yes]');
      expect(await page.getAttribute('[data-testid=open-sections]', 'aria-expanded')).toBe('true');
      expect(await page.getAttribute('#sections', 'role')).toBe('dialog');
      expect(await page.getAttribute('#sections', 'aria-modal')).toBe('true');
      expect(await page.isVisible('nav.sections')).toBe(true);
      expect(
        await page.evaluate(() => document.querySelector('#sections')?.contains(document.activeElement)),
      ).toBe(true);
      // Tab stays inside the open drawer.
      for (let i = 0; i < 6; i++) await page.keyboard.press('Shift+Tab');
      expect(
        await page.evaluate(() => document.querySelector('#sections')?.contains(document.activeElement)),
      ).toBe(true);
      const box = await page.locator('#sections').boundingBox();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 9999) <= size.width).toBe(true);
      expect(await smallTargets('#sections'), size.name).toEqual([]);
      await product.shot(`tablet-sections-${size.name}`, false);
      await expectNoSeriousViolations(`sections drawer at ${size.name}`);
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid=drawer-sections][data-open=no]', { state: 'attached' });
      expect(await page.getAttribute('[data-testid=open-sections]', 'aria-expanded')).toBe('false');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'open-sections',
      );
      // Escape in the drawer did not leave the clause.
      expect(await title()).toBe('条目 4');

      // The eligibility panel: opened by a tap, closed by ✕, then by a tap on the page beside it.
      await page.tap('[data-testid=open-level]');
      await page.waitForSelector('[data-testid=drawer-level][data-open=yes]');
      expect(await page.isVisible('[data-testid=panel-level]')).toBe(true);
      // Its title once, in the drawer's header (the panel's own heading is for screen readers).
      expect(await page.textContent('#level .drawer-title')).toBe('等级判定（实时）');
      expect((await page.locator('#level #panel-title').boundingBox())?.height).toBeLessThanOrEqual(1);
      await product.shot(`tablet-level-${size.name}`, false);
      await expectNoSeriousViolations(`level drawer at ${size.name}`);
      await page.tap('#level .drawer-close');
      await page.waitForSelector('[data-testid=drawer-level][data-open=no]', { state: 'attached' });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'open-level',
      );
      await page.tap('[data-testid=open-level]');
      await page.waitForSelector('[data-testid=drawer-level][data-open=yes]');
      await page.tap('[data-testid=drawer-backdrop]', { position: { x: 10, y: size.height / 2 } });
      await page.waitForSelector('[data-testid=drawer-level][data-open=no]', { state: 'attached' });

      // A section chosen in the drawer opens its first clause and closes the drawer.
      await page.tap('[data-testid=open-sections]');
      await page.waitForSelector('[data-testid=drawer-sections][data-open=yes]');
      await page.locator('#sections button.section').nth(1).tap();
      await page.waitForSelector('[data-testid=drawer-sections][data-open=no]', { state: 'attached' });
      expect(await title()).not.toBe('条目 4');
    }
  });

  it('a tap rates; a swipe left moves to the next clause, right to the previous one', async () => {
    await page.setViewportSize(PHONE);
    await openGuide(5);
    // Tap → "saved", timed in the page from the touch to the status.
    await page.evaluate(() => {
      const w = window as unknown as { t0?: number; t1?: number };
      const status = document.querySelector('[data-testid=save-state]');
      document.addEventListener('touchstart', () => (w.t0 = performance.now()), {
        capture: true,
        once: true,
      });
      new MutationObserver(() => {
        if (w.t0 !== undefined && w.t1 === undefined && status?.getAttribute('data-state') === 'saved')
          w.t1 = performance.now();
      }).observe(status as Element, { attributes: true });
    });
    await page.tap('label:has([data-testid=c-10])');
    await expect.poll(() => page.evaluate(() => (window as unknown as { t1?: number }).t1)).toBeDefined();
    figures.tapToSavedOnlineMs = await page.evaluate(() => {
      const w = window as unknown as { t0: number; t1: number };
      return Math.round((w.t1 - w.t0) * 10) / 10;
    });
    await page.tap('label:has([data-testid=f-5])');
    await expect.poll(saveState).toBe('saved');
    expect(await page.isChecked('[data-testid=c-10]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-5]')).toBe(true);

    const box = await page.locator('.summary').boundingBox();
    const y = (box?.y ?? 200) + 10;
    await swipe({ x: 330, y }, { x: 60, y: y + 10 });
    await expect.poll(title).toBe('条目 6');
    await swipe({ x: 330, y }, { x: 60, y });
    await expect.poll(title).toBe('条目 7');
    await swipe({ x: 60, y }, { x: 330, y: y - 8 });
    await expect.poll(title).toBe('条目 6');
    // A scroll down the page is not a swipe, nor is a short nudge.
    await swipe({ x: 200, y: y + 200 }, { x: 150, y: y - 100 });
    await swipe({ x: 200, y }, { x: 170, y });
    expect(await title()).toBe('条目 6');
    // The URL follows the clause (a reload opens it).
    expect(new URL(page.url()).searchParams.get('clause')).toBe('6');

    // Offline, a tap is kept on the device at once and said so.
    await page.context().setOffline(true);
    await page.evaluate(() => {
      const w = window as unknown as { t2?: number; t3?: number };
      const status = document.querySelector('[data-testid=save-state]');
      document.addEventListener('touchstart', () => (w.t2 = performance.now()), {
        capture: true,
        once: true,
      });
      new MutationObserver(() => {
        if (w.t2 !== undefined && w.t3 === undefined && status?.getAttribute('data-state') === 'local')
          w.t3 = performance.now();
      }).observe(status as Element, { attributes: true });
    });
    await page.tap('label:has([data-testid=c-0])');
    await expect.poll(() => page.evaluate(() => (window as unknown as { t3?: number }).t3)).toBeDefined();
    figures.tapToSavedOnDeviceOfflineMs = await page.evaluate(() => {
      const w = window as unknown as { t2: number; t3: number };
      return Math.round((w.t3 - w.t2) * 10) / 10;
    });
    expect(await page.textContent('[data-testid=save-state]')).toBe('已保存在本设备');
    await page.context().setOffline(false);
    await expect.poll(saveState, { timeout: 30_000 }).toBe('saved');
    const stored = await product.call<{ ratings: { clause: number; c: number | null }[] }>(
      'GET',
      `/api/assessments/${ids.assessment}/scores`,
      auditorToken,
    );
    expect(stored.body.ratings.find((r) => r.clause === 6)?.c).toBe(0);
    expect(stored.body.ratings.find((r) => r.clause === 5)).toMatchObject({ c: 10 });
    console.log(
      `tap → saved (online): ${figures.tapToSavedOnlineMs} ms; tap → saved on this device (offline): ${figures.tapToSavedOnDeviceOfflineMs} ms`,
    );
  });

  it('a clause flagged to revisit: the section list shows the flagged and the unrated ones, kept after a reload', async () => {
    await page.setViewportSize(UPRIGHT);
    await openGuide(8);
    await page.tap('[data-testid=flag]');
    expect(await page.getAttribute('[data-testid=flag]', 'aria-pressed')).toBe('true');
    const at = ((await page.locator('.summary').boundingBox())?.y ?? 300) + 10;
    await swipe({ x: 600, y: at }, { x: 200, y: at });
    await expect.poll(title).toBe('条目 9');
    await page.tap('[data-testid=flag]');
    // Clause 2 was rated before the visit: flagged too.
    await openGuide(2);
    await page.tap('[data-testid=flag]');
    await page.reload();
    await page.waitForSelector('.guide[data-ready=yes]');
    expect(await page.getAttribute('[data-testid=flag]', 'aria-pressed')).toBe('true');

    await page.tap('[data-testid=open-sections]');
    await page.waitForSelector('[data-testid=drawer-sections][data-open=yes]');
    await page.tap('[data-testid=filter-flagged]');
    expect(await page.getAttribute('[data-testid=filter-flagged]', 'aria-pressed')).toBe('true');
    const flagged = await page.$$eval('[data-testid=filtered-clauses] button', (bs) =>
      bs.map((b) => Number(b.getAttribute('data-clause'))),
    );
    expect(flagged).toEqual([2, 8, 9]);
    expect(await page.textContent('[data-testid=filter-flagged]')).toBe('已标记 3');
    await product.shot('tablet-flagged-768x1024', false);
    await expectNoSeriousViolations('flagged filter');

    // Unrated: every clause but 1, 2, 3 (rated before the visit) and 5 (by tap above); clause 6
    // has its C-Rate only.
    await page.tap('[data-testid=filter-unrated]');
    const unrated = await page.$$eval('[data-testid=filtered-clauses] button', (bs) =>
      bs.map((b) => Number(b.getAttribute('data-clause'))),
    );
    expect(unrated).toHaveLength(168 - 4);
    expect(unrated.slice(0, 4)).toEqual([4, 6, 7, 8]);
    expect(unrated).not.toContain(5);
    expect(await page.textContent('[data-testid=filter-unrated]')).toBe(`未评 ${168 - 4}`);
    // A flagged and unrated clause says so in the list.
    expect(await page.textContent('[data-testid=filtered-clauses] button[data-clause="8"]')).toContain(
      '已标记',
    );

    // A clause from the list: the drawer closes on it; unflagging takes it off the list.
    await page.tap('[data-testid=filter-flagged]');
    await page.tap('[data-testid=filtered-clauses] button[data-clause="9"]');
    await page.waitForSelector('[data-testid=drawer-sections][data-open=no]', { state: 'attached' });
    expect(await title()).toBe('条目 9');
    await page.tap('[data-testid=flag]');
    expect(await page.getAttribute('[data-testid=flag]', 'aria-pressed')).toBe('false');
    await page.tap('[data-testid=open-sections]');
    expect(
      await page.$$eval('[data-testid=filtered-clauses] button', (bs) =>
        bs.map((b) => b.getAttribute('data-clause')),
      ),
    ).toEqual(['2', '8']);
    await page.tap('[data-testid=filter-all]');
    expect(await page.isVisible('#sections .domain')).toBe(true);
    await page.keyboard.press('Escape');
  });

  it('the scoring page’s JavaScript and the service worker, compressed', async () => {
    await page.setViewportSize(TABLET);
    await openGuide(1);
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.endsWith('.js')),
    );
    expect(scripts.length).toBeGreaterThan(0);
    const client = join(root, 'apps/web/build/client');
    const gzip = (path: string) => gzipSync(readFileSync(join(client, path))).length;
    figures.scoringPageJsGzipBytes = [...new Set(scripts)].reduce((sum, p) => sum + gzip(p), 0);
    figures.scoringPageJsFiles = new Set(scripts).size;
    figures.serviceWorkerGzipBytes = gzip('service-worker.js');
    console.log(
      `scoring page JS: ${figures.scoringPageJsFiles} files, ${(figures.scoringPageJsGzipBytes / 1024).toFixed(1)} KB gzip; service worker ${(figures.serviceWorkerGzipBytes / 1024).toFixed(1)} KB gzip`,
    );
    expect(figures.scoringPageJsGzipBytes).toBeLessThan(250 * 1024);
  });
});

describe('every main page: no serious accessibility violation, and a phone’s width', () => {
  const ADMIN_PAGES = () => [
    '/',
    '/organizations',
    `/organizations/${ids.org}`,
    '/users',
    '/outbox',
    '/benchmarks',
    '/benchmarks/trends',
    '/benchmarks/compare',
    '/benchmarks/self-vs-audit',
    '/kpis',
    '/kpis/cohort',
    '/kpis/targets',
    '/certificates',
    `/certificates/${ids.certificate}`,
    '/calibration',
    '/applications',
    '/complaints',
    '/findings',
    '/standards',
    '/standards/cc-cmm-oc@2017',
    '/notifications',
    '/account',
    `/assessments/${ids.assessment}`,
    `/assessments/${ids.decided}`,
  ];
  const PUBLIC_PAGES = () => [
    '/login',
    '/apply',
    '/forgot-password',
    '/verify',
    `/verify/${ids.certificate}`,
    '/directory',
  ];

  async function check(paths: string[], who: string) {
    for (const size of [DESKTOP, TABLET, PHONE]) {
      await page.setViewportSize(size);
      for (const path of paths) {
        const response = await page.goto(`${base}${path}`);
        expect(response?.status(), path).toBeLessThan(400);
        await expectNoSeriousViolations(`${who} ${path} at ${size.width}`);
        if (size === PHONE) {
          // Tables scroll inside their box; the page itself never sideways.
          const wide = await page.evaluate(() => document.documentElement.scrollWidth);
          if (wide > PHONE.width) await product.shot(`too-wide${path.replaceAll('/', '-')}`, false);
          expect(wide, `${path} at 390`).toBeLessThanOrEqual(PHONE.width);
        }
      }
    }
  }

  it('the public pages', async () => {
    await page.context().setOffline(false);
    await page.context().clearCookies();
    await check(PUBLIC_PAGES(), 'public');
    await page.setViewportSize(PHONE);
    await page.goto(`${base}/verify/${ids.certificate}`);
    await product.shot('verify-390', false);
  });

  it('the auditor’s pages', async () => {
    await page.setViewportSize(TABLET);
    await product.signIn(AUDITOR.email, PASSWORD);
    await check(
      ['/', `/assessments/${ids.assessment}`, `/assessments/${ids.assessment}/score`, '/findings'],
      'auditor',
    );
  });

  it('the body admin’s pages; on a phone the header folds into a menu', async () => {
    await page.setViewportSize(TABLET);
    await product.signIn(ADMIN.email, ADMIN.password);
    await check(ADMIN_PAGES(), 'admin');

    // The admin has the most links: in English on a tablet the account stays on the brand's line
    // and the links take the lines below (not four lines of header).
    await page.setViewportSize(TABLET);
    await page.goto(`${base}/certificates`);
    await page.selectOption('select[name=locale]', 'en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    const [brand, who, links] = await Promise.all(
      ['header .brand', 'header .who', 'header nav'].map((s) => page.locator(s).boundingBox()),
    );
    expect(Math.abs((who?.y ?? 999) - (brand?.y ?? 0))).toBeLessThan(16);
    expect(links?.y ?? 0).toBeGreaterThan((who?.y ?? 999) + (who?.height ?? 0) - 1);
    expect((await page.locator('header.top').boundingBox())?.height ?? 999).toBeLessThan(140);
    await product.shot('header-1024-en', false);
    await page.selectOption('select[name=locale]', 'zh-Hans');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-Hans');

    await page.setViewportSize(PHONE);
    await page.goto(`${base}/certificates`);
    expect(await page.isVisible('[data-testid=menu-toggle]')).toBe(true);
    expect(await page.isVisible('header nav')).toBe(false);
    const header = await page.locator('header.top').boundingBox();
    expect(header?.height ?? 999).toBeLessThan(80);
    await product.shot('header-390-closed', false);
    await page.tap('[data-testid=menu-toggle]');
    expect(await page.getAttribute('[data-testid=menu-toggle]', 'aria-expanded')).toBe('true');
    expect(await page.isVisible('header nav')).toBe(true);
    expect(await smallTargets('header nav')).toEqual([]);
    await product.shot('header-390-open', false);
    await expectNoSeriousViolations('menu open at 390');
    await page.keyboard.press('Escape');
    expect(await page.isVisible('header nav')).toBe(false);
    await page.tap('[data-testid=menu-toggle]');
    await Promise.all([
      page.waitForURL(`${base}/organizations`),
      page.tap('header nav a[href="/organizations"]'),
    ]);
    // The menu closes on the page it opened.
    expect(await page.isVisible('header nav')).toBe(false);
    await product.shot('organizations-390', false);
    await page.setViewportSize(TABLET);
  });
});
