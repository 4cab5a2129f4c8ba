// The assessment report: A4 portrait, several pages, in the reader's locale. A summary, the level
// and every criterion of L1–L5 (in the engine's own sentences), bar charts of the points per
// domain and per section, the gap to the next level, and every clause with its ratings and note.
// Long tables break across pages with their header repeated; every page is numbered.
//
// The renderer draws the sections in order, each with its own function below; the writer that
// flows them over the pages is src/pdf/layout.ts, the words are report-labels.ts.
import {
  type CriterionResult,
  describeBlocker,
  describeChange,
  describeCriterion,
  describeNeed,
  type EligibilityResult,
  type Locale,
  SIGN_OFF_PARTIES,
  type Standard,
} from '@ccmm/engine';
import { scriptOfLocale } from '../../pdf/fonts.ts';
import {
  createPdf,
  formatTimestamp,
  GOLD,
  INK,
  MUTED,
  NAVY,
  type Pdf,
  pdfToBuffer,
  standardLabel,
} from '../../pdf/kit.ts';
import { BAR, type Cell, MARGIN_X, PAGE_H, PAGE_W, PageWriter, RULE, TOP, WIDTH } from '../../pdf/layout.ts';
import type { ReportDocument } from './report-document.ts';
import { REPORT_LABELS, type ReportLabels } from './report-labels.ts';

// The report's own colours, beside the shared palette: met / not met, and sub-section bars.
const GREEN = '#2e7d4f';
const RED = '#b03a2e';
const BAR_LIGHT = '#7fa3c6';

/** What every section of the report draws from. */
interface Report {
  readonly doc: ReportDocument;
  readonly labels: ReportLabels;
  readonly locale: Locale;
  readonly standard: Standard;
  readonly result: EligibilityResult;
  readonly pdf: Pdf;
  readonly w: PageWriter;
  levelName(level: number): string;
  levelCode(level: number): string;
}

export async function renderAssessmentReportPdf(doc: ReportDocument): Promise<Buffer> {
  const locale = doc.locale;
  const labels = REPORT_LABELS[locale];
  const standard = doc.standard;
  const pdf = createPdf({
    script: scriptOfLocale(locale),
    margins: { top: TOP, bottom: 40, left: MARGIN_X, right: MARGIN_X },
    bufferPages: true,
    info: {
      Title: `${labels.title} · ${doc.organization.name}`,
      Subject: `${doc.organization.name} ${doc.assessment.assessedOn}`,
      Keywords: `${standard.standard}@${standard.version} ${doc.assessment.id}`,
    },
    createdAt: new Date(doc.generatedAt),
  });
  const report: Report = {
    doc,
    labels,
    locale,
    standard,
    result: doc.eligibility,
    pdf,
    w: new PageWriter(pdf),
    levelName: (level) => standard.levels.find((l) => l.level === level)?.name[locale] ?? '',
    levelCode: (level) => standard.levels.find((l) => l.level === level)?.code ?? `L${level}`,
  };

  drawTitle(report);
  drawSummary(report);
  drawLevel(report);
  drawCriteria(report);
  drawCharts(report);
  drawGap(report);
  drawTeam(report);
  drawCheckIns(report);
  drawFindings(report);
  drawPhotos(report);
  drawSignOff(report);
  drawClauses(report);
  drawPageFurniture(report);
  return pdfToBuffer(pdf.doc);
}

/** The title and the organization's name under a navy band. */
function drawTitle({ doc, labels, pdf, w }: Report): void {
  const d = pdf.doc;
  d.rect(0, 0, PAGE_W, 6).fill(NAVY);
  w.font('bold');
  d.fontSize(20).fillColor(NAVY).text(labels.title, MARGIN_X, 40, { width: WIDTH });
  w.y = d.y + 2;
  d.font(pdf.for(doc.organization.name, 'medium')).fontSize(13).fillColor(INK);
  d.text(doc.organization.name, MARGIN_X, w.y, { width: WIDTH });
  w.y = d.y + 12;
}

