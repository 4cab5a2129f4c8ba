// Realistic input for the report tests and the benchmark: the shipped CC-CMM-OC 2017 pack, made-up
// but plausible ratings and notes, and the engine's eligibility computed from them.
import {
  type ClauseRating,
  type EligibilityResult,
  evaluateEligibility,
  fullYearsBetween,
  type Locale,
  type RatingValue,
  type Standard,
} from '@ccmm/engine';
import { loadOc2017 } from '../../pdf/testing.ts';
import type { ReportDocument } from './report-document.ts';

const NOTES: readonly string[] = [
  '现场抽查了 2026 年 3 月至 9 月的质检记录，评分标准与培训材料一致；但夜班组的质检覆盖率只有 62%，低于中心自定的 80% 目标，建议把夜班纳入每周的抽检计划并在月度运营会上跟踪。',
  '知识库有版本管理，但 41 篇文章超过一年未复核。',
  '客户满意度调查采用第三方，样本量充足；投诉根因分析只做到一级分类，尚未与流程改进项目挂钩，F-Rate 给 5 分。',
  '排班预测准确率 94%（目标 90%），有完整的预测—排班—实时调度闭环记录。',
  'The crisis plan was tested in a tabletop exercise in May; no live failover drill of the telephony platform has been run yet, so F is 5 until one is evidenced.',
];

/** Deterministic ratings that reach L2 of CC-CMM-OC 2017 with a gap to L3, some with notes. */
export function sampleRatings(standard: Standard): ReportDocument['ratings'] {
  return standard.clauses.map((clause, i) => {
    const c: RatingValue = i % 23 === 7 ? 5 : 10;
    const f: RatingValue = i % 6 === 2 ? 5 : i % 41 === 13 ? 0 : 10;
    const note = i % 9 === 4 ? (NOTES[((i / 9) % NOTES.length) | 0] ?? null) : null;
    return { clause: clause.number, c, f, note };
  });
}

export function sampleEligibility(
  standard: Standard,
  ratings: ReportDocument['ratings'],
  operatingSince: string,
  assessedOn: string,
): EligibilityResult {
  const clauseRatings: ClauseRating[] = ratings.map((r) => ({
    clause: r.clause,
    c: r.c as RatingValue | null,
    f: r.f as RatingValue | null,
  }));
  return evaluateEligibility(standard, clauseRatings, {
    operatingYears: fullYearsBetween(operatingSince, assessedOn) ?? 0,
  });
}

export async function sampleReport(locale: Locale = 'zh-Hans'): Promise<ReportDocument> {
  const standard = await loadOc2017();
  const ratings = sampleRatings(standard);
  const organization = { name: '华夏银行信用卡客户服务中心', operatingSince: '2019-04-01' };
  const assessedOn = '2026-11-16';
  return {
    locale,
    organization,
    assessment: {
      id: 'a1b2c3d4-5e6f-4a0b-9c8d-7e6f5a4b3c2d',
      kind: 'certification',
      status: 'submitted',
      assessedOn,
    },
    standard,
    eligibility: sampleEligibility(standard, ratings, organization.operatingSince, assessedOn),
    ratings,
    generatedAt: '2026-11-23T09:30:00.000Z',
    plan: {
      onSiteFrom: '2026-11-16',
      onSiteTo: '2026-11-18',
      manDays: 6,
      team: [
        { name: '王审核', role: 'lead' },
        { name: '李审核', role: 'auditor' },
        { name: '赵专家', role: 'technical_expert' },
      ],
    },
    findings: [
      {
        number: 1,
        kind: 'major',
        clauses: [11, 12],
        state: 'plan_accepted',
        statement:
          '要求：制定年度培训计划。\n看到的证据：未见 2026 年培训计划。\n缺少：培训计划及其执行记录。',
        dueOn: '2026-12-31',
      },
      {
        number: 2,
        kind: 'minor',
        clauses: [40],
        state: 'verified',
        statement: '质检抽样比例低于程序文件规定。',
        dueOn: '2026-12-15',
      },
      {
        number: 3,
        kind: 'observation',
        clauses: [3],
        state: 'open',
        statement: '看板数据更新不及时。',
        dueOn: null,
      },
    ],
    checkIns: [
      {
        name: '王审核',
        kind: 'in',
        at: '2026-11-16T00:55:00.000Z',
        receivedAt: '2026-11-16T00:55:02.000Z',
        location: { latitude: 23.13812, longitude: 113.33011, accuracyM: 18 },
        distanceM: 92,
        far: false,
        photoSha256: 'a3f1c2d4e5b6978812aa34bc56de78f90123456789abcdef0fedcba987654321',
        explanation: null,
      },
      {
        name: '李审核',
        kind: 'in',
        at: '2026-11-16T01:02:00.000Z',
        // Sent from the device's queue when the network came back.
        receivedAt: '2026-11-16T03:40:11.000Z',
        location: { latitude: 22.5431, longitude: 114.0579, accuracyM: 35 },
        distanceM: 104_310,
        far: true,
        photoSha256: null,
        explanation: '首次会议改在深圳分中心召开，已核对会议通知。',
      },
      {
        name: '王审核',
        kind: 'out',
        at: '2026-11-18T09:30:00.000Z',
        receivedAt: '2026-11-18T09:30:01.000Z',
        location: null,
        distanceM: null,
        far: false,
        photoSha256: null,
        explanation: null,
      },
    ],
    signOffs: [{ party: 'lead_auditor', name: '王审核', signedOn: '2026-11-20' }],
    photos: [1, 2].map((n) => ({
      findingNumber: n,
      caption: n === 1 ? '培训签到表' : '质检抽样记录',
      image: SAMPLE_PHOTO,
    })),
  };
}

/** A 1×1 PNG (one opaque pixel): enough to see that a photo is drawn where it belongs. */
const SAMPLE_PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
