import {
  ASSESSMENT_KINDS,
  ASSESSMENT_STATUSES,
  MIN_COHORT,
  MIN_COHORT_P90,
  SEAT_BANDS,
  type Standing,
} from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { pgString } from '../../http.ts';

const text = pgString().trim().min(1).max(200);

/** A query value left empty (`?industry=`) is no filter: absent, never '' or 0. */
const absentIfEmpty = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** An optional query parameter; empty counts as absent. */
export const optionalParam = <T extends z.ZodType>(schema: T) =>
  z.preprocess(absentIfEmpty, schema.optional());

/**
 * Who counts as a peer, by the organization's attributes: the filters every cohort query
 * (ratings, self-vs-audit, KPIs) shares.
 */
export const peerFilterQuery = z.object({
  organizationId: z.uuid().describe('the organization compared with its peers'),
  industry: optionalParam(text),
  businessType: optionalParam(text),
  region: optionalParam(text),
  seats: optionalParam(z.enum(SEAT_BANDS)).describe(
    'seat band: under_100, 100_299, 300_999, 1000_plus (a band, not a range: exact bounds could single out a peer)',
  ),
});

export const cohortQuery = peerFilterQuery.extend({
  standard: optionalParam(text).describe(
    'standard version (default: that of its latest complete assessment)',
  ),
  level: optionalParam(z.coerce.number().int().min(0).max(5)).describe(
    'level of the peer’s latest counted assessment',
  ),
  kind: optionalParam(z.enum(ASSESSMENT_KINDS)).describe('only peers’ assessments of this kind'),
});

export const STANDINGS = [
  'below_p25',
  'p25_p50',
  'p50_p75',
  'p75_p90',
  'above_p90',
  'above_p75',
] as const satisfies readonly Standing[];

/** Absent when the cohort is not shown; p90 from MIN_COHORT_P90 organizations only. */
export const percentiles = {
  p25: z.number().optional(),
  p50: z.number().optional(),
  p75: z.number().optional(),
  p90: z
    .number()
    .optional()
    .describe(
      `only for a cohort of ${MIN_COHORT_P90} organizations or more (with fewer it is close to one peer’s value)`,
    ),
};

export const standing = z
  .enum(STANDINGS)
  .optional()
  .describe(
    'the band of the cohort the organization’s value falls in, on the value’s own scale (above_p75 when p90 is not shown); absent without a value. No rank: it could be probed by changing one’s own value',
  );

export const cohortSize = z
  .int()
  .nullable()
  .describe(
    'organizations in the cohort (the compared one not counted); null when not shown: the count of a small cohort, with narrow filters, would tell whether a known organization matches',
  );

export const cohortShown = z
  .boolean()
  .describe(`false when the cohort has fewer than ${MIN_COHORT} organizations`);

export const cohort = z
  .object({
    standard: z.string(),
    size: cohortSize,
    shown: cohortShown,
    reason: z.string().optional().describe('why the cohort is not shown, in the reader’s language'),
    reasonCode: z.string().optional(),
    organization: z
      .object({
        assessmentId: z.uuid(),
        assessedOn: z.string(),
        total: z.number(),
        level: z.int(),
        domains: z.array(z.object({ domain: z.string(), value: z.number() })),
      })
      .nullable()
      .describe('the organization’s latest complete assessment (null: it has none)'),
    total: z.object({ value: z.number().nullable(), ...percentiles, standing }).optional(),
    domains: z.array(
      z.object({ domain: z.string(), value: z.number().nullable(), ...percentiles, standing }),
    ),
    sections: z.array(
      z.object({
        section: z.string(),
        domain: z.string(),
        value: z.number().nullable(),
        ...percentiles,
        standing,
      }),
    ),
  })
  .meta({
    id: 'Cohort',
    examples: [
      {
        standard: EXAMPLE.standard,
        size: 12,
        shown: true,
        organization: {
          assessmentId: EXAMPLE.assessmentId,
          assessedOn: EXAMPLE.on,
          total: 2610,
          level: 1,
          domains: [{ domain: '2.0', value: 880 }],
        },
        total: { value: 2610, p25: 2380, p50: 2540, p75: 2720, standing: 'p50_p75' },
        domains: [{ domain: '2.0', value: 880, p25: 790, p50: 850, p75: 910, standing: 'p50_p75' }],
        sections: [
          { section: '2.1.3', domain: '2.0', value: 130, p25: 110, p50: 125, p75: 140, standing: 'p50_p75' },
        ],
      },
      {
        standard: EXAMPLE.standard,
        size: null,
        shown: false,
        reason: '同类中心少于 5 家，不显示分布',
        reasonCode: 'benchmark.cohort_too_small',
        organization: null,
        domains: [],
        sections: [],
      },
    ],
  });

