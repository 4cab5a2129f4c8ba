import { assessmentKinds, assessmentStatuses } from '@ccmm/db';
import { z } from 'zod';

const text = z.string().trim().min(1).max(200);
const seats = z.coerce.number().int().min(0).max(1_000_000);

export const MIN_COHORT = 5;

export const cohortQuery = z
  .object({
    organizationId: z.uuid().describe('the organization compared with its peers'),
    standard: text.optional().describe('standard version (default: that of its latest complete assessment)'),
    industry: text.optional(),
    businessType: text.optional(),
    region: text.optional(),
    level: z.coerce.number().int().min(0).max(5).optional().describe('level of the peer’s latest assessment'),
    kind: z.enum(assessmentKinds).optional().describe('only peers’ assessments of this kind'),
    minSeats: seats.optional(),
    maxSeats: seats.optional(),
  })
  .refine((q) => q.minSeats === undefined || q.maxSeats === undefined || q.minSeats <= q.maxSeats, {
    message: 'minSeats must not exceed maxSeats',
    path: ['minSeats'],
  });

/** Absent when the cohort is not shown. */
const percentiles = {
  p25: z.number().optional(),
  p50: z.number().optional(),
  p75: z.number().optional(),
  p90: z.number().optional(),
  rank: z.number().optional().describe('percentile rank (0–100) of the organization’s value in the cohort'),
};

export const cohort = z
  .object({
    standard: z.string(),
    size: z.int().describe('organizations in the cohort (the compared one not counted)'),
    shown: z.boolean().describe(`false when the cohort has fewer than ${MIN_COHORT} organizations`),
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
    total: z.object({ value: z.number().nullable(), ...percentiles }).optional(),
    domains: z.array(z.object({ domain: z.string(), value: z.number().nullable(), ...percentiles })),
    sections: z.array(
      z.object({ section: z.string(), domain: z.string(), value: z.number().nullable(), ...percentiles }),
    ),
  })
  .meta({ id: 'Cohort' });

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
  standard: text.optional().describe('standard version (default: the latest loaded)'),
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
          .extend({ kind: z.enum(assessmentKinds) })
          .nullable()
          .describe(
            'its latest complete assessment on the standard (null: none; the lists below are then empty)',
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
  .meta({ id: 'BenchmarkComparison' });

// An organization's assessments over time.

export const trendQuery = z.object({ organizationId: z.uuid() });

export const trend = z
  .object({
    organizationId: z.uuid(),
    points: z.array(
      z.object({
        assessmentId: z.uuid(),
        kind: z.enum(assessmentKinds),
        status: z.enum(assessmentStatuses),
        assessedOn: z.string(),
        standard: z.string(),
        complete: z.boolean(),
        level: z.int(),
        total: z.number(),
        domains: z.array(z.object({ domain: z.string(), points: z.number() })),
      }),
    ),
  })
  .meta({ id: 'BenchmarkTrend' });

// Self-assessment against audit.

export const selfVsAuditQuery = z
  .object({
    organizationId: z.uuid(),
    selfAssessmentId: z
      .uuid()
      .optional()
      .describe('default: the latest complete self-assessment on or before the audit’s date'),
    auditId: z
      .uuid()
      .optional()
      .describe(
        'default: the latest complete audit (certification or surveillance); with selfAssessmentId only, the first complete audit on or after it',
      ),
    industry: text.optional().describe('cohort: peers of this industry'),
    businessType: text.optional(),
    region: text.optional(),
    minSeats: seats.optional(),
    maxSeats: seats.optional(),
  })
  .refine((q) => q.minSeats === undefined || q.maxSeats === undefined || q.minSeats <= q.maxSeats, {
    message: 'minSeats must not exceed maxSeats',
    path: ['minSeats'],
  });

const pairSide = assessmentBrief.extend({ complete: z.boolean() }).nullable();
const rates = z.object({ c: z.int().nullable(), f: z.int().nullable() });
const spread = {
  p25: z.number(),
  p50: z.number(),
  p75: z.number(),
  p90: z.number(),
  mean: z.number(),
  rank: z
    .number()
    .optional()
    .describe('percentile rank (0–100) of the organization’s own difference in the cohort'),
};

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
      size: z.int().describe('opted-in peers with a self-assessment and an audit to compare'),
      shown: z.boolean().describe(`false when fewer than ${MIN_COHORT} peers`),
      reasonCode: z.string().optional(),
      reason: z.string().optional(),
      total: z.object(spread).optional().describe('distribution of (self − audit) total points'),
      domains: z.array(z.object({ domain: z.string(), ...spread })).optional(),
      rank: z.number().optional().describe('same as total.rank'),
    }),
  })
  .meta({ id: 'BenchmarkSelfVsAudit' });
