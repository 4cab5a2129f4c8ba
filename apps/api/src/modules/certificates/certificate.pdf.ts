// The certificate: one landscape A4 page, Chinese with English. The Chinese follows the script
// of the organization's name (a Traditional name gets Traditional text in Noto Sans TC, any other
// Simplified text in Noto Sans SC), so that the center's name reads in its own script and the
// page around it agrees with it. All text is real text (selectable, found by pdftotext); the QR
// code is vector squares encoding the public verification URL.
//
// The renderer draws the page from the top down, a function per part; the words are
// certificate-labels.ts, the fonts, palette and QR code src/pdf/.
import { type ChineseScript, chineseLocale, chineseScriptOf } from '../../pdf/fonts.ts';
import {
  createPdf,
  drawQrCode,
  fitFontSize,
  GOLD,
  INK,
  MUTED,
  NAVY,
  type Pdf,
  pdfToBuffer,
  standardLabel,
} from '../../pdf/kit.ts';
import type { CertificateDocument } from './certificate-document.ts';
import { CHINESE, type ChineseLabels, ENGLISH } from './certificate-labels.ts';

const GOLD_LIGHT = '#d9c49a';
const PAPER = '#fffdf6';
const RED = '#c0392b';

// Landscape A4 in points.
const W = 841.89;
const H = 595.28;
const CENTER_WIDTH = 620;
/** The left edge of the centred column of text. */
const LEFT = (W - CENTER_WIDTH) / 2;
const CENTERED = { width: CENTER_WIDTH, align: 'center' as const, lineBreak: false };

/** What every part of the page draws from. */
interface Certificate {
  readonly doc: CertificateDocument;
  readonly p: Pdf;
  readonly pdf: PDFKit.PDFDocument;
  readonly zh: ChineseLabels;
  readonly locale: 'zh-Hans' | 'zh-Hant';
  readonly font: { regular: string; medium: string; bold: string };
}

export async function renderCertificatePdf(doc: CertificateDocument): Promise<Buffer> {
  const script: ChineseScript = chineseScriptOf(doc.organization.name);
  const zh = CHINESE[script];
  const locale = chineseLocale(script);
  const p = createPdf({
    script,
    layout: 'landscape',
    info: {
      Title: `${zh.title} ${doc.number}`,
      Subject: `${doc.organization.name} · L${doc.level} ${doc.levelName[locale]} / ${doc.levelName.en}`,
      Author: doc.certifyingBody,
      Keywords: `${doc.number} ${doc.standard.ref}`,
    },
    createdAt: new Date(`${doc.issuedOn}T00:00:00Z`),
  });
  const certificate: Certificate = {
    doc,
    p,
    pdf: p.doc,
    zh,
    locale,
    font: { regular: p.ui('regular'), medium: p.ui('medium'), bold: p.ui('bold') },
  };

  drawFrame(p.doc);
  drawTitle(certificate);
  const y = drawHolder(certificate);
  drawStandardAndLevel(certificate, y);
  drawDetails(certificate);
  drawSignature(certificate);
  drawVerification(certificate);
  if (doc.status !== 'active') drawStatus(p, doc.status, zh, LEFT);

  return pdfToBuffer(p.doc);
}

/** The certifying body, the title in Chinese and English, and an ornament under them. */
function drawTitle({ doc, p, pdf, zh, font }: Certificate): void {
  pdf
    .font(p.for(doc.certifyingBody, 'medium'))
    .fontSize(12)
    .fillColor(NAVY)
    .text(doc.certifyingBody, LEFT, 54, CENTERED);
  pdf.font(font.bold).fontSize(30).fillColor(NAVY).text(zh.title, LEFT, 76, CENTERED);
  pdf.font(font.medium).fontSize(10.5).fillColor(GOLD).text(ENGLISH.title, LEFT, 122, CENTERED);
  ornamentRule(pdf, W / 2, 146, 200);
}

/**
 * Who is certified: the name, shrunk to fit one line, then its sites and the scope when there
 * are any. Returns where the text below may start.
 */
function drawHolder({ doc, p, pdf, zh, font }: Certificate): number {
  const name = doc.organization.name;
  pdf
    .font(font.regular)
    .fontSize(10.5)
    .fillColor(MUTED)
    .text(`${zh.certify}  ${ENGLISH.certify}`, LEFT, 162, CENTERED);
  const nameFont = p.for(name, 'bold');
  const nameSize = fitFontSize(pdf, name, nameFont, CENTER_WIDTH, 30, 14);
  pdf
    .font(nameFont)
    .fontSize(nameSize)
    .fillColor(INK)
    .text(name, LEFT, 180 + (30 - nameSize) / 2, CENTERED);

  let y = 226;
  pdf.fontSize(10).fillColor(INK);
  if (doc.organization.sites.length > 0) {
    const sites = `${zh.sites} ${ENGLISH.sites}${zh.colon}${doc.organization.sites.join(zh.separator)}`;
    pdf.font(p.for(sites));
    pdf.text(sites, LEFT, y, { width: CENTER_WIDTH, align: 'center', height: 28, ellipsis: true });
    y = pdf.y + 3;
  }
  if (doc.scope) {
    const scope = `${zh.scope} ${ENGLISH.scope}${zh.colon}${doc.scope}`;
    pdf.font(p.for(scope));
    pdf.text(scope, LEFT, y, { width: CENTER_WIDTH, align: 'center', height: 28, ellipsis: true });
    y = pdf.y + 3;
  }
  return y;
}