// Comparison of organizations side by side (consultants and the certification body).

export const MIN_COMPARED = 2;
export const MAX_COMPARED = 10;

export const compareQuery = z.object({
  organizationIds: z
    .string()
    .describe(`${MIN_COMPARED} to ${MAX_COMPARED} organization ids, comma-separated, each once`)
    .transform((value) => value.split(',').map((id) => id.trim()))
    .pipe(
      z
        .array(z.uuid())
        .min(MIN_COMPARED)
        .max(MAX_COMPARED)
        .refine((ids) => new Set(ids).size === ids.length, { message: 'an organization appears twice' }),
    ),
  standard: optionalParam(text).describe('standard version (default: the newest loaded)'),
});

const assessmentBrief = z.object({
  assessmentId: z.uuid(),
  assessedOn: z.string(),
  level: z.int(),
  total: z.number(),
});

export const comparison = z
  .object({
    standard: z.string(),
    organizations: z.array(
      z.object({
        organizationId: z.uuid(),
        name: z.string(),
        industry: z.string().nullable(),
        region: z.string().nullable(),
        seats: z.int().nullable(),
        assessment: assessmentBrief
          .extend({ kind: z.enum(ASSESSMENT_KINDS) })
          .nullable()
          .describe(
            'its latest complete assessment on the standard whose ratings no longer change (submitted, in review, decided or refused; null: none, and the lists below are then empty)',
          ),
        domains: z.array(z.object({ domain: z.string(), points: z.number(), max: z.number() })),
        sections: z.array(
          z.object({ section: z.string(), domain: z.string(), points: z.number(), max: z.number() }),
        ),
        criteria: z.array(
          z.object({
            level: z.int(),
            criterion: z.string().describe('the engine’s criterion id, e.g. "L2.C-core"'),
            description: z.string().describe('the criterion in the reader’s language'),
            unit: z.enum(['clauses', 'points', 'years']),
            required: z.number(),
            actual: z.number(),
            margin: z.number().describe('actual − required: negative is the shortfall'),
            met: z.boolean(),
          }),
        ),
      }),
    ),
  })
  .meta({
    id: 'BenchmarkComparison',
    examples: [
      {
        standard: EXAMPLE.standard,
        organizations: [
          {
            organizationId: EXAMPLE.organizationId,
            name: EXAMPLE.organizationName,
            industry: '金融',
            region: '华东',
            seats: 320,
            assessment: {
              assessmentId: EXAMPLE.assessmentId,
              assessedOn: EXAMPLE.on,
              level: 1,
              total: 2610,
              kind: 'certification',
            },
            domains: [{ domain: '2.0', points: 880, max: 1040 }],
            sections: [{ section: '2.1.3', domain: '2.0', points: 130, max: 160 }],
            criteria: [
              {
                level: 2,
                criterion: 'L2.F-core',
                description: '领域 1.0–4.0 中至少 70% 的条目 F 评分合规',
                unit: 'clauses',
                required: 104,
                actual: 100,
                margin: -4,
                met: false,
              },
            ],
          },
        ],
      },
    ],
  });

// An organization's assessments over time.

export const trendQuery = z.object({ organizationId: z.uuid() });

