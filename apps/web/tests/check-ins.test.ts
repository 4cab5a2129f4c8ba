// Presence on record in Chromium against the real server: the auditor checks in at the opening
// meeting with no network (the device's location and a photo), the check-in waits on the device
// and arrives once when the network is back, with the device's time and the server's; a check-out
// far from the center's site is flagged, and the certification body records why.
// Needs apps/web/build (scripts/build-web.mjs).
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, results, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const AUDITOR = { email: 'auditor@example.com', name: '王评审' };
const REVIEWER = { email: 'reviewer@example.com', name: '赵复核' };
const PASSWORD = 'another long password';

/** The center's registered site (Guangzhou Tianhe), a point in its building, and one in Shenzhen. */
const SITE = { siteLatitude: 23.1375, siteLongitude: 113.3295 };
const NEAR = { latitude: 23.1379, longitude: 113.33, accuracy: 20 };
const FAR = { latitude: 22.5431, longitude: 114.0579, accuracy: 30 };

/** A 1×1 PNG: the photo taken at the check-in. */
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

type CheckIn = {
  id: string;
  kind: 'in' | 'out';
  at: string;
  receivedAt: string;
  location: { latitude: number; longitude: number; accuracyM: number } | null;
  photo: { evidenceId: string; sha256: string } | null;
  distanceM: number | null;
  far: boolean;
  explanation: { text: string } | null;
};

let product: Product;
let page: Page;
let base = '';
let assessment = '';
let orgId = '';
let adminToken = '';

const overview = () => `${base}/assessments/${assessment}`;
const stored = async () =>
  (await product.call<CheckIn[]>('GET', `/api/assessments/${assessment}/check-ins`, adminToken)).body;
const waiting = async () => {
  const counter = page.locator('[data-testid=check-ins-waiting]');
  return (await counter.count()) > 0 ? Number(await counter.getAttribute('data-count')) : 0;
};

beforeAll(async () => {
  product = await startProduct();
  ({ page, base } = product);
  const setup = await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
  expect(setup.status).toBe(201);
  adminToken = setup.body.token;
  const org = await product.call<{ id: string }>('POST', '/api/organizations', adminToken, {
    name: '广州天河客服中心',
    operatingSince: '2015-03-01',
  });
  orgId = org.body.id;
  expect((await product.call('PATCH', `/api/organizations/${org.body.id}`, adminToken, SITE)).status).toBe(
    200,
  );
  const auditor = await product.call<{ id: string }>('POST', '/api/users', adminToken, {
    ...AUDITOR,
    password: PASSWORD,
    role: 'auditor',
  });
  const reviewer = await product.call('POST', '/api/users', adminToken, {
    ...REVIEWER,
    password: PASSWORD,
    role: 'cb_reviewer',
  });
  expect(reviewer.status).toBe(201);
  const created = await product.startAssessment<{ id: string }>(adminToken, {
    organizationId: org.body.id,
    standard: 'cc-cmm-oc@2017',
    kind: 'certification',
  });
  assessment = created.body.id;
  const assigned = await product.call('PUT', `/api/assessments/${assessment}/auditors`, adminToken, {
    userIds: [auditor.body.id],
  });
  expect(assigned.status).toBe(200);
  // The auditor allows the page the device's location.
  await product.context.grantPermissions(['geolocation'], { origin: base });
  await product.context.setGeolocation(NEAR);
});

afterAll(async () => product?.close());

