import { CONFLICT_KINDS, DECISION_OUTCOMES } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { isoDate, pgString, timestamp } from '../../http.ts';
import { certificate } from '../certificates/certificates.schemas.ts';

const text = (max: number) => pgString().trim().min(1).max(max);

export const conflict = z
  .object({
    id: z.uuid(),
    auditorId: z.uuid(),
    auditorName: z.string(),
    organizationId: z.uuid(),
    kind: z.enum(CONFLICT_KINDS),
    since: z.string().nullable(),
    until: z.string().nullable(),
    note: z.string().nullable(),
    declaredAt: timestamp,
  })
  .meta({
    id: 'Conflict',
    examples: [
      {
        id: '4f9d2b7e-8c1a-4e56-a3b9-0d6f2c8e4a17',
        auditorId: EXAMPLE.auditor.id,
        auditorName: EXAMPLE.auditor.name,
        organizationId: EXAMPLE.organizationId,
        kind: 'consulted',
        since: '2023-01-01',
        until: '2024-06-30',
        note: '曾为该中心提供质检体系咨询',
        declaredAt: '2026-01-10T02:00:00.000Z',
      },
    ],
  });

export const decision = z
  .object({
    id: z.uuid(),
    assessmentId: z.uuid(),
    outcome: z.enum(DECISION_OUTCOMES),
    level: z.int().nullable(),
    reason: z.string().nullable(),
    comments: z.string().nullable(),
    eligibleLevel: z.int().describe('the level the stored ratings reached when decided'),
    snapshotHash: z.string().describe('sha256 of the canonical JSON of the ratings decided on'),
    deciderId: z.uuid(),
    deciderName: z.string(),
    decidedAt: timestamp,
    decidedOn: z.string(),
    until: z.string().nullable().describe('suspend: the deadline of the suspension'),
  })
  .meta({
    id: 'Decision',
    examples: [
      {
        id: EXAMPLE.decisionId,
        assessmentId: EXAMPLE.assessmentId,
        outcome: 'certify',
        level: 2,
        reason: null,
        comments: null,
        eligibleLevel: 2,
        snapshotHash: EXAMPLE.sha256,
        deciderId: EXAMPLE.reviewer.id,
        deciderName: EXAMPLE.reviewer.name,
        decidedAt: '2026-04-02T06:00:00.000Z',
        decidedOn: '2026-04-02',
        until: null,
      },
    ],
  });

export const decisionBody = z.object({
  outcome: z
    .enum(DECISION_OUTCOMES)
    .describe(
      'a certification audit: certify, return, refuse; a surveillance audit: maintain, lower, suspend, withdraw (acting on the organization’s current certificate), return, refuse',
    ),
  level: z
    .int()
    .min(1)
    .max(5)
    .optional()
    .describe(
      'certify: at most the level the ratings reach; lower: below the current level and at most the level the ratings reach',
    ),
  reason: text(4000)
    .optional()
    .describe('refuse, lower, suspend, withdraw, or certify below the eligible level: required'),
  comments: text(4000).optional().describe('return: required (what the auditors are to revisit)'),
  scope: text(500).optional().describe('certify: the scope printed on the certificate'),
  until: isoDate.optional().describe('suspend: required, the deadline (after today, at most 6 months away)'),
});

export const conflictBody = z.object({
  kind: z.enum(CONFLICT_KINDS),
  since: isoDate.optional(),
  until: isoDate.optional(),
  note: text(2000).optional(),
});

/** A decision, the certificate it issued (certify) and a warning when the level skips levels. */
export const decisionAnswer = z
  .object({
    decision,
    certificate: certificate.optional(),
    warning: z.object({ code: z.string(), message: z.string(), from: z.int(), to: z.int() }).optional(),
  })
  .meta({
    examples: [
      {
        decision: {
          id: EXAMPLE.decisionId,
          assessmentId: EXAMPLE.assessmentId,
          outcome: 'return',
          level: null,
          reason: null,
          comments: '请补充条款 45 的排班调整证据后重新评定 F 评分',
          eligibleLevel: 1,
          snapshotHash: EXAMPLE.sha256,
          deciderId: EXAMPLE.reviewer.id,
          deciderName: EXAMPLE.reviewer.name,
          decidedAt: '2026-03-20T06:00:00.000Z',
          decidedOn: '2026-03-20',
          until: null,
        },
      },
    ],
  });
