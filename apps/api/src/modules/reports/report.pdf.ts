// The assessment report: A4 portrait, several pages, in the reader's locale. A summary, the level
// and every criterion of L1–L5 (in the engine's own sentences), bar charts of the points per
// domain and per section, the gap to the next level, and every clause with its ratings and note.
// Long tables break across pages with their header repeated; every page is numbered.
import {
  type CriterionResult,
  describeBlocker,
  describeChange,
  describeCriterion,
  describeNeed,
  type Locale,
  type Standard,
} from '@ccmm/engine';
import type { ReportDocument } from '../certificates/certificate-document.ts';
import {
  createPdf,
  formatTimestamp,
  GOLD,
  INK,
  MUTED,
  NAVY,
  type Pdf,
  pdfToBuffer,
  scriptOfLocale,
  standardLabel,
} from './pdf-kit.ts';

const RULE = '#d5d9e0';
const ZEBRA = '#f4f6f9';
const GREEN = '#2e7d4f';
const RED = '#b03a2e';
const BAR = '#3c6e9f';
const BAR_BG = '#e6ebf1';
const BAR_LIGHT = '#7fa3c6';

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const MARGIN_X = 50;
const TOP = 64;
const BOTTOM = PAGE_H - 62;
const WIDTH = PAGE_W - MARGIN_X * 2;

type Labels = {
  title: string;
  summary: string;
  organization: string;
  operatingSince: string;
  assessment: string;
  kind: string;
  status: string;
  assessedOn: string;
  standard: string;
  generatedAt: string;
  result: string;
  levelReached: (code: string, name: string) => string;
  noLevel: string;
  total: (total: number, max: number) => string;
  completeness: (scored: number, expected: number) => string;
  incomplete: (n: number) => string;
  criteria: string;
  level: string;
  criterion: string;
  required: string;
  actual: string;
  met: string;
  yes: string;
  no: string;
  chartDomains: string;
  chartSections: string;
  gap: (code: string, name: string) => string;
  topLevel: string;
  needs: string;
  blockers: string;
  changes: (n: number, after: number) => string;
  noChanges: string;
  clauses: string;
  clause: string;
  section: string;
  summaryCol: string;
  note: string;
  page: (n: number, m: number) => string;
  kinds: Record<string, string>;
  statuses: Record<string, string>;
};

