// The whole browser closed while offline with a queue (a check-in, ratings, a finding, an
// evidence photo), a new browser started on the same user data directory, the network back:
// nothing lost, each arrives once, the trail has each change, the photo is stored once.
// Needs apps/web/build (scripts/build-web.mjs).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const AUDITOR = { email: 'auditor@example.com', name: '王评审' };
const PASSWORD = 'another long password';
const STATEMENT = '条款 1 要求年度战略规划；现场未见 2026 年规划的批准记录。';

/** A small PNG, distinct from the check-in's: the evidence photo of clause 2. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PHOTO = Buffer.concat([PNG, Buffer.from([7])]);
const SELFIE = Buffer.concat([PNG, Buffer.from([8])]);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let product: Product;
let base = '';
let assessment = '';
let token = '';

const page = () => product.page;
const guideUrl = (clause: number) => `${base}/assessments/${assessment}/score?clause=${clause}`;
const waiting = async () => {
  const counter = page().locator('[data-testid=waiting]');
  return (await counter.count()) > 0 ? Number(await counter.getAttribute('data-count')) : 0;
};
const get = async <T>(path: string) =>
  (await product.call<T>('GET', `/api/assessments/${assessment}${path}`, token)).body;

beforeAll(async () => {
  product = await startProduct();
  base = product.base;
  const setup = await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
  expect(setup.status).toBe(201);
  const admin = setup.body.token;
  const org = await product.call<{ id: string }>('POST', '/api/organizations', admin, {
    name: '华南客服中心',
    operatingSince: '2015-03-01',
  });
  expect(org.status).toBe(201);
  const auditor = await product.call<{ id: string }>('POST', '/api/users', admin, {
    ...AUDITOR,
    password: PASSWORD,
    role: 'auditor',
  });
  const created = await product.startAssessment<{ id: string }>(admin, {
    organizationId: org.body.id,
    standard: 'cc-cmm-oc@2017',
    kind: 'certification',
  });
  assessment = created.body.id;
  expect(
    (
      await product.call('PUT', `/api/assessments/${assessment}/auditors`, admin, {
        userIds: [auditor.body.id],
      })
    ).status,
  ).toBe(200);
  token = await product.tokenOf(AUDITOR.email, PASSWORD);
});

afterAll(async () => product?.close());

describe('the browser killed while offline', () => {
  it('keeps a check-in, ratings, a finding and a photo on the device', async () => {
    await product.signIn(AUDITOR.email, PASSWORD);
    // With a network: the guide is kept on the device by the service worker.
    await page().goto(guideUrl(1));
    await page().waitForSelector('.guide[data-ready=yes]');
    await expect
      .poll(() => page().evaluate(async () => (await navigator.serviceWorker.ready).active?.state), {
        timeout: 90_000,
      })
      .toBe('activated');
    await page().reload();
    await page().waitForSelector('.guide[data-ready=yes]');
    await expect
      .poll(() => page().evaluate(async () => (await caches.match(location.pathname)) !== undefined), {
        timeout: 90_000,
      })
      .toBe(true);
    await page().goto(`${base}/assessments/${assessment}`);
    await page().waitForSelector('[data-testid=check-ins]');

    await page().context().setOffline(true);
    // The opening meeting's check-in (no location: the page was not allowed it).
    await page().uncheck('[data-testid=check-in-location]');
    await page().setInputFiles('[data-testid=check-in-photo]', {
      name: 'opening.png',
      mimeType: 'image/png',
      buffer: SELFIE,
    });
    await page().click('[data-testid=check-in-in]');
    await page().waitForSelector('[data-testid=check-in-queued]');

    // The guide, from the device: two clauses rated, a finding, a photo.
    await page().goto(guideUrl(1));
    await page().waitForSelector('.guide[data-ready=yes]');
    await page().keyboard.press('3');
    await page().keyboard.press('6');
    await page().click('[data-testid=record-finding]');
    await page().fill('[data-testid=finding-form] textarea', STATEMENT);
    await page().selectOption('[data-testid=finding-form] select', 'minor');
    await page().click('[data-testid=finding-form] button[type=submit]');
    await page().waitForSelector('[data-testid=finding-queued]');
    await page().keyboard.press('j');
    await page().keyboard.press('2');
    await page().keyboard.press('5');
    await page().setInputFiles('[data-testid=evidence-file]', {
      name: 'floor.png',
      mimeType: 'image/png',
      buffer: PHOTO,
    });
    await page().waitForSelector('[data-testid=evidence-queued]');
    // 4 rating changes, the finding, the photo and the check-in.
    await expect.poll(waiting).toBe(7);
    expect(await page().textContent('[data-testid=save-state]')).toBe('已保存在本设备');
    await product.shot('offline-restart-queue', false);
    expect(await get<unknown[]>('/check-ins')).toEqual([]);
    expect(await get<unknown[]>('/findings')).toEqual([]);
  });

  it('a new browser on the same profile, back online, sends each once', async () => {
    await product.relaunch();
    // The new browser has the network. Signed out (a session cookie does not outlive the
    // browser) or not, the queue waits for its author.
    await page().goto(guideUrl(2));
    if (page().url().includes('/login')) {
      await page().fill('input[name=email]', AUDITOR.email);
      await page().fill('input[name=password]', PASSWORD);
      await Promise.all([page().waitForURL(/\/$/), page().click('form button[type=submit]')]);
      await page().goto(guideUrl(2));
    }
    await page().waitForSelector('.guide[data-ready=yes]');
    await page().waitForSelector('[data-testid=waiting]', { state: 'detached', timeout: 90_000 });

    const ratings = (await get<{ ratings: { clause: number; c: number; f: number }[] }>('/scores')).ratings;
    expect(ratings.map(({ clause, c, f }) => ({ clause, c, f }))).toEqual([
      { clause: 1, c: 10, f: 10 },
      { clause: 2, c: 5, f: 5 },
    ]);
    const trail = await get<{ clause: number }[]>('/trail');
    expect(trail.map((e) => e.clause)).toEqual([1, 1, 2, 2]);
    const findings = await get<{ kind: string; clauses: number[]; statement: string }[]>('/findings');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'minor', clauses: [1], statement: STATEMENT });
    const evidence = await get<{ sha256: string; clauses: number[] }[]>('/evidence');
    expect(evidence.map((e) => e.sha256).sort()).toEqual([sha256(PHOTO), sha256(SELFIE)].sort());
    expect(evidence.find((e) => e.sha256 === sha256(PHOTO))?.clauses).toEqual([2]);
    const checkIns = await get<{ kind: string; photo: { sha256: string } | null }[]>('/check-ins');
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]).toMatchObject({ kind: 'in', photo: { sha256: sha256(SELFIE) } });
    // The guide lists them as recorded now.
    await page().waitForSelector('[data-testid=evidence-item]');
    expect(await page().locator('[data-testid=evidence-queued]').count()).toBe(0);
  });
});
