import { FINDING_KINDS, FINDING_STATES, FINDING_VERDICTS } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { isoDate, listOf, pgString, timestamp } from '../../http.ts';
import { rate } from '../ratings/ratings.schemas.ts';

export const STATEMENT_MAX = 4000;
const text = (max: number) => pgString().trim().min(1).max(max);

export const findingBody = z.object({
  kind: z.enum(FINDING_KINDS),
  clauses: z.array(z.int().positive()).min(1).max(50),
  statement: text(STATEMENT_MAX).describe('the requirement, the evidence seen, what is missing'),
  evidenceIds: z.array(z.uuid()).max(50).optional().describe('evidence of the audit the finding rests on'),
});

export const planBody = z.object({
  correction: text(2000),
  rootCause: text(2000),
  action: text(2000),
  owner: text(200).optional(),
  dueOn: isoDate,
});

export const correctionBody = z.object({
  note: text(2000),
  evidenceIds: z
    .array(z.uuid())
    .max(50)
    .optional()
    .describe('evidence of the correction, uploaded to the audit'),
});

export const reviewBody = z.object({
  verdict: z.enum(FINDING_VERDICTS),
  comment: text(2000).optional(),
  ratings: z
    .array(z.object({ clause: z.int().positive(), c: rate.unwrap(), f: rate.unwrap() }))
    .max(50)
    .optional()
    .describe(
      'verified only: the finding’s clauses re-rated (recorded in the ratings’ trail), while the audit awaits its decision',
    ),
});

export const findingQuery = z.object({
  organizationId: z.uuid().optional(),
  kind: z.enum(FINDING_KINDS).optional(),
  state: listOf(z.enum(FINDING_STATES)).optional().describe('one or more, comma-separated'),
  first: listOf(z.enum(FINDING_STATES))
    .optional()
    .describe('findings in these states come first (what waits for the reader), the order otherwise kept'),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: only plans past their due date and not yet verified'),
});

export const findingParams = z.object({ id: z.uuid() });

export const finding = z
  .object({
    id: z.uuid(),
    number: z.int(),
    assessmentId: z.uuid(),
    organizationId: z.uuid(),
    organizationName: z.string(),
    kind: z.enum(FINDING_KINDS),
    clauses: z.array(z.int()),
    statement: z.string(),
    evidenceIds: z.array(z.uuid()),
    state: z.enum(FINDING_STATES),
    plan: z
      .object({
        correction: z.string(),
        rootCause: z.string(),
        action: z.string(),
        owner: z.string().nullable(),
        dueOn: isoDate,
      })
      .nullable(),
    correction: z.object({ note: z.string(), evidenceIds: z.array(z.uuid()) }).nullable(),
    /** Stands in the way of certify and maintain (a major until verified, a minor until its plan is accepted). */
    blocksDecision: z.boolean(),
    overdue: z.boolean(),
    recordedByName: z.string(),
    createdAt: timestamp,
    history: z.array(
      z.object({ event: z.string(), actorName: z.string(), comment: z.string().nullable(), at: timestamp }),
    ),
  })
  .meta({
    id: 'Finding',
    examples: [
      {
        id: EXAMPLE.findingId,
        number: 1,
        assessmentId: EXAMPLE.assessmentId,
        organizationId: EXAMPLE.organizationId,
        organizationName: EXAMPLE.organizationName,
        kind: 'minor',
        clauses: [45],
        statement: '要求按话务预测排班；现场抽查 3 月班表，与预测偏差约 18%，未见调整记录。',
        evidenceIds: ['8a3f6c1d-5e9b-4d72-b0a8-4c2e7f1b9d35'],
        state: 'plan_submitted',
        plan: {
          correction: '按最新预测重排 4 月班表',
          rootCause: '预测模型未纳入节假日话务峰值',
          action: '每周复核预测与排班偏差，超过 10% 即调整',
          owner: EXAMPLE.centerAdmin.name,
          dueOn: '2026-05-31',
        },
        correction: null,
        blocksDecision: true,
        overdue: false,
        recordedByName: EXAMPLE.auditor.name,
        createdAt: EXAMPLE.at,
        history: [{ event: 'recorded', actorName: EXAMPLE.auditor.name, comment: null, at: EXAMPLE.at }],
      },
    ],
  });

export const actionPlan = z
  .object({
    level: z.int().describe('the level the ratings reach now'),
    levels: z.array(
      z.object({
        level: z.int(),
        reachable: z.boolean().describe('correcting every open nonconformity reaches it'),
        needed: z.array(z.uuid()).describe('the open nonconformities every way to the level needs corrected'),
        neededSuffice: z.boolean(),
      }),
    ),
    findings: z.array(finding).describe('open nonconformities, those needed for the nearest level first'),
  })
  .meta({
    id: 'ActionPlan',
    examples: [
      {
        level: 1,
        levels: [{ level: 2, reachable: true, needed: [EXAMPLE.findingId], neededSuffice: true }],
        findings: [],
      },
    ],
  });
