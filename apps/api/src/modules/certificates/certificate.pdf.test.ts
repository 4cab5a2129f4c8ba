import type { Standard } from '@ccmm/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPdf, decodeQrCodes, flat, fontRows, loadOc2017 } from '../../pdf/testing.ts';
import { sampleCertificate } from './certificate.fixtures.ts';
import { renderCertificatePdf } from './certificate.pdf.ts';

let standard: Standard;
beforeAll(async () => {
  standard = await loadOc2017();
});

describe('the PDF certificate', () => {
  it('reads, as a person would, the center, the level, the dates and a QR code to the verification page', async () => {
    const doc = sampleCertificate(standard);
    const pdf = checkPdf(await renderCertificatePdf(doc), 'certificate');

    expect(pdf.pages).toBe(1);
    for (const expected of [
      doc.organization.name,
      doc.number,
      '客户中心能力成熟度认证证书',
      'CERTIFICATE OF CUSTOMER CENTER CAPABILITY MATURITY',
      '标杆级',
      'Benchmark',
      'L3',
      doc.issuedOn,
      doc.expiresOn,
      ...doc.surveillanceDue,
      'CC-CMM-OC 2017',
      doc.certifyingBody,
      doc.verificationUrl,
      doc.snapshotHash.slice(0, 16),
      ...doc.organization.sites,
      doc.scope ?? '',
    ]) {
      expect(pdf.flat, expected).toContain(flat(expected));
    }
    // Selectable text, not drawn outlines: the name comes back in one piece.
    expect(pdf.text).toContain(doc.organization.name);
    expect(pdf.text).not.toMatch(/SUSPENDED|WITHDRAWN|EXPIRED/);

    const fonts = fontRows(pdf.fonts);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font, font.name).toMatchObject({ embedded: true, subset: true });
    }
    // A Simplified name: Noto Sans SC (mainland forms) throughout.
    expect(fonts.map((f) => f.name).join(' ')).toMatch(/NotoSansSC-Bold/);
    expect(fonts.map((f) => f.name).join(' ')).not.toMatch(/NotoSansTC/);

    const png = pdf.page(1, 'certificate.png');
    expect(decodeQrCodes(png)).toEqual([doc.verificationUrl]);
  });

  it('sets a Traditional name in Noto Sans TC with Traditional text, and marks a suspended certificate', async () => {
    const doc = sampleCertificate(standard, {
      number: 'CCMM-OC-2026-0042',
      level: 4,
      levelName: standard.levels.find((l) => l.level === 4)?.name,
      organization: { name: '臺灣大哥大股份有限公司客戶服務中心', sites: ['臺北市內湖區瑞光路 399 號'] },
      scope: '行動通訊客戶服務熱線與網路客服',
      certifyingBody: '客戶中心認證委員會 · CC-CMM Certification Body',
      verificationUrl: 'https://ccmm.example.com/verify/CCMM-OC-2026-0042',
      status: 'suspended',
    });
    const pdf = checkPdf(await renderCertificatePdf(doc), 'certificate-suspended-hant');

    for (const expected of [
      doc.organization.name,
      doc.number,
      '客戶中心能力成熟度認證證書',
      '精益級',
      'Lean',
      '已暫停',
      'SUSPENDED',
      doc.issuedOn,
      doc.expiresOn,
    ]) {
      expect(pdf.flat, expected).toContain(flat(expected));
    }
    const names = fontRows(pdf.fonts).map((f) => f.name);
    expect(names.join(' ')).toMatch(/NotoSansTC-Bold/);
    expect(fontRows(pdf.fonts).every((f) => f.embedded && f.subset)).toBe(true);

    const png = pdf.page(1, 'certificate-suspended-hant.png');
    expect(decodeQrCodes(png)).toEqual([doc.verificationUrl]);
  });

  it('sets simplified-only text that Noto Sans TC lacks in SC on a Traditional certificate', async () => {
    const doc = sampleCertificate(standard, {
      organization: { name: '香港電訊客戶聯絡中心', sites: [] },
      scope: null,
      certifyingBody: '中国客户中心认证委员会',
      status: 'withdrawn',
    });
    const pdf = checkPdf(await renderCertificatePdf(doc), 'certificate-withdrawn');
    // Every character comes back: none was drawn from a font without it.
    expect(pdf.flat).toContain('中国客户中心认证委员会');
    expect(pdf.flat).toContain('香港電訊客戶聯絡中心');
    expect(pdf.flat).toContain('已撤銷');
    expect(pdf.flat).toContain('WITHDRAWN');
    expect(pdf.fonts).toMatch(/NotoSansSC-Medium/);
    expect(pdf.fonts).toMatch(/NotoSansTC-Bold/);
    const png = pdf.page(1, 'certificate-withdrawn.png');
    expect(decodeQrCodes(png)).toEqual([doc.verificationUrl]);
  });

  it('shows a renewed certificate’s current level, validity and revision beside its first issue', async () => {
    const doc = sampleCertificate(standard, {
      level: 4,
      levelName: standard.levels.find((l) => l.level === 4)?.name,
      revision: 4,
      renewedOn: '2029-10-15',
      expiresOn: '2032-10-15',
      surveillanceDue: ['2030-10-15', '2031-10-15'],
    });
    const pdf = checkPdf(await renderCertificatePdf(doc), 'certificate-renewed');
    expect(pdf.pages).toBe(1);
    for (const expected of [
      '换证日期',
      'Renewed on',
      '2029-10-15',
      doc.issuedOn,
      '2032-10-15',
      '2030-10-15',
      'L4',
      '修订版本',
    ]) {
      expect(pdf.flat, expected).toContain(flat(expected));
    }
    expect(pdf.text).toMatch(/Revision\s+4/);
    const png = pdf.page(1, 'certificate-renewed.png');
    expect(decodeQrCodes(png)).toEqual([doc.verificationUrl]);
  });

  it('shrinks a long name onto one line instead of running into the border', async () => {
    const name = '中国工商银行股份有限公司牡丹信用卡中心远程银行中心客户服务与体验管理部（武汉）';
    const doc = sampleCertificate(standard, { organization: { name, sites: ['武汉'] } });
    const pdf = checkPdf(await renderCertificatePdf(doc), 'certificate-long-name');
    expect(pdf.pages).toBe(1);
    expect(pdf.text).toContain(name);
    pdf.page(1, 'certificate-long-name.png');
  });
});