/** Who, which assessment, against which standard, and when the report was made. */
function drawSummary({ doc, labels, locale, standard, pdf, w }: Report): void {
  const d = pdf.doc;
  w.heading(labels.summary);
  const kind = labels.kinds[doc.assessment.kind];
  const status = labels.statuses[doc.assessment.status];
  const summary: [string, string, boolean][] = [
    [labels.organization, doc.organization.name, true],
    [labels.operatingSince, doc.organization.operatingSince, false],
    [labels.assessment, doc.assessment.id, false],
    [labels.kind, `${kind} · ${status}`, false],
    [labels.assessedOn, doc.assessment.assessedOn, false],
    [
      labels.standard,
      parenthesize(standard.title[locale], standardLabel(`${standard.standard}@${standard.version}`), locale),
      false,
    ],
    [labels.generatedAt, formatTimestamp(doc.generatedAt), false],
  ];
  for (const [label, value, free] of summary) {
    d.font(pdf.ui('medium')).fontSize(9).fillColor(MUTED).text(label, MARGIN_X, w.y, { width: 90 });
    d.font(free ? pdf.for(value) : pdf.ui('regular'))
      .fontSize(9.5)
      .fillColor(INK)
      .text(value, MARGIN_X + 95, w.y - 0.5, { width: WIDTH - 95 });
    w.y = Math.max(d.y, w.y + 14) + 3;
  }
  w.y += 6;
}

/** The level reached, the total and how complete the ratings are, in a box. */
function drawLevel({ labels, result, pdf, w, levelName, levelCode }: Report): void {
  const d = pdf.doc;
  w.heading(labels.result);
  const boxH = 58;
  w.ensure(boxH + 10);
  d.roundedRect(MARGIN_X, w.y, WIDTH, boxH, 4).fill('#f7f3ea');
  d.rect(MARGIN_X, w.y, 4, boxH).fill(GOLD);
  const headline =
    result.level > 0 ? labels.levelReached(levelCode(result.level), levelName(result.level)) : labels.noLevel;
  d.font(pdf.ui('bold'))
    .fontSize(18)
    .fillColor(NAVY)
    .text(headline, MARGIN_X + 18, w.y + 9, { width: WIDTH - 30 });
  d.font(pdf.ui('regular'))
    .fontSize(9.5)
    .fillColor(INK)
    .text(
      `${labels.total(result.total, result.maxTotal)}　·　${labels.completeness(result.scoredRates, result.expectedRates)}`,
      MARGIN_X + 18,
      w.y + 36,
      { width: WIDTH - 30 },
    );
  w.y += boxH + 10;
  if (!result.complete) w.paragraph(labels.incomplete(result.incompleteClauses.length), { color: RED });
}

/** Every criterion of every level, in the engine's sentences, met or not. */
function drawCriteria({ labels, locale, standard, result, w, levelName, levelCode }: Report): void {
  w.heading(labels.criteria);
  const criteriaRows = result.criteria.map((c) => {
    const first = result.criteria.find((x) => x.level === c.level) === c;
    return [
      {
        text: first ? `${levelCode(c.level)} ${levelName(c.level)}` : '',
        carry: `${levelCode(c.level)} ${levelName(c.level)}`,
        bold: true,
      },
      { text: describeCriterion(standard, c, locale) },
      { text: String(c.required) },
      { text: String(c.actual) },
      { text: c.met ? labels.yes : labels.no, color: c.met ? GREEN : RED, bold: true },
    ];
  });
  w.table(
    [
      { header: labels.level, width: 72 },
      { header: labels.criterion, width: 263 },
      { header: labels.required, width: 50, align: 'right' },
      { header: labels.actual, width: 50, align: 'right' },
      { header: labels.met, width: 60, align: 'center' },
    ],
    criteriaRows,
    8.5,
    // One band per level, so that the rows of a level read as a group.
    (index) => (result.criteria[index]?.level ?? 0) % 2 === 0,
  );
}