/** "Meets the requirements of" the standard's title, and the level below it. */
function drawStandardAndLevel({ doc, p, pdf, zh, locale, font }: Certificate, below: number): void {
  const y = Math.max(below + 6, 268);
  pdf.font(font.regular).fontSize(10).fillColor(MUTED).text(zh.meets, LEFT, y, CENTERED);
  pdf.fontSize(9).text(ENGLISH.meets, LEFT, y + 15, CENTERED);
  pdf
    .font(font.medium)
    .fontSize(11)
    .fillColor(NAVY)
    .text(doc.standard.title[locale], LEFT, y + 33, CENTERED);
  pdf
    .font(font.regular)
    .fontSize(9)
    .fillColor(MUTED)
    .text(doc.standard.title.en, LEFT, y + 50, CENTERED);

  drawLevel(p, doc, locale, y + 70);
}

/** Number, standard, dates and the snapshot's hash, bottom left. */
function drawDetails({ doc, pdf, zh, font }: Certificate): void {
  const rows: [string, string, string][] = [
    [zh.number, ENGLISH.number, doc.number],
    [zh.revision, ENGLISH.revision, String(doc.revision)],
    [zh.standard, ENGLISH.standard, standardLabel(doc.standard.ref)],
    [zh.issued, ENGLISH.issued, doc.issuedOn],
    ...(doc.renewedOn ? [[zh.renewed, ENGLISH.renewed, doc.renewedOn] as [string, string, string]] : []),
    [zh.expires, ENGLISH.expires, doc.expiresOn],
    [zh.surveillance, ENGLISH.surveillance, doc.surveillanceDue.join('  ') || '—'],
    [zh.snapshot, ENGLISH.snapshot, `sha256 ${doc.snapshotHash.slice(0, 16)}…`],
  ];
  // A renewal's row moves the block up a line, so that it ends where it always does.
  let rowY = 432 - (rows.length - 7) * 15.5;
  for (const [labelZh, labelEn, value] of rows) {
    pdf.font(font.medium).fontSize(9).fillColor(NAVY).text(labelZh, 70, rowY, { lineBreak: false });
    pdf
      .font(font.regular)
      .fontSize(7.5)
      .fillColor(MUTED)
      .text(labelEn, 112, rowY + 1.5, { lineBreak: false });
    pdf
      .font(value === doc.number ? font.bold : font.regular)
      .fontSize(9)
      .fillColor(INK)
      .text(value, 190, rowY, { width: 150, height: 12, ellipsis: true });
    rowY += 15.5;
  }
}

/** The certifying body over a signature line, between the details and the QR code. */
function drawSignature({ doc, p, pdf, zh, font }: Certificate): void {
  const sigCenter = 468;
  const bodyFont = p.for(doc.certifyingBody, 'medium');
  const bodySize = fitFontSize(pdf, doc.certifyingBody, bodyFont, 250, 10, 6);
  pdf
    .moveTo(sigCenter - 110, 505)
    .lineTo(sigCenter + 110, 505)
    .lineWidth(0.6)
    .strokeColor(GOLD)
    .stroke();
  pdf
    .font(bodyFont)
    .fontSize(bodySize)
    .fillColor(INK)
    .text(doc.certifyingBody, sigCenter - 130, 511, { width: 260, align: 'center', lineBreak: false });
  pdf
    .font(font.regular)
    .fontSize(8)
    .fillColor(MUTED)
    .text(`${zh.body}  ${ENGLISH.body}`, sigCenter - 130, 527, {
      width: 260,
      align: 'center',
      lineBreak: false,
    });
}

/** The QR code of the public verification URL and the URL itself, bottom right. */
function drawVerification({ doc, pdf, zh, font }: Certificate): void {
  const qrSize = 96;
  const qrX = W - 70 - 150 + (150 - qrSize) / 2;
  const qrY = 420;
  drawQrCode(pdf, doc.verificationUrl, qrX, qrY, qrSize);
  pdf
    .font(font.regular)
    .fontSize(7.5)
    .fillColor(INK)
    .text(`${zh.scan}  ${ENGLISH.scan}`, W - 70 - 170, qrY + qrSize + 2, {
      width: 170,
      align: 'center',
      lineBreak: false,
    });
  pdf
    .fontSize(6.5)
    .fillColor(NAVY)
    .text(doc.verificationUrl, W - 70 - 170, qrY + qrSize + 13, {
      width: 170,
      align: 'center',
      link: doc.verificationUrl,
      height: 20,
      ellipsis: true,
    });
}

