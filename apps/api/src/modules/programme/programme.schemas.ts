import { PROGRAMME_AUDIT_KINDS, PROGRAMME_AUDIT_STATUSES } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { isoDate } from '../../http.ts';

/** One planned audit of a certificate's cycle. */
export const plannedAudit = z
  .object({
    kind: z
      .enum(PROGRAMME_AUDIT_KINDS)
      .describe(
        'stage1: the document review that found the center ready (no assessment); stage2: the rated audit the certificate was issued on; surveillance; recertification',
      ),
    dueFrom: isoDate.describe('the window opens'),
    dueBy: isoDate.describe('the due date (for recertification: the expiry)'),
    status: z
      .enum(PROGRAMME_AUDIT_STATUSES)
      .describe(
        'planned (no audit yet), scheduled (created, not started), in_progress, done (decided or refused), overdue (due date passed without an audit)',
      ),
    assessmentId: z.uuid().nullable().describe('the audit that fulfils it (stage 1: null, a review)'),
  })
  .meta({
    id: 'PlannedAudit',
    examples: [
      {
        kind: 'surveillance',
        dueFrom: '2027-01-01',
        dueBy: '2027-04-01',
        status: 'planned',
        assessmentId: null,
      },
    ],
  });

export const programme = z
  .object({
    organizationId: z.uuid(),
    cycles: z.array(
      z.object({
        certificateNumber: z
          .string()
          .nullable()
          .describe('null: the cycle under way before a certificate (stage 1 found the center ready)'),
        standard: z.string(),
        level: z.int().nullable(),
        issuedOn: isoDate.nullable(),
        expiresOn: isoDate.nullable(),
        audits: z.array(plannedAudit),
      }),
    ),
  })
  .meta({
    id: 'Programme',
    examples: [
      {
        organizationId: EXAMPLE.organizationId,
        cycles: [
          {
            certificateNumber: EXAMPLE.certificateNumber,
            standard: EXAMPLE.standard,
            level: 2,
            issuedOn: '2026-04-02',
            expiresOn: '2029-04-01',
            audits: [
              {
                kind: 'stage2',
                dueFrom: '2026-01-20',
                dueBy: '2026-07-20',
                status: 'done',
                assessmentId: EXAMPLE.assessmentId,
              },
            ],
          },
        ],
      },
    ],
  });

export const attention = z
  .array(
    z.object({
      organizationId: z.uuid(),
      organizationName: z.string(),
      certificateNumber: z.string(),
      reason: z
        .enum(['overdue', 'due', 'suspension_ends'])
        .describe(
          'overdue: the due date passed without an audit; due: falls due soon; suspension_ends: the deadline of a suspension',
        ),
      audit: z.enum(PROGRAMME_AUDIT_KINDS).nullable(),
      date: isoDate,
    }),
  )
  .meta({
    id: 'Attention',
    examples: [
      [
        {
          organizationId: EXAMPLE.organizationId,
          organizationName: EXAMPLE.organizationName,
          certificateNumber: EXAMPLE.certificateNumber,
          reason: 'due',
          audit: 'surveillance',
          date: '2027-04-01',
        },
      ],
    ],
  });