/** Bar charts of the points per domain, then per section (sub-sections indented, lighter). */
function drawCharts({ labels, locale, standard, result, w }: Report): void {
  w.heading(labels.chartDomains);
  w.bars(
    result.domains.map((a) => {
      const domain = standard.domains.find((x) => x.id === a.id);
      return {
        label: `${a.id} ${domain?.title[locale] ?? ''}`,
        points: a.points,
        max: a.maxPoints,
        color: NAVY,
      };
    }),
  );
  w.heading(labels.chartSections);
  const sectionTitles = sectionTitleIndex(standard, locale);
  w.bars(
    result.sections.map((s) => ({
      label: `${s.id} ${sectionTitles.get(s.id) ?? ''}`,
      points: s.points,
      max: s.maxPoints,
      indent: s.depth * 10,
      color: s.depth === 0 ? BAR : BAR_LIGHT,
    })),
  );
}

/** What the next level still needs, what ratings cannot close, and the fewest rating changes. */
function drawGap({ labels, locale, standard, result, w, levelName }: Report): void {
  const gap = result.gap;
  if (!gap) {
    w.heading(labels.gap('', '').trim());
    w.paragraph(labels.topLevel);
    return;
  }
  w.heading(labels.gap(gap.code, levelName(gap.level)));
  const byId = new Map<string, CriterionResult>(result.criteria.map((c) => [c.id, c]));
  if (gap.needs.length > 0) {
    w.paragraph(labels.needs, { size: 10, color: NAVY });
    for (const need of gap.needs) {
      const c = byId.get(need.criterion);
      if (c) w.bullet(describeNeed(standard, need, c, locale), need.attainable ? BAR : RED);
    }
  }
  if (gap.blockers.length > 0) {
    w.y += 2;
    w.paragraph(labels.blockers, { size: 10, color: RED });
    for (const blocker of gap.blockers) w.bullet(describeBlocker(standard, blocker, locale), RED);
  }
  w.y += 2;
  if (gap.changes.length > 0) {
    w.paragraph(labels.changes(gap.changes.length, gap.totalAfterChanges), { size: 10, color: NAVY });
    w.lineColumns(gap.changes.map((c) => describeChange(c, locale)));
  } else {
    w.paragraph(labels.noChanges, { color: MUTED });
  }
}

/** An audit's plan: the days on site, the man-days, and who was on the team in which role. */
function drawTeam({ doc, labels, w }: Report): void {
  const plan = doc.plan;
  if (!plan) return;
  w.heading(labels.team);
  w.paragraph(labels.onSite(plan.onSiteFrom, plan.onSiteTo, plan.manDays));
  w.table(
    [
      { header: labels.member, width: 200 },
      { header: labels.role, width: 150 },
    ],
    plan.team.map((m) => [{ text: m.name }, { text: labels.roles[m.role] }]),
    9,
  );
}

/** "850 m", "12.3 km": a check-in's distance from the site. */
function metres(m: number, locale: Locale): string {
  const number = (n: number, digits: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n);
  return m < 1000 ? `${number(m, 0)} m` : `${number(m / 1000, 1)} km`;
}

/**
 * An audit's presence on record: each check-in with the device's and the server's times, where
 * and how precisely, how far from the site and the photo's hash; then each far one with the
 * body's explanation, or that it still awaits one.
 */
