import {
  describeBlocker,
  describeChange,
  describeCriterion,
  describeNeed,
  type Standard,
} from '@ccmm/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPdf, flat, fontRows, loadOc2017 } from '../../pdf/testing.ts';
import { sampleEligibility, sampleReport } from './report.fixtures.ts';
import { renderAssessmentReportPdf } from './report.pdf.ts';
import type { ReportDocument } from './report-document.ts';

let standard: Standard;
beforeAll(async () => {
  standard = await loadOc2017();
});

describe('the assessment report PDF', () => {
  it('puts the summary, every criterion, the gap and every clause note into searchable text over several pages', async () => {
    const report = await sampleReport('zh-Hans');
    expect(report.eligibility.level).toBe(2);
    const pdf = checkPdf(await renderAssessmentReportPdf(report), 'report-zh-Hans');

    expect(pdf.pages).toBeGreaterThan(1);
    for (const expected of [
      '客户中心能力成熟度评估报告',
      report.organization.name,
      report.organization.operatingSince,
      report.assessment.id,
      report.assessment.assessedOn,
      '2026-11-2309:30UTC',
      '达到L2专业级',
      `总分${report.eligibility.total}/${report.eligibility.maxTotal}`,
      '各领域得分',
      '各小节得分',
      '距L3标杆级的差距',
      // The audit team and its days, and the findings with where they stand.
      '审核组与日期',
      '现场审核2026-11-16至2026-11-18，共6人日',
      '王审核',
      '审核组长',
      '技术专家',
      '严重不符合项1项，一般不符合项1项，观察项与改进机会1项；尚未关闭的不符合项1项。',
      '未见2026年培训计划。',
      '计划已接受',
      '已验证',
      '审核组长',
      '王审核，2026-11-20在平台签署',
      '受审核方代表',
      '尚未签署',
      '证据照片',
      '第1项发现·培训签到表',
      // Presence on record: each check-in, the far one flagged with the body's explanation.
      '现场签到记录',
      '签到（首次会议）',
      '签退（末次会议）',
      '2026-11-1600:55UTC',
      '2026-11-1603:40UTC',
      '23.13812,113.33011(±18m)',
      '104.3km',
      '未提供',
      '李审核的签到（首次会议）（2026-11-1601:02UTC）距中心登记场所104.3km，超出规定距离。',
      '认证机构说明：首次会议改在深圳分中心召开，已核对会议通知。',
    ]) {
      expect(pdf.flat, expected).toContain(flat(expected));
    }
    for (const c of report.eligibility.criteria) {
      const sentence = describeCriterion(standard, c, 'zh-Hans');
      expect(pdf.flat, sentence).toContain(flat(sentence));
    }
    const gap = report.eligibility.gap;
    expect(gap?.needs.length).toBeGreaterThan(0);
    for (const need of gap?.needs ?? []) {
      const c = report.eligibility.criteria.find((x) => x.id === need.criterion);
      if (!c) throw new Error(`no criterion ${need.criterion}`);
      expect(pdf.flat).toContain(flat(describeNeed(standard, need, c, 'zh-Hans')));
    }
    for (const change of gap?.changes ?? [])
      expect(pdf.flat).toContain(flat(describeChange(change, 'zh-Hans')));
    // Every note, the long Chinese ones wrapped over several lines of their cell.
    const notes = report.ratings.flatMap((r) => (r.note ? [r.note] : []));
    expect(notes.length).toBeGreaterThan(10);
    for (const note of notes) expect(pdf.flat, note).toContain(flat(note));
    // Every clause's summary is there, and every page says where it is.
    for (const clause of standard.clauses) expect(pdf.flat).toContain(flat(clause.summary['zh-Hans']));
    for (let n = 1; n <= pdf.pages; n++) expect(pdf.flat).toContain(`第${n}页/共${pdf.pages}页`);
    // The clause table's header is repeated on the pages it continues on.
    expect(pdf.flat.split('要求摘要').length - 1).toBeGreaterThan(2);

    expect(fontRows(pdf.fonts).every((f) => f.embedded && f.subset)).toBe(true);
    // The check-in's photo hash, whole (it may wrap inside its cell).
    expect(pdf.flat).toContain('a3f1c2d4e5b6978812aa34bc56de78f90123456789abcdef0fedcba987654321');
    pdf.page(1, 'report-zh-Hans-p1.png');
    pdf.page(2, 'report-zh-Hans-p2.png');
    pdf.page(3, 'report-zh-Hans-p3.png');
    pdf.page(pdf.pages, 'report-zh-Hans-last.png');
  });

  it('names what ratings cannot close in Traditional Chinese: the 2017 L5 total above the maximum', async () => {
    const ratings: ReportDocument['ratings'] = standard.clauses.map((c) => ({
      clause: c.number,
      c: 10,
      f: 10,
      note: c.number === 12 ? '現場抽查 2026 年第三季的錄音質檢紀錄，與評分標準一致。' : null,
    }));
    const report: ReportDocument = {
      ...(await sampleReport('zh-Hant')),
      organization: { name: '臺灣大哥大客戶服務中心', operatingSince: '2015-01-05' },
      ratings,
    };
    report.eligibility = sampleEligibility(standard, ratings, '2015-01-05', report.assessment.assessedOn);
    expect(report.eligibility.level).toBe(4);
    const blockers = report.eligibility.gap?.blockers ?? [];
    expect(blockers.map((b) => b.code)).toContain('gap.threshold_unattainable');

    const pdf = checkPdf(await renderAssessmentReportPdf(report), 'report-zh-Hant');
    expect(pdf.flat).toContain(flat('客戶中心能力成熟度評估報告'));
    expect(pdf.flat).toContain(flat('距 L5 卓越級 的差距'));
    for (const blocker of blockers)
      expect(pdf.flat).toContain(flat(describeBlocker(standard, blocker, 'zh-Hant')));
    for (const c of report.eligibility.criteria) {
      expect(pdf.flat).toContain(flat(describeCriterion(standard, c, 'zh-Hant')));
    }
    expect(pdf.flat).toContain(flat('現場抽查 2026 年第三季的錄音質檢紀錄，與評分標準一致。'));
    expect(pdf.flat).toContain(`第1頁/共${pdf.pages}頁`);
    // A caption typed in Simplified (训, 签: no glyph in Noto Sans TC) comes back whole.
    expect(pdf.flat).toContain(flat('第 1 項發現 · 培训签到表'));
    expect(pdf.flat).toContain(flat('審核組長：王审核'));
    expect(pdf.fonts).toMatch(/NotoSansTC/);
    pdf.page(1, 'report-zh-Hant-p1.png');
    pdf.page(3, 'report-zh-Hant-p3.png');
  });

  it('writes the English report with the English sentences', async () => {
    const sample = await sampleReport('en');
    // The far check-in not explained yet.
    const report = { ...sample, checkIns: sample.checkIns.map((c) => ({ ...c, explanation: null })) };
    const pdf = checkPdf(await renderAssessmentReportPdf(report), 'report-en');
    expect(pdf.pages).toBeGreaterThan(1);
    expect(pdf.text).toContain('Customer Center Capability Maturity Assessment Report');
    for (const c of report.eligibility.criteria) {
      expect(pdf.flat).toContain(flat(describeCriterion(standard, c, 'en')));
    }
    expect(pdf.text).toContain(`Page 1 of ${pdf.pages}`);
    expect(pdf.flat).toContain(flat('Presence on site (check-ins)'));
    expect(pdf.flat).toContain(flat('Awaiting the body’s explanation.'));
    expect(pdf.flat).toContain(flat('In (opening meeting)'));
    pdf.page(1, 'report-en-p1.png');
    pdf.page(2, 'report-en-p2.png');
  });
});