const LABELS: Record<Locale, Labels> = {
  'zh-Hans': {
    title: '客户中心能力成熟度评估报告',
    summary: '概要',
    organization: '组织',
    operatingSince: '开始运营',
    assessment: '评估编号',
    kind: '评估类型',
    status: '状态',
    assessedOn: '评估日期',
    standard: '标准',
    generatedAt: '生成时间',
    result: '评估结果',
    levelReached: (code, name) => `达到 ${code} ${name}`,
    noLevel: '未达到 L1',
    total: (t, m) => `总分 ${t} / ${m}`,
    completeness: (s, e) => `已评 ${s} / ${e} 项评分`,
    incomplete: (n) => `${n} 个条目尚未评完：未评的评分按 0 分计。`,
    criteria: '各等级条件',
    level: '等级',
    criterion: '条件',
    required: '要求',
    actual: '实际',
    met: '结果',
    yes: '满足',
    no: '未满足',
    chartDomains: '各领域得分',
    chartSections: '各小节得分',
    gap: (code, name) => `距 ${code} ${name} 的差距`,
    topLevel: '已达到最高等级，没有下一等级的差距。',
    needs: '尚缺',
    blockers: '无法通过评分弥补的条件',
    changes: (n, after) => `建议调整（最少 ${n} 项，调整后总分 ${after}）`,
    noChanges: '没有可以通过评分完成的调整。',
    clauses: '条目评分',
    clause: '条目',
    section: '小节',
    summaryCol: '要求摘要',
    note: '备注',
    page: (n, m) => `第 ${n} 页 / 共 ${m} 页`,
    kinds: { self: '自评', certification: '认证审核', surveillance: '监督审核' },
    statuses: { draft: '草稿', in_progress: '进行中', submitted: '已提交' },
  },
  'zh-Hant': {
    title: '客戶中心能力成熟度評估報告',
    summary: '概要',
    organization: '組織',
    operatingSince: '開始運營',
    assessment: '評估編號',
    kind: '評估類型',
    status: '狀態',
    assessedOn: '評估日期',
    standard: '標準',
    generatedAt: '產生時間',
    result: '評估結果',
    levelReached: (code, name) => `達到 ${code} ${name}`,
    noLevel: '未達到 L1',
    total: (t, m) => `總分 ${t} / ${m}`,
    completeness: (s, e) => `已評 ${s} / ${e} 項評分`,
    incomplete: (n) => `${n} 個條目尚未評完：未評的評分按 0 分計。`,
    criteria: '各等級條件',
    level: '等級',
    criterion: '條件',
    required: '要求',
    actual: '實際',
    met: '結果',
    yes: '滿足',
    no: '未滿足',
    chartDomains: '各領域得分',
    chartSections: '各小節得分',
    gap: (code, name) => `距 ${code} ${name} 的差距`,
    topLevel: '已達到最高等級，沒有下一等級的差距。',
    needs: '尚缺',
    blockers: '無法透過評分彌補的條件',
    changes: (n, after) => `建議調整（最少 ${n} 項，調整後總分 ${after}）`,
    noChanges: '沒有可以透過評分完成的調整。',
    clauses: '條目評分',
    clause: '條目',
    section: '小節',
    summaryCol: '要求摘要',
    note: '備註',
    page: (n, m) => `第 ${n} 頁 / 共 ${m} 頁`,
    kinds: { self: '自評', certification: '認證審核', surveillance: '監督審核' },
    statuses: { draft: '草稿', in_progress: '進行中', submitted: '已提交' },
  },
  en: {
    title: 'Customer Center Capability Maturity Assessment Report',
    summary: 'Summary',
    organization: 'Organization',
    operatingSince: 'Operating since',
    assessment: 'Assessment',
    kind: 'Kind',
    status: 'Status',
    assessedOn: 'Assessed on',
    standard: 'Standard',
    generatedAt: 'Generated at',
    result: 'Result',
    levelReached: (code, name) => `${code} ${name} reached`,
    noLevel: 'L1 not reached',
    total: (t, m) => `Total ${t} of ${m}`,
    completeness: (s, e) => `${s} of ${e} ratings scored`,
    incomplete: (n) => `${n} clauses are not fully rated: unscored ratings count as 0.`,
    criteria: 'Criteria of every level',
    level: 'Level',
    criterion: 'Criterion',
    required: 'Required',
    actual: 'Actual',
    met: 'Result',
    yes: 'Met',
    no: 'Not met',
    chartDomains: 'Points per domain',
    chartSections: 'Points per section',
    gap: (code, name) => `Gap to ${code} ${name}`,
    topLevel: 'The highest level is reached: there is no next level.',
    needs: 'Still needed',
    blockers: 'What ratings cannot close',
    changes: (n, after) => `Suggested changes (fewest: ${n}; total afterwards ${after})`,
    noChanges: 'No rating changes can close the gap.',
    clauses: 'Clause ratings',
    clause: 'Clause',
    section: 'Section',
    summaryCol: 'Requirement (summary)',
    note: 'Note',
    page: (n, m) => `Page ${n} of ${m}`,
    kinds: {
      self: 'Self-assessment',
      certification: 'Certification audit',
      surveillance: 'Surveillance audit',
    },
    statuses: { draft: 'Draft', in_progress: 'In progress', submitted: 'Submitted' },
  },
};

interface Cell {
  text: string;
  color?: string;
  bold?: boolean;
  /** Set in the font chosen for this text (user-written text), not the document's. */
  free?: boolean;
  /** Shown instead of an empty text when the row is the first on a new page. */
  carry?: string;
}

interface Column {
  header: string;
  width: number;
  align?: 'left' | 'center' | 'right';
}

/** Writes the report, keeping track of the cursor and breaking pages. */
class ReportWriter {
  y = TOP;
  readonly doc: PDFKit.PDFDocument;

  constructor(
    readonly pdf: Pdf,
    readonly labels: Labels,
  ) {
    this.doc = pdf.doc;
  }

  font(weight: 'regular' | 'medium' | 'bold' = 'regular'): this {
    this.doc.font(this.pdf.ui(weight));
    return this;
  }

  newPage(): void {
    this.doc.addPage();
    this.y = TOP;
  }

