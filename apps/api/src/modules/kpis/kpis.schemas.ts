import { ABANDON_METHODS, CSAT_SCALES, KPI_INDICATORS, MONTH_PATTERN } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { timestamp } from '../../http.ts';
import {
  cohortShown,
  cohortSize,
  optionalParam,
  peerFilterQuery,
  percentiles,
  standing,
} from '../benchmarks/benchmarks.schemas.ts';

/** A month in URLs and JSON: YYYY-MM (stored as its first day). */
export const month = z.string().regex(MONTH_PATTERN, 'a month is YYYY-MM').describe('YYYY-MM');

export const indicator = z.enum(KPI_INDICATORS);

/** Only the fields an indicator needs (checked by the engine's checkKpi): service level and CSAT. */
export const method = z
  .strictObject({
    thresholdSeconds: z
      .number()
      .optional()
      .describe('service level: answered within this many seconds (the 20 of 80/20)'),
    abandons: z.enum(ABANDON_METHODS).optional().describe('service level: how abandoned contacts count'),
    scale: z.enum(CSAT_SCALES).optional().describe('CSAT: 1–5 or 1–10 average, or top-box share in percent'),
  })
  .meta({
    id: 'KpiMethod',
    examples: [{ thresholdSeconds: 20, abandons: 'short_excluded' }, { scale: '1-5' }],
  });

export const kpiValuesBody = z.object({
  values: z
    .array(
      z.object({
        indicator,
        value: z.number(),
        target: z.number().nullable().optional().describe('absent or null: no target for the month'),
        method: method.optional().describe('absent: {} (the indicators that need no method)'),
      }),
    )
    .min(1)
    .max(KPI_INDICATORS.length),
});

export const kpiValue = z
  .object({
    month,
    indicator,
    value: z.number(),
    target: z.number().nullable(),
    method,
    unit: z.enum(['percent', 'seconds', 'score', 'points']),
    better: z.enum(['higher', 'lower']),
    met: z.boolean().nullable().describe('null without a target'),
  })
  .meta({
    id: 'KpiValue',
    examples: [
      {
        month: '2026-02',
        indicator: 'service_level',
        value: 82.4,
        target: 80,
        method: { thresholdSeconds: 20, abandons: 'short_excluded' },
        unit: 'percent',
        better: 'higher',
        met: true,
      },
    ],
  });

/** An organization's values over a period, oldest first. */
export const organizationKpis = z.object({ organizationId: z.uuid(), values: z.array(kpiValue) }).meta({
  examples: [
    {
      organizationId: EXAMPLE.organizationId,
      values: [
        {
          month: '2026-02',
          indicator: 'service_level',
          value: 82.4,
          target: 80,
          method: { thresholdSeconds: 20, abandons: 'short_excluded' },
          unit: 'percent',
          better: 'higher',
          met: true,
        },
      ],
    },
  ],
});

/** The values of a month as recorded. */
export const savedKpis = z.object({ values: z.array(kpiValue) }).meta({
  examples: [
    {
      values: [
        {
          month: '2026-02',
          indicator: 'service_level',
          value: 82.4,
          target: 80,
          method: { thresholdSeconds: 20, abandons: 'short_excluded' },
          unit: 'percent',
          better: 'higher',
          met: true,
        },
      ],
    },
  ],
});

export const kpiChange = z
  .object({
    month,
    indicator,
    value: z.number().nullable().describe('null: the value was removed'),
    target: z.number().nullable(),
    method: method.nullable(),
    changedBy: z.object({ id: z.uuid(), name: z.string() }),
    viaApiKey: z
      .string()
      .nullable()
      .describe('the name of the API key the change was made with; null: in a session'),
    changedAt: timestamp,
  })
  .meta({
    id: 'KpiChange',
    examples: [
      {
        month: '2026-02',
        indicator: 'aht',
        value: 236,
        target: 240,
        method: {},
        changedBy: { id: EXAMPLE.centerAdmin.id, name: EXAMPLE.centerAdmin.name },
        viaApiKey: '呼叫平台月度指标同步',
        changedAt: '2026-03-01T01:00:12.000Z',
      },
    ],
  });