function drawFrame(pdf: PDFKit.PDFDocument): void {
  pdf.rect(0, 0, W, H).fill(PAPER);
  pdf
    .rect(18, 18, W - 36, H - 36)
    .lineWidth(3)
    .strokeColor(NAVY)
    .stroke();
  pdf
    .rect(25, 25, W - 50, H - 50)
    .lineWidth(0.8)
    .strokeColor(GOLD)
    .stroke();
  pdf
    .rect(29, 29, W - 58, H - 58)
    .lineWidth(0.3)
    .strokeColor(GOLD_LIGHT)
    .stroke();
  // Corner ornaments: a gold diamond with a small square inside.
  for (const [cx, cy] of [
    [25, 25],
    [W - 25, 25],
    [25, H - 25],
    [W - 25, H - 25],
  ] as const) {
    pdf
      .polygon([cx, cy - 9], [cx + 9, cy], [cx, cy + 9], [cx - 9, cy])
      .fillColor(GOLD)
      .fill();
    pdf.rect(cx - 2.5, cy - 2.5, 5, 5).fill(PAPER);
  }
}

function ornamentRule(pdf: PDFKit.PDFDocument, cx: number, y: number, half: number): void {
  pdf
    .moveTo(cx - half, y)
    .lineTo(cx - 8, y)
    .moveTo(cx + 8, y)
    .lineTo(cx + half, y)
    .lineWidth(0.7)
    .strokeColor(GOLD)
    .stroke();
  pdf
    .polygon([cx, y - 4], [cx + 4, y], [cx, y + 4], [cx - 4, y])
    .fillColor(GOLD)
    .fill();
}

/** The level as a rosette ("L3") beside its name in Chinese and English. */
function drawLevel(p: Pdf, doc: CertificateDocument, locale: 'zh-Hans' | 'zh-Hant', y: number): void {
  const pdf = p.doc;
  const FONT = { medium: p.ui('medium'), bold: p.ui('bold') };
  const nameZh = doc.levelName[locale];
  const nameEn = doc.levelName.en;
  pdf.font(FONT.bold).fontSize(26);
  const zhWidth = pdf.widthOfString(nameZh);
  pdf.font(FONT.medium).fontSize(12);
  const enWidth = pdf.widthOfString(`Level ${doc.level} · ${nameEn}`);
  const r = 27;
  const gap = 16;
  const blockWidth = r * 2 + gap + Math.max(zhWidth, enWidth);
  const x0 = W / 2 - blockWidth / 2;
  const cx = x0 + r;
  const cy = y + r + 2;

  // Rosette: a scalloped gold ring around a navy disc.
  const petals = 24;
  const points: [number, number][] = [];
  for (let i = 0; i < petals * 2; i++) {
    const angle = (Math.PI * i) / petals;
    const radius = i % 2 === 0 ? r + 3 : r;
    points.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  pdf
    .polygon(...points)
    .fillColor(GOLD)
    .fill();
  pdf.circle(cx, cy, r - 3).fill(NAVY);
  pdf
    .circle(cx, cy, r - 6)
    .lineWidth(0.6)
    .strokeColor(GOLD_LIGHT)
    .stroke();
  pdf
    .font(FONT.bold)
    .fontSize(20)
    .fillColor('#ffffff')
    .text(`L${doc.level}`, cx - r, cy - 14.5, { width: r * 2, align: 'center', lineBreak: false });

  const tx = x0 + r * 2 + gap;
  pdf
    .font(FONT.bold)
    .fontSize(26)
    .fillColor(NAVY)
    .text(nameZh, tx, cy - 27, { lineBreak: false });
  pdf
    .font(FONT.medium)
    .fontSize(12)
    .fillColor(GOLD)
    .text(`Level ${doc.level} · ${nameEn}`, tx, cy + 8, { lineBreak: false });
}

function drawStatus(
  p: Pdf,
  status: Exclude<CertificateDocument['status'], 'active'>,
  zh: ChineseLabels,
  left: number,
): void {
  const pdf = p.doc;
  const bold = p.ui('bold');
  const label = `${zh.status[status]} ${ENGLISH.status[status]}`;
  // A diagonal watermark across the page…
  pdf.save();
  pdf.rotate(-24, { origin: [W / 2, H / 2] });
  pdf.fillOpacity(0.13);
  const size = fitFontSize(pdf, label, bold, 720, 86, 40);
  pdf
    .font(bold)
    .fontSize(size)
    .fillColor(RED)
    .text(label, W / 2 - 400, H / 2 - size * 0.7, { width: 800, align: 'center', lineBreak: false });
  pdf.restore();
  // …and a banner that says it in words.
  pdf.save();
  pdf.rect(left + 130, 402, CENTER_WIDTH - 260, 21).fill(RED);
  pdf
    .font(bold)
    .fontSize(10.5)
    .fillColor('#ffffff')
    .text(
      `${zh.statusLine}：${zh.status[status]}  ·  ${ENGLISH.statusLine}: ${ENGLISH.status[status]}`,
      left,
      406,
      {
        width: CENTER_WIDTH,
        align: 'center',
        lineBreak: false,
      },
    );
  pdf.restore();
}