  /** Starts a new page unless `height` points fit below the cursor. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  heading(text: string): void {
    this.ensure(60);
    this.y += 6;
    this.font('bold').doc.fontSize(13).fillColor(NAVY).text(text, MARGIN_X, this.y, { width: WIDTH });
    this.y = this.doc.y + 3;
    this.doc
      .moveTo(MARGIN_X, this.y)
      .lineTo(MARGIN_X + 36, this.y)
      .lineWidth(2)
      .strokeColor(GOLD)
      .stroke();
    this.y += 9;
  }

  paragraph(
    text: string,
    options: { size?: number; color?: string; indent?: number; free?: boolean } = {},
  ): void {
    const size = options.size ?? 9.5;
    const indent = options.indent ?? 0;
    const font = options.free ? this.pdf.for(text) : this.pdf.ui('regular');
    this.doc.font(font).fontSize(size);
    const height = this.doc.heightOfString(text, { width: WIDTH - indent, lineGap: 1.5 });
    this.ensure(height);
    this.doc
      .fillColor(options.color ?? INK)
      .text(text, MARGIN_X + indent, this.y, { width: WIDTH - indent, lineGap: 1.5 });
    this.y += height + 3;
  }

  bullet(text: string, color = INK): void {
    this.doc.font(this.pdf.ui('regular')).fontSize(9.5);
    const height = this.doc.heightOfString(text, { width: WIDTH - 14, lineGap: 1.5 });
    this.ensure(height);
    this.doc.circle(MARGIN_X + 4, this.y + 6, 1.8).fill(color);
    this.doc.fillColor(INK).text(text, MARGIN_X + 14, this.y, { width: WIDTH - 14, lineGap: 1.5 });
    this.y += height + 4;
  }

  /** A table whose header is drawn again at the top of every page it continues on. */
  table(
    columns: readonly Column[],
    rows: readonly (readonly Cell[])[],
    size = 8.5,
    shaded: (index: number) => boolean = (index) => index % 2 === 1,
  ): void {
    const pad = 4;
    const header = () => {
      this.doc.font(this.pdf.ui('medium')).fontSize(size);
      const h =
        Math.max(...columns.map((c) => this.doc.heightOfString(c.header, { width: c.width - pad * 2 }))) +
        pad * 2;
      this.doc.rect(MARGIN_X, this.y, WIDTH, h).fill(NAVY);
      let x = MARGIN_X;
      for (const c of columns) {
        this.doc
          .fillColor('#ffffff')
          .text(c.header, x + pad, this.y + pad, { width: c.width - pad * 2, align: c.align ?? 'left' });
        x += c.width;
      }
      this.y += h;
    };
    this.ensure(60);
    header();
    rows.forEach((row, index) => {
      const fonts = row.map((cell) =>
        cell.free ? this.pdf.for(cell.text) : this.pdf.ui(cell.bold ? 'medium' : 'regular'),
      );
      let height = 0;
      row.forEach((cell, i) => {
        this.doc.font(fonts[i] ?? this.pdf.ui()).fontSize(size);
        const w = (columns[i]?.width ?? 0) - pad * 2;
        height = Math.max(height, this.doc.heightOfString(cell.text || ' ', { width: w, lineGap: 1 }));
      });
      height += pad * 2;
      let cells = row;
      if (this.y + height > BOTTOM) {
        this.newPage();
        header();
        cells = row.map((cell) => (cell.text === '' && cell.carry ? { ...cell, text: cell.carry } : cell));
      }
      if (shaded(index)) this.doc.rect(MARGIN_X, this.y, WIDTH, height).fill(ZEBRA);
      let x = MARGIN_X;
      cells.forEach((cell, i) => {
        const c = columns[i];
        if (!c) return;
        this.doc
          .font(fonts[i] ?? this.pdf.ui())
          .fontSize(size)
          .fillColor(cell.color ?? INK)
          .text(cell.text, x + pad, this.y + pad, {
            width: c.width - pad * 2,
            align: c.align ?? 'left',
            lineGap: 1,
          });
        x += c.width;
      });
      this.y += height;
      this.doc
        .moveTo(MARGIN_X, this.y)
        .lineTo(MARGIN_X + WIDTH, this.y)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
    });
    this.y += 10;
  }

