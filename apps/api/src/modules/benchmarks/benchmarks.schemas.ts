import { assessmentKinds } from '@ccmm/db';
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
