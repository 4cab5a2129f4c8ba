import { ASSESSMENT_KINDS, ASSESSMENT_STATUSES } from '@ccmm/engine';
import { z } from 'zod';
import { isoDate, timestamp } from '../../http.ts';

export const assessment = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    organizationName: z.string(),
    standard: z.string(),
    kind: z.enum(ASSESSMENT_KINDS),
    status: z.enum(ASSESSMENT_STATUSES),
    assessedOn: z.string(),
    carriedFrom: z
      .uuid()
      .nullable()
      .describe(
        'a surveillance audit: the decided audit its ratings were carried over from (a self-assessment started from a copy names its source in the trail instead)',
      ),
    sample: z
      .object({ domains: z.array(z.string()), clauses: z.array(z.int()) })
      .nullable()
      .describe('a surveillance audit: the domains and clauses it re-rates (null: the whole standard)'),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Assessment' });

export const assessmentDetail = assessment.extend({
  auditors: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
  clauses: z.int(),
  ratedClauses: z.int(),
  sampledToConfirm: z
    .int()
    .describe('sampled clauses whose rating is still carried over (none left: it may be submitted)'),
});

export const createAssessmentBody = z.object({
  organizationId: z.uuid(),
  standard: z.string().regex(/^[a-z0-9-]+@[0-9A-Za-z.-]+$/, 'like cc-cmm-oc@2017'),
  kind: z.enum(ASSESSMENT_KINDS),
  assessedOn: isoDate.optional().describe('defaults to today (UTC)'),
  sample: z
    .object({
      domains: z
        .array(z.string().max(20))
        .max(50)
        .optional()
        .describe('domain ids of the standard, e.g. "2.0"'),
      clauses: z.array(z.int().min(1)).max(1000).optional(),
    })
    .optional()
    .describe(
      'surveillance only: what the team re-rates, whole domains and single clauses; omitted: the whole standard',
    ),
  startFrom: z
    .enum(['previous', 'last_audit'])
    .optional()
    .describe(
      'self-assessment only: start from a copy of the ratings and notes (not the evidence) of the organization’s latest self-assessment on the standard (previous) or of its latest audit once submitted (last_audit: submitted, in review or decided, never one still sealed); each copy is in the trail with the assessment it came from. Omitted: start unrated.',
    ),
});

export const idParams = z.object({ id: z.uuid() });

/** What a move to another edition did, clause by clause (numbers of the new edition but `dropped`). */
export const moveResult = z.object({
  assessmentId: z.uuid(),
  from: z.string(),
  to: z.string(),
  carried: z.array(z.int()).describe('equal clauses: ratings carried as they were'),
  proposed: z
    .array(z.object({ clause: z.int(), kind: z.enum(['split', 'merged']), sources: z.array(z.int()) }))
    .describe('split and merged clauses: proposed ratings, marked to confirm'),
  dropped: z.array(z.int()).describe('old clauses (removed) whose ratings had no counterpart'),
  unrated: z.array(z.int()).describe('clauses of the new edition with no rating'),
});

/** The last decided audit's ratings, shown beside a self-assessment's clauses. */
export const lastAudit = z
  .object({
    audit: z
      .object({ id: z.uuid(), kind: z.enum(ASSESSMENT_KINDS), assessedOn: z.string() })
      .nullable()
      .describe('null: no decided audit on the standard the caller may read'),
    ratings: z.array(
      z.object({
        clause: z.int(),
        c: z.int().nullable().describe('C-Rate: 0, 5, 10'),
        f: z.int().nullable().describe('F-Rate: 0, 5, 10'),
      }),
    ),
  })
  .meta({ id: 'LastAuditRatings' });