describe('checking in on site', () => {
  it('offline, the check-in with location and photo is kept on the device and said so', async () => {
    await product.signIn(AUDITOR.email, PASSWORD);
    await page.goto(overview());
    await page.waitForSelector('[data-testid=check-ins]');
    expect(await page.textContent('[data-testid=check-ins]')).toContain('尚无签到记录');

    await page.context().setOffline(true);
    await page.setInputFiles('[data-testid=check-in-photo]', {
      name: 'opening.png',
      mimeType: 'image/png',
      buffer: PHOTO,
    });
    const tapped = Date.now();
    await page.click('[data-testid=check-in-in]');
    await page.waitForSelector('[data-testid=check-in-queued]');
    expect(await page.textContent('[data-testid=check-in-message]')).toBe('已保存在本设备');
    expect(await waiting()).toBe(1);
    expect(await page.textContent('[data-testid=check-ins-waiting]')).toContain('离线');
    const row = await page.textContent('[data-testid=check-in-queued]');
    expect(row).toContain('23.13790, 113.33000');
    expect(row).toContain('±20 m');

    // The closing meeting, still offline, from Shenzhen and without a photo.
    await product.context.setGeolocation(FAR);
    await page.click('[data-testid=check-in-out]');
    await expect.poll(waiting).toBe(2);
    await product.shot('check-ins-offline');
    expect(await stored()).toEqual([]);

    // Back online: each arrives once, in order, with the device's time and the server's.
    await page.context().setOffline(false);
    await page.waitForSelector('[data-testid=check-ins-waiting]', { state: 'detached', timeout: 60_000 });
    const list = await stored();
    expect(list.map((c) => c.kind)).toEqual(['in', 'out']);
    const [opening, closing] = list as [CheckIn, CheckIn];
    expect(new Date(opening.at).getTime()).toBeGreaterThanOrEqual(tapped - 1000);
    expect(new Date(opening.at).getTime()).toBeLessThan(new Date(opening.receivedAt).getTime());
    expect(opening).toMatchObject({
      location: { latitude: NEAR.latitude, longitude: NEAR.longitude, accuracyM: 20 },
      far: false,
      photo: { sha256: createHash('sha256').update(PHOTO).digest('hex') },
    });
    expect(opening.distanceM).toBeLessThan(200);
    expect(closing).toMatchObject({ far: true, photo: null, explanation: null });
    expect(closing.distanceM).toBeGreaterThan(90_000); // Tianhe to Futian: about 100 km
    // The photo is evidence of the audit, stored once.
    const evidence = await product.call<{ id: string; sha256: string }[]>(
      'GET',
      `/api/assessments/${assessment}/evidence`,
      adminToken,
    );
    expect(evidence.body.map((e) => e.id)).toEqual([opening.photo?.evidenceId]);

    // The page shows them as recorded, the far one flagged.
    await expect.poll(() => page.locator('[data-testid=check-in]').count()).toBe(2);
    expect(await page.getAttribute(`[data-testid=check-in][data-id="${closing.id}"]`, 'data-far')).toBe(
      'yes',
    );
    expect(await page.textContent('[data-testid=check-in-far]')).toBe('远离场所');
    // A reload shows the same two, sent once each.
    await page.reload();
    await page.waitForSelector('[data-testid=check-ins]');
    expect(await page.locator('[data-testid=check-in]').count()).toBe(2);
    expect(await stored()).toHaveLength(2);
  });

  it('the certification body records why the far check-out was far', async () => {
    await product.signIn(REVIEWER.email, PASSWORD);
    await page.goto(overview());
    await page.waitForSelector('[data-testid=check-in-far]');
    // The body does not check in.
    expect(await page.locator('[data-testid=check-in-in]').count()).toBe(0);
    await page.fill('[data-testid=explain-text]', '末次会议在深圳分中心召开，已附会议签到表。');
    await page.click('[data-testid=explain]');
    await page.waitForSelector('[data-testid=check-in-explanation]');
    expect(await page.textContent('[data-testid=check-in-explanation]')).toContain(
      '末次会议在深圳分中心召开，已附会议签到表。',
    );
    const closing = (await stored()).find((c) => c.kind === 'out');
    expect(closing?.explanation?.text).toBe('末次会议在深圳分中心召开，已附会议签到表。');
    await page
      .locator('[data-testid=check-ins]')
      .screenshot({ path: join(results, 'check-ins-explained.png') });
  });

  it('the body’s admin changes the site’s coordinates on the organization’s page', async () => {
    await product.signIn(ADMIN.email, ADMIN.password);
    await page.goto(`${base}/organizations/${orgId}`);
    expect(await page.inputValue('[data-testid=site-latitude]')).toBe(String(SITE.siteLatitude));
    await page.fill('[data-testid=site-latitude]', '23.14');
    await page.fill('[data-testid=site-longitude]', 'east');
    await page.click('[data-testid=site-coordinates] button[type=submit]');
    await page.waitForSelector('[data-testid=site-coordinates] [role=alert]');
    await page.fill('[data-testid=site-longitude]', '113.33');
    await page.click('[data-testid=site-coordinates] button[type=submit]');
    await page.waitForSelector('[data-testid=site-coordinates] [role=status]');
    const org = await product.call<{ siteLatitude: number; siteLongitude: number }>(
      'GET',
      `/api/organizations/${orgId}`,
      adminToken,
    );
    expect(org.body).toMatchObject({ siteLatitude: 23.14, siteLongitude: 113.33 });
  });
});