export const kpiAttainment = z
  .object({
    from: month,
    to: month,
    indicators: z.array(
      z.object({
        indicator,
        months: z.int().describe('months measured with the method of the latest one'),
        monthsMet: z.int(),
        monthsWithTarget: z.int(),
        met: z.boolean().describe('met its target in at least half of the months that had one'),
        trendPerMonth: z.number().nullable().describe('least-squares slope in the better direction'),
        improved: z.boolean(),
      }),
    ),
    measured: z.int().describe('indicators measured with a target (the denominator of the shares)'),
    met: z.int(),
    metOrImproved: z.int(),
    shareMet: z.number().nullable().describe('percent; null when nothing was measured'),
    shareMetOrImproved: z.number().nullable(),
  })
  .meta({
    id: 'KpiAttainment',
    examples: [
      {
        from: '2025-03',
        to: '2026-02',
        indicators: [
          {
            indicator: 'service_level',
            months: 12,
            monthsMet: 9,
            monthsWithTarget: 12,
            met: true,
            trendPerMonth: 0.35,
            improved: true,
          },
        ],
        measured: 6,
        met: 4,
        metOrImproved: 5,
        shareMet: 66.7,
        shareMetOrImproved: 83.3,
      },
    ],
  });

const clauseShare = z.object({
  required: z.number().describe('the share (percent) the clause asks for'),
  share: z.number().nullable(),
  met: z.boolean(),
});

export const assessmentKpiAttainment = kpiAttainment
  .extend({ clauses: z.object({ 127: clauseShare, 128: clauseShare }) })
  .meta({
    id: 'AssessmentKpiAttainment',
    examples: [
      {
        from: '2025-03',
        to: '2026-02',
        indicators: [
          {
            indicator: 'service_level',
            months: 12,
            monthsMet: 9,
            monthsWithTarget: 12,
            met: true,
            trendPerMonth: 0.35,
            improved: true,
          },
        ],
        measured: 6,
        met: 4,
        metOrImproved: 5,
        shareMet: 66.7,
        shareMetOrImproved: 83.3,
        clauses: {
          127: { required: 50, share: 66.7, met: true },
          128: { required: 75, share: 83.3, met: true },
        },
      },
    ],
  });

export const rangeQuery = z.object({ from: month.optional(), to: month.optional() });

export const attainmentQuery = z.object({
  to: month.optional().describe('the last month (default: the current month)'),
  months: z.coerce.number().int().min(1).max(60).default(12),
});

/** The peer filters of the rating cohort (/api/benchmarks/cohort) that apply to KPIs. */
export const kpiCohortQuery = peerFilterQuery.extend({
  month: optionalParam(month).describe('default: the organization’s latest month with values'),
});

export const kpiCohort = z
  .object({
    month: month.nullable().describe('null: the organization has recorded no KPI yet'),
    indicators: z.array(
      z.object({
        indicator,
        unit: z.enum(['percent', 'seconds', 'score', 'points']),
        better: z.enum(['higher', 'lower']),
        value: z.number().nullable(),
        target: z.number().nullable(),
        method: method.nullable().describe('the method the cohort shares (null: unknown, no cohort)'),
        size: cohortSize.describe(
          'peers with a value for the month measured the same way; null when not shown (the count of a small cohort, with narrow filters, would tell whether a known organization matches)',
        ),
        shown: cohortShown,
        reasonCode: z.string().optional(),
        reason: z.string().optional(),
        ...percentiles,
        standing: standing.describe(
          'the band of the cohort the organization’s value falls in, on the indicator’s own scale: where lower is better (ASA, AHT, abandonment), below_p25 is the best band. No rank: it could be probed by changing one’s own value',
        ),
      }),
    ),
  })
  .meta({
    id: 'KpiCohort',
    examples: [
      {
        month: '2026-02',
        indicators: [
          {
            indicator: 'asa',
            unit: 'seconds',
            better: 'lower',
            value: 18,
            target: 20,
            method: {},
            size: 14,
            shown: true,
            p25: 15,
            p50: 22,
            p75: 31,
            standing: 'p25_p50',
          },
        ],
      },
    ],
  });
