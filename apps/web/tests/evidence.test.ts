// Evidence in the scoring guide, in Chromium against the real server: upload with the file
// picker and by drag-and-drop, thumbnails that really render, a refused file's message in the
// user's language, delete, the keyboard, and a read-only center user. Needs apps/web/build.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Product, results, startProduct } from './harness.ts';

const ADMIN = { email: 'admin@example.com', password: 'a long password', name: '林管理' };
const AUDITOR = { email: 'auditor@example.com', name: '王评审' };
const CENTER = { email: 'center@example.com', name: '陈中心' };
const PASSWORD = 'another long password';
const CLAUSE = 5;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
/** A valid RGB PNG: a gradient, so the thumbnail shows something. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = Math.round((x / width) * 255);
      raw[row + 2 + x * 3] = Math.round((y / height) * 200) + 40;
      raw[row + 3 + x * 3] = 180;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

let product: Product;
let page: Page;
let base = '';
let tmp = '';
const PNG = png(64, 48);
const ids = { org: '', assessment: '', auditor: '' };
let auditorToken = '';

type Listed = { id: string; kind: string; fileName: string | null; clauses: number[] };
const listed = async () =>
  (
    await product.call<Listed[]>(
      'GET',
      `/api/assessments/${ids.assessment}/evidence?clause=${CLAUSE}`,
      auditorToken,
    )
  ).body;
const thumbs = () =>
  page.$$eval('[data-testid=evidence-thumb]', (imgs) =>
    (imgs as HTMLImageElement[]).map((i) => (i.complete ? i.naturalWidth : 0)),
  );
const items = () => page.locator('[data-testid=evidence-item]').count();

async function openGuide(clause: number) {
  await page.goto(`${base}/assessments/${ids.assessment}/score?clause=${clause}`);
  await page.waitForSelector('.guide[data-ready=yes]');
  await page.waitForSelector('[data-testid=evidence][data-loading=no]');
}

beforeAll(async () => {
  product = await startProduct();
  ({ page, base } = product);
  tmp = mkdtempSync(join(tmpdir(), 'ccmm-evidence-'));
  writeFileSync(join(tmp, 'board.png'), PNG);

  const setup = await product.call<{ token: string }>('POST', '/api/setup', undefined, ADMIN);
  expect(setup.status).toBe(201);
  const admin = setup.body.token;
  const org = await product.call<{ id: string }>('POST', '/api/organizations', admin, {
    name: '华南客服中心',
    operatingSince: '2015-03-01',
  });
  ids.org = org.body.id;
  const create = (u: { email: string; name: string }, role: string, organizationId?: string) =>
    product.call<{ id: string }>('POST', '/api/users', admin, {
      ...u,
      password: PASSWORD,
      role,
      organizationId,
    });
  ids.auditor = (await create(AUDITOR, 'auditor')).body.id;
  expect((await create(CENTER, 'center_admin', ids.org)).status).toBe(201);
  const assessment = await product.startAssessment<{ id: string }>(admin, {
    organizationId: ids.org,
    standard: 'cc-cmm-oc@2017',
    kind: 'certification',
  });
  ids.assessment = assessment.body.id;
  expect(
    (
      await product.call('PUT', `/api/assessments/${ids.assessment}/auditors`, admin, {
        userIds: [ids.auditor],
      })
    ).status,
  ).toBe(200);
  auditorToken = await product.tokenOf(AUDITOR.email, PASSWORD);
});

afterAll(async () => {
  await product?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('evidence in the scoring guide', () => {
  it('the auditor uploads a PNG with the file picker and its thumbnail renders', async () => {
    await product.signIn(AUDITOR.email, PASSWORD);
    await openGuide(CLAUSE);
    expect(await page.textContent('#clause-title')).toBe(`条目 ${CLAUSE}`);
    expect(await page.textContent('#evidence-title')).toContain('本条目的证据');
    expect(await items()).toBe(0);

    // Time from choosing the file to its thumbnail shown (the image loaded), measured in the page.
    await page.evaluate(() => {
      const w = window as unknown as { tPick?: number; tShown?: number };
      document.addEventListener('change', () => (w.tPick = performance.now()), { capture: true, once: true });
      document.addEventListener(
        'load',
        (event) => {
          const target = event.target as Element;
          if (w.tShown === undefined && target.matches?.('[data-testid=evidence-thumb]'))
            w.tShown = performance.now();
        },
        { capture: true },
      );
    });
    await page.fill('[data-testid=evidence-caption]', '前台公告板');
    await page.setInputFiles('[data-testid=evidence-file]', join(tmp, 'board.png'));
    await expect.poll(thumbs).toEqual([64]);
    const ms = await page.evaluate(() => {
      const w = window as unknown as { tPick: number; tShown: number };
      return w.tShown - w.tPick;
    });
    console.log(`file chosen → thumbnail shown: ${ms.toFixed(1)} ms`);
    writeFileSync(
      join(results, 'evidence-timing.json'),
      `${JSON.stringify({ chosenToThumbnailMs: ms }, null, 2)}\n`,
    );
    expect(await page.inputValue('[data-testid=evidence-caption]')).toBe('');
    expect(await page.getAttribute('[data-testid=evidence-item] a', 'href')).toMatch(
      new RegExp(`/api/assessments/${ids.assessment}/evidence/[0-9a-f-]+/content$`),
    );
    const stored = await listed();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: 'file', fileName: 'board.png', clauses: [CLAUSE] });
  });

  it('a PNG dropped on the drop zone is uploaded too, with the zone highlighted while dragging', async () => {
    const transfer = await page.evaluateHandle((b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
      return dt;
    }, PNG.toString('base64'));
    const zone = '[data-testid=evidence-drop]';
    await page.dispatchEvent(zone, 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent(zone, 'dragover', { dataTransfer: transfer });
    expect(await page.getAttribute(zone, 'data-dragging')).toBe('yes');
    expect(await page.textContent(zone)).toContain('松开即可上传');
    await page.locator('[data-testid=evidence]').scrollIntoViewIfNeeded();
    await product.shot('evidence-dragging', false);
    await page.dispatchEvent(zone, 'drop', { dataTransfer: transfer });
    await expect.poll(thumbs).toEqual([64, 64]);
    expect(await page.getAttribute(zone, 'data-dragging')).toBe('no');
    // A dropped file is kept on the device first: on the server a moment after its thumbnail shows.
    await expect
      .poll(async () => (await listed()).map((e) => e.fileName))
      .toEqual(['board.png', 'dropped.png']);
  });

  it('a file that is not what its name says is refused with the API’s message in Chinese, and nothing is added', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
    await page.setInputFiles('[data-testid=evidence-file]', {
      name: 'photo.png',
      mimeType: 'image/png',
      buffer: elf,
    });
    const alert = page.locator('[data-testid=evidence-error][role=alert]');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toContain('photo.png');
    expect(text).toContain('不接受此类文件');
    // It is next to the drop zone, in the evidence area.
    expect(await page.locator('[data-testid=evidence] [data-testid=evidence-error]').count()).toBe(1);
    expect(await items()).toBe(2);
    expect(await listed()).toHaveLength(2);
    await alert.scrollIntoViewIfNeeded();
    await product.shot('evidence-error', false);
  });

  it('shows other files with an icon, name, type and size, and notes and links; the guide at 1024×768', async () => {
    await page.setInputFiles('[data-testid=evidence-file]', {
      name: '现场检查清单.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('现场检查清单\n1. 年度计划文件\n2. 部门计划\n'),
    });
    await page.waitForSelector('[data-testid=evidence-item] .file:has-text("现场检查清单.txt")');
    expect(await page.textContent('[data-testid=evidence-item]:has-text("现场检查清单.txt")')).toMatch(
      /TXT · \d+ B/,
    );
    // The refusal is cleared by the next upload.
    expect(await page.locator('[data-testid=evidence-error]').count()).toBe(0);
    const notes = `/api/assessments/${ids.assessment}/evidence/notes`;
    expect(
      (
        await product.call('POST', notes, auditorToken, {
          kind: 'note',
          text: '访谈部门经理：年度计划每年 12 月编制，已抽查 2024 年版本。',
          clauses: [CLAUSE],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await product.call('POST', notes, auditorToken, {
          kind: 'link',
          url: 'https://intranet.example.com/plans/2024',
          caption: '内网计划页',
          clauses: [CLAUSE],
        })
      ).status,
    ).toBe(201);
    await openGuide(CLAUSE);
    expect(await items()).toBe(5);
    await expect.poll(thumbs).toEqual([64, 64]);
    expect(await page.textContent('[data-testid=evidence-list]')).toContain('访谈部门经理');
    expect(await page.getAttribute('[data-testid=evidence-item] a[target=_blank]', 'href')).toBe(
      'https://intranet.example.com/plans/2024',
    );
    // At 1024×768 the rating controls stay on screen above the evidence strip.
    const box = await page.locator('[data-testid=f-10]').locator('..').boundingBox();
    expect((box?.y ?? 999) + (box?.height ?? 0)).toBeLessThan(768);
    const area = await page.locator('[data-testid=evidence]').boundingBox();
    expect(area?.height ?? 999).toBeLessThan(140);
    await product.shot('evidence-guide-1024x768', false);
    await page.locator('.moves').scrollIntoViewIfNeeded();
    await product.shot('evidence-guide-1024x768-scrolled', false);
  });

  it('the drop zone’s button is reached by Tab, and the shortcut keys still work but not while typing a caption', async () => {
    await page.focus('textarea');
    let reached = false;
    for (let i = 0; i < 6 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') === 'evidence-choose',
      );
    }
    expect(reached).toBe(true);
    await page.focus('[data-testid=evidence-caption]');
    await page.keyboard.type('123');
    expect(await page.inputValue('[data-testid=evidence-caption]')).toBe('123');
    expect(await page.isChecked('[data-testid=c-0]')).toBe(false);
    await page.fill('[data-testid=evidence-caption]', '');
    await page.focus('[data-testid=evidence-choose]');
    await page.keyboard.press('3');
    await page.keyboard.press('6');
    await page.waitForSelector('[data-testid=save-state][data-state=saved]');
    expect(await page.isChecked('[data-testid=c-10]')).toBe(true);
    expect(await page.isChecked('[data-testid=f-10]')).toBe(true);
    await page.keyboard.press('j');
    expect(await page.textContent('#clause-title')).toBe(`条目 ${CLAUSE + 1}`);
    await page.waitForSelector('[data-testid=evidence][data-loading=no]');
    expect(await items()).toBe(0);
    await page.keyboard.press('k');
    await page.waitForSelector('[data-testid=evidence][data-loading=no]');
    expect(await items()).toBe(5);
  });

  it('deletes an item after a confirmation', async () => {
    const before = await listed();
    const target = before.find((e) => e.fileName === 'dropped.png');
    expect(target).toBeDefined();
    page.once('dialog', (dialog) => dialog.dismiss());
    await page.click(`[data-testid=evidence-item][data-id="${target?.id}"] [data-testid=evidence-delete]`);
    expect(await listed()).toHaveLength(5);
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('dropped.png');
      return dialog.accept();
    });
    await page.click(`[data-testid=evidence-item][data-id="${target?.id}"] [data-testid=evidence-delete]`);
    await expect.poll(items).toBe(4);
    const after = await listed();
    expect(after).toHaveLength(4);
    expect(after.some((e) => e.id === target?.id)).toBe(false);
    await expect.poll(thumbs).toEqual([64]);
  });

  it('the audited center sees none of the audit in progress: the guide leads to the overview, which says why', async () => {
    await product.signIn(CENTER.email, PASSWORD);
    await page.goto(`${base}/assessments/${ids.assessment}/score?clause=${CLAUSE}`);
    await page.waitForURL(`${base}/assessments/${ids.assessment}`);
    expect(await page.textContent('[data-testid=sealed]')).toContain('提交审核后');
    for (const hidden of ['overview-total', 'overview-level', 'report-pdf', 'export-xlsx']) {
      expect(await page.locator(`[data-testid=${hidden}]`).count(), hidden).toBe(0);
    }
    await product.shot('audit-sealed-center', false);
  });

  it('once the audit is submitted, a center user of the organization sees its evidence, without add or delete', async () => {
    const all = Array.from({ length: 168 }, (_, i) => ({ clause: i + 1, c: 10, f: 10 }));
    expect(
      (await product.call('PUT', `/api/assessments/${ids.assessment}/scores`, auditorToken, { ratings: all }))
        .status,
    ).toBe(200);
    expect(
      (await product.call('POST', `/api/assessments/${ids.assessment}/submit`, auditorToken)).status,
    ).toBe(200);
    await product.signIn(CENTER.email, PASSWORD);
    await openGuide(CLAUSE);
    expect(await page.textContent('.readonly')).toBeTruthy();
    expect(await items()).toBe(4);
    await expect.poll(thumbs).toEqual([64]);
    for (const control of [
      'evidence-drop',
      'evidence-file',
      'evidence-photo',
      'evidence-caption',
      'evidence-delete',
    ]) {
      expect(await page.locator(`[data-testid=${control}]`).count(), control).toBe(0);
    }
    await page.locator('.moves').scrollIntoViewIfNeeded();
    await product.shot('evidence-read-only', false);
  });
});