  /** Horizontal bars: label, bar of points / maximum, figures. */
  bars(
    items: readonly { label: string; points: number; max: number; indent?: number; color?: string }[],
  ): void {
    const labelW = 200;
    const figuresW = 86;
    const barW = WIDTH - labelW - figuresW - 12;
    const rowH = 15;
    for (const item of items) {
      this.doc.font(this.pdf.ui('regular')).fontSize(8);
      const indent = item.indent ?? 0;
      const labelHeight = this.doc.heightOfString(item.label, { width: labelW - indent - 6, lineGap: 0 });
      const h = Math.max(rowH, labelHeight + 4);
      this.ensure(h);
      this.doc
        .fillColor(INK)
        .text(item.label, MARGIN_X + indent, this.y + 2, { width: labelW - indent - 6, lineGap: 0 });
      const bx = MARGIN_X + labelW;
      const by = this.y + (h - 9) / 2;
      const share = item.max > 0 ? Math.min(1, item.points / item.max) : 0;
      this.doc.rect(bx, by, barW, 9).fill(BAR_BG);
      if (share > 0) this.doc.rect(bx, by, barW * share, 9).fill(item.color ?? BAR);
      const percent = item.max > 0 ? Math.round((item.points / item.max) * 100) : 0;
      this.doc
        .fillColor(MUTED)
        .fontSize(8)
        .text(`${item.points} / ${item.max}  ${percent}%`, bx + barW + 8, this.y + (h - 10) / 2, {
          width: figuresW,
          lineBreak: false,
        });
      this.y += h;
    }
    this.y += 8;
  }
}

export async function renderAssessmentReportPdf(doc: ReportDocument): Promise<Buffer> {
  const locale = doc.locale;
  const labels = LABELS[locale];
  const standard = doc.standard;
  const result = doc.eligibility;
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
  const w = new ReportWriter(pdf, labels);
  const d = pdf.doc;
  const levelName = (level: number) => standard.levels.find((l) => l.level === level)?.name[locale] ?? '';
  const levelCode = (level: number) => standard.levels.find((l) => l.level === level)?.code ?? `L${level}`;

  // Title.
  d.rect(0, 0, PAGE_W, 6).fill(NAVY);
  w.font('bold');
  d.fontSize(20).fillColor(NAVY).text(labels.title, MARGIN_X, 40, { width: WIDTH });
  w.y = d.y + 2;
  d.font(pdf.for(doc.organization.name, 'medium')).fontSize(13).fillColor(INK);
  d.text(doc.organization.name, MARGIN_X, w.y, { width: WIDTH });
  w.y = d.y + 12;

  // Summary.
  w.heading(labels.summary);
  const kind = labels.kinds[doc.assessment.kind] ?? doc.assessment.kind;
  const status = labels.statuses[doc.assessment.status] ?? doc.assessment.status;
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

  // The level.
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

  // Criteria of every level.
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

  // Charts.
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

  // The gap to the next level.
  const gap = result.gap;
  if (!gap) {
    w.heading(labels.gap('', '').trim());
    w.paragraph(labels.topLevel);
  } else {
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
      changeColumns(
        w,
        gap.changes.map((c) => describeChange(c, locale)),
      );
    } else {
      w.paragraph(labels.noChanges, { color: MUTED });
    }
  }

  // Every clause.
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

  pageFurniture(pdf, labels, doc);
  return pdfToBuffer(d);
}

function parenthesize(text: string, aside: string, locale: Locale): string {
  return locale === 'en' ? `${text} (${aside})` : `${text}（${aside}）`;
}

/** Suggested changes in three columns, so that a long list stays compact. */
function changeColumns(w: ReportWriter, lines: readonly string[]): void {
  const columns = 3;
  const colW = WIDTH / columns;
  const lineH = 13;
  const d = w.doc;
  d.font(w.pdf.ui('regular')).fontSize(8.5).fillColor(INK);
  let index = 0;
  while (index < lines.length) {
    w.ensure(lineH * 2);
    const rowsHere = Math.min(
      Math.ceil((lines.length - index) / columns),
      Math.floor((BOTTOM - w.y) / lineH),
    );
    for (let col = 0; col < columns; col++) {
      for (let row = 0; row < rowsHere; row++) {
        const line = lines[index + col * rowsHere + row];
        if (line === undefined) continue;
        d.fillColor(INK).text(line, MARGIN_X + col * colW + 6, w.y + row * lineH, {
          width: colW - 10,
          lineBreak: false,
          ellipsis: true,
        });
      }
    }
    index += rowsHere * columns;
    w.y += rowsHere * lineH + 6;
  }
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

/** Running header and footer with "page n of m", drawn once every page exists. */
function pageFurniture(pdf: Pdf, labels: Labels, doc: ReportDocument): void {
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