export const trend = z
  .object({
    organizationId: z.uuid(),
    points: z.array(
      z.object({
        assessmentId: z.uuid(),
        kind: z.enum(ASSESSMENT_KINDS),
        status: z.enum(ASSESSMENT_STATUSES),
        assessedOn: z.string(),
        standard: z.string(),
        complete: z.boolean(),
        level: z.int(),
        total: z.number(),
        domains: z.array(z.object({ domain: z.string(), points: z.number() })),
      }),
    ),
  })
  .meta({
    id: 'BenchmarkTrend',
    examples: [
      {
        organizationId: EXAMPLE.organizationId,
        points: [
          {
            assessmentId: EXAMPLE.assessmentId,
            kind: 'certification',
            status: 'decided',
            assessedOn: EXAMPLE.on,
            standard: EXAMPLE.standard,
            complete: true,
            level: 1,
            total: 2610,
            domains: [{ domain: '2.0', points: 880 }],
          },
        ],
      },
    ],
  });

// Self-assessment against audit.

export const selfVsAuditQuery = peerFilterQuery.extend({
  selfAssessmentId: optionalParam(z.uuid()).describe(
    'default: the latest counted self-assessment on or before the audit’s date',
  ),
  auditId: optionalParam(z.uuid()).describe(
    'default: the latest counted audit (certification or surveillance); with selfAssessmentId only, the first counted audit on or after it',
  ),
});

const pairSide = assessmentBrief.extend({ complete: z.boolean() }).nullable();
const rates = z.object({ c: z.int().nullable(), f: z.int().nullable() });
const spread = { ...percentiles, standing };

export const selfVsAudit = z
  .object({
    standard: z.string().nullable(),
    self: pairSide,
    audit: pairSide,
    reasonCode: z.string().optional(),
    reason: z.string().optional().describe('why there is no comparison, in the reader’s language'),
    total: z.object({ self: z.number(), audit: z.number(), difference: z.number() }).nullable(),
    domains: z.array(
      z.object({ domain: z.string(), self: z.number(), audit: z.number(), difference: z.number() }),
    ),
    clauses: z
      .array(
        z.object({
          clause: z.int(),
          domain: z.string(),
          section: z.string(),
          self: rates,
          audit: rates,
          difference: z.number().describe('(self C + F) − (audit C + F), unscored counted as the scale says'),
        }),
      )
      .describe('only the clauses rated differently'),
    cohort: z.object({
      standard: z.string(),
      size: cohortSize,
      shown: cohortShown,
      reasonCode: z.string().optional(),
      reason: z.string().optional(),
      total: z.object(spread).optional().describe('distribution of (self − audit) total points'),
      domains: z.array(z.object({ domain: z.string(), ...spread })).optional(),
      standing: standing.describe('same as total.standing'),
    }),
  })
  .meta({
    id: 'BenchmarkSelfVsAudit',
    examples: [
      {
        standard: EXAMPLE.standard,
        self: {
          assessmentId: EXAMPLE.selfAssessmentId,
          assessedOn: '2026-01-15',
          level: 2,
          total: 2760,
          complete: true,
        },
        audit: {
          assessmentId: EXAMPLE.assessmentId,
          assessedOn: EXAMPLE.on,
          level: 1,
          total: 2610,
          complete: true,
        },
        total: { self: 2760, audit: 2610, difference: 150 },
        domains: [{ domain: '2.0', self: 930, audit: 880, difference: 50 }],
        clauses: [
          {
            clause: 45,
            domain: '2.0',
            section: '2.1.3',
            self: { c: 10, f: 10 },
            audit: { c: 10, f: 5 },
            difference: 5,
          },
        ],
        cohort: {
          standard: EXAMPLE.standard,
          size: 9,
          shown: true,
          total: { p25: 40, p50: 95, p75: 160, standing: 'p75_p90' },
          domains: [{ domain: '2.0', p25: 10, p50: 30, p75: 55, standing: 'p50_p75' }],
          standing: 'p75_p90',
        },
      },
    ],
  });