function drawCheckIns({ doc, labels, locale, w }: Report): void {
  if (doc.assessment.kind === 'self') return;
  // The heading, the table's header and a first row together (never a heading alone at a page's foot).
  w.ensure(110);
  w.heading(labels.checkIns);
  if (doc.checkIns.length === 0) {
    w.paragraph(labels.noCheckIns, { color: MUTED });
    return;
  }
  w.table(
    [
      { header: labels.member, width: 58 },
      { header: labels.checkInKind, width: 62 },
      { header: labels.deviceTime, width: 62 },
      { header: labels.receivedAt, width: 62 },
      { header: labels.location, width: 92 },
      { header: labels.distance, width: 48, align: 'right' },
      { header: labels.photoHash, width: 111 },
    ],
    doc.checkIns.map((c) => [
      { text: c.name, free: true },
      { text: labels.checkInKinds[c.kind] },
      { text: formatTimestamp(c.at) },
      { text: formatTimestamp(c.receivedAt), color: MUTED },
      c.location
        ? {
            text: `${c.location.latitude.toFixed(5)}, ${c.location.longitude.toFixed(5)} (±${metres(c.location.accuracyM, locale)})`,
          }
        : { text: labels.noLocation, color: MUTED },
      c.distanceM === null
        ? { text: '—', color: MUTED }
        : { text: metres(c.distanceM, locale), color: c.far ? RED : undefined, bold: c.far },
      c.photoSha256 ? { text: c.photoSha256 } : { text: labels.noPhoto, color: MUTED },
    ]),
    7,
  );
  for (const c of doc.checkIns.filter((x) => x.far)) {
    const where = labels.far(
      c.name,
      labels.checkInKinds[c.kind],
      formatTimestamp(c.at),
      metres(c.distanceM ?? 0, locale),
    );
    // It names a person: set in a font that has their name's characters.
    w.paragraph(where, { size: 9, color: RED, free: true });
    w.paragraph(c.explanation ? labels.explained(c.explanation) : labels.unexplained, {
      size: 9,
      color: c.explanation ? INK : MUTED,
      free: c.explanation !== null,
    });
  }
}

/** An audit's findings: how many of each kind and how many still open, then each one. */
function drawFindings({ doc, labels, w }: Report): void {
  if (doc.assessment.kind === 'self') return;
  w.heading(labels.findings);
  if (doc.findings.length === 0) {
    w.paragraph(labels.noFindings, { color: MUTED });
    return;
  }
  const count = (kinds: readonly string[]) => doc.findings.filter((f) => kinds.includes(f.kind)).length;
  const open = doc.findings.filter(
    (f) => (f.kind === 'major' || f.kind === 'minor') && f.state !== 'verified',
  ).length;
  w.paragraph(
    labels.findingsSummary(count(['major']), count(['minor']), count(['observation', 'improvement']), open),
  );
  w.table(
    [
      { header: labels.number, width: 30, align: 'right' },
      { header: labels.kind, width: 80 },
      { header: labels.clause, width: 44 },
      { header: labels.statement, width: 220 },
      { header: labels.status, width: 66 },
      { header: labels.dueOn, width: 60 },
    ],
    doc.findings.map((f) => [
      { text: String(f.number) },
      {
        text: labels.findingKinds[f.kind],
        color: f.kind === 'major' ? RED : undefined,
        bold: f.kind === 'major',
      },
      { text: f.clauses.join(', ') },
      { text: f.statement, free: true },
      { text: labels.findingStates[f.state], color: f.state === 'verified' ? GREEN : undefined },
      { text: f.dueOn ?? '—', color: MUTED },
    ]),
    8,
  );
}

/** The findings' evidence photos, two to a row, each with its finding and caption. */
function drawPhotos({ doc, labels, pdf, w }: Report): void {
  if (doc.photos.length === 0) return;
  w.heading(labels.photos);
  const gap = 12;
  const width = (WIDTH - gap) / 2;
  const height = 150;
  doc.photos.forEach((photo, i) => {
    const column = i % 2;
    if (column === 0) w.ensure(height + 20);
    const x = MARGIN_X + column * (width + gap);
    pdf.doc.image(photo.image, x, w.y, { fit: [width, height], align: 'center', valign: 'center' });
    // The caption was typed by someone: its font follows its characters (see fontScriptFor).
    const caption = labels.photoOf(photo.findingNumber, photo.caption ?? '');
    pdf.doc
      .font(pdf.for(caption))
      .fontSize(8)
      .fillColor(MUTED)
      .text(caption, x, w.y + height + 3, { width });
    if (column === 1 || i === doc.photos.length - 1) w.y += height + 20;
  });
}

