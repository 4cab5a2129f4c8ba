import { ASSESSMENT_KINDS, ASSESSMENT_STATUSES } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
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
  .meta({
    id: 'Assessment',
    examples: [
      {
        id: EXAMPLE.assessmentId,
        organizationId: EXAMPLE.organizationId,
        organizationName: EXAMPLE.organizationName,
        standard: EXAMPLE.standard,
        kind: 'certification',
        status: 'in_progress',
        assessedOn: EXAMPLE.on,
        carriedFrom: null,
        sample: null,
        createdAt: '2026-03-01T02:00:00.000Z',
        updatedAt: EXAMPLE.at,
      },
      {
        id: '1f5c7a3e-9d2b-4e60-8b7a-3c1e5f9d2a84',
        organizationId: EXAMPLE.organizationId,
        organizationName: EXAMPLE.organizationName,
        standard: EXAMPLE.standard,
        kind: 'surveillance',
        status: 'draft',
        assessedOn: '2027-03-10',
        carriedFrom: EXAMPLE.assessmentId,
        sample: { domains: ['2.0'], clauses: [127, 128] },
        createdAt: '2027-02-20T02:00:00.000Z',
        updatedAt: '2027-02-20T02:00:00.000Z',
      },
    ],
  });

export const assessmentDetail = assessment
  .extend({
    auditors: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
    clauses: z.int(),
    ratedClauses: z.int(),
    sampledToConfirm: z
      .int()
      .describe('sampled clauses whose rating is still carried over (none left: it may be submitted)'),
  })
  .meta({
    examples: [
      {
        id: EXAMPLE.assessmentId,
        organizationId: EXAMPLE.organizationId,
        organizationName: EXAMPLE.organizationName,
        standard: EXAMPLE.standard,
        kind: 'certification',
        status: 'in_progress',
        assessedOn: EXAMPLE.on,
        carriedFrom: null,
        sample: null,
        createdAt: '2026-03-01T02:00:00.000Z',
        updatedAt: EXAMPLE.at,
        auditors: [{ id: EXAMPLE.auditor.id, name: EXAMPLE.auditor.name, email: EXAMPLE.auditor.email }],
        clauses: 168,
        ratedClauses: 120,
        sampledToConfirm: 0,
      },
    ],
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
export const moveResult = z
  .object({
    assessmentId: z.uuid(),
    from: z.string(),
    to: z.string(),
    carried: z.array(z.int()).describe('equal clauses: ratings carried as they were'),
    proposed: z
      .array(z.object({ clause: z.int(), kind: z.enum(['split', 'merged']), sources: z.array(z.int()) }))
      .describe('split and merged clauses: proposed ratings, marked to confirm'),
    dropped: z.array(z.int()).describe('old clauses (removed) whose ratings had no counterpart'),
    unrated: z.array(z.int()).describe('clauses of the new edition with no rating'),
  })
  .meta({
    examples: [
      {
        assessmentId: EXAMPLE.selfAssessmentId,
        from: EXAMPLE.standard,
        to: 'cc-cmm-oc@2024',
        carried: [1, 2, 3],
        proposed: [{ clause: 46, kind: 'split', sources: [45] }],
        dropped: [88],
        unrated: [169],
      },
    ],
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
  .meta({
    id: 'LastAuditRatings',
    examples: [
      {
        audit: { id: EXAMPLE.assessmentId, kind: 'certification', assessedOn: EXAMPLE.on },
        ratings: [{ clause: 1, c: 10, f: 5 }],
      },
    ],
  });