/** An audit's sign-off: the lead auditor and the center, each with the day they signed in the platform. */
function drawSignOff({ doc, labels, locale, w }: Report): void {
  if (doc.assessment.kind === 'self') return;
  w.heading(labels.signOff);
  for (const party of SIGN_OFF_PARTIES) {
    const signed = doc.signOffs.find((s) => s.party === party);
    w.paragraph(
      `${labels.parties[party]}${locale === 'en' ? ': ' : '：'}${signed ? labels.signedOn(signed.name, signed.signedOn) : labels.notSigned}`,
      // The signer's name was typed by someone: the font follows its characters.
      { size: 10, color: signed ? INK : MUTED, free: true },
    );
  }
}

/** Every clause of the standard on pages of its own: its summary, C and F, and the note. */
function drawClauses({ doc, labels, locale, standard, w }: Report): void {
  w.newPage();
  w.heading(labels.clauses);
  const byClause = new Map(doc.ratings.map((r) => [r.clause, r]));
  const rateCell = (value: number | null | undefined): Cell =>
    value === null || value === undefined
      ? { text: '—', color: MUTED }
      : { text: String(value), color: value === 10 ? GREEN : value === 5 ? GOLD : RED, bold: true };
  w.table(
    [
      { header: labels.clause, width: 34, align: 'right' },
      { header: labels.section, width: 40 },
      { header: labels.summaryCol, width: 196 },
      { header: 'C', width: 24, align: 'center' },
      { header: 'F', width: 24, align: 'center' },
      { header: labels.note, width: 177 },
    ],
    standard.clauses.map((clause) => {
      const rating = byClause.get(clause.number);
      return [
        { text: String(clause.number) },
        { text: clause.section, color: MUTED },
        { text: clause.summary[locale] },
        rateCell(rating?.c),
        rateCell(rating?.f),
        { text: rating?.note ?? '', free: true },
      ];
    }),
    8,
  );
}

/** Running header and footer with "page n of m", drawn once every page exists. */
function drawPageFurniture({ doc, labels, pdf }: Report): void {
  const d = pdf.doc;
  const range = d.bufferedPageRange();
  const standard = standardLabel(`${doc.standard.standard}@${doc.standard.version}`);
  for (let i = range.start; i < range.start + range.count; i++) {
    d.switchToPage(i);
    // Writing in the margins must not make pdfkit start a new page.
    const margins = d.page.margins;
    d.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    if (i > range.start) {
      const running = `${doc.organization.name} · ${labels.title}`;
      d.font(pdf.for(running)).fontSize(8).fillColor(MUTED);
      d.text(running, MARGIN_X, 30, { width: WIDTH * 0.7, lineBreak: false, ellipsis: true });
      d.font(pdf.ui()).text(standard, MARGIN_X, 30, { width: WIDTH, align: 'right', lineBreak: false });
      d.moveTo(MARGIN_X, 44)
        .lineTo(MARGIN_X + WIDTH, 44)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
    }
    d.moveTo(MARGIN_X, PAGE_H - 46)
      .lineTo(MARGIN_X + WIDTH, PAGE_H - 46)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    d.font(pdf.ui()).fontSize(8).fillColor(MUTED);
    d.text(`${labels.generatedAt} ${formatTimestamp(doc.generatedAt)}`, MARGIN_X, PAGE_H - 38, {
      lineBreak: false,
    });
    d.text(labels.page(i - range.start + 1, range.count), MARGIN_X, PAGE_H - 38, {
      width: WIDTH,
      align: 'right',
      lineBreak: false,
    });
    d.page.margins = margins;
  }
}

function parenthesize(text: string, aside: string, locale: Locale): string {
  return locale === 'en' ? `${text} (${aside})` : `${text}（${aside}）`;
}

function sectionTitleIndex(standard: Standard, locale: Locale): Map<string, string> {
  const titles = new Map<string, string>();
  const visit = (sections: Standard['domains'][number]['sections']) => {
    for (const s of sections) {
      titles.set(s.id, s.title[locale]);
      if (s.sections) visit(s.sections);
    }
  };
  for (const domain of standard.domains) visit(domain.sections);
  return titles;
}
