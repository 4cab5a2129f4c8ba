import { COMPLAINT_EVENTS, COMPLAINT_KINDS, COMPLAINT_OUTCOMES, COMPLAINT_STATUSES } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { pgString, timestamp } from '../../http.ts';

/** The longest complaint, appeal or outcome text (characters). */
export const COMPLAINT_TEXT_MAX = 4000;
export const CONTACT_MAX = 200;

const longText = pgString().trim().min(1).max(COMPLAINT_TEXT_MAX);

export const complaintKind = z.enum(COMPLAINT_KINDS);
export const complaintStatus = z.enum(COMPLAINT_STATUSES);
export const complaintOutcome = z.enum(COMPLAINT_OUTCOMES);

export const complaintBody = z.object({
  text: longText.describe('what the complaint is about'),
  contact: pgString()
    .trim()
    .max(CONTACT_MAX)
    .optional()
    .describe('how to reach the complainant (e-mail or telephone); seen by the certification body only'),
});

export const appealBody = z.object({ text: longText.describe('why the decision should be changed') });

export const assignBody = z.object({ handlerId: z.uuid() });

export const outcomeBody = z.object({ outcome: complaintOutcome, text: longText });

export const complaintQuery = z.object({
  status: complaintStatus.optional(),
  kind: complaintKind.optional(),
});

/** 201 of a lodged complaint or appeal. */
export const lodged = z
  .object({
    id: z.uuid(),
    reference: z.string().describe('"C-2026-0001" (complaint) or "A-2026-0001" (appeal)'),
  })
  .meta({
    examples: [
      { id: '2e7b4d9a-6f1c-4a83-9b5e-3d8f0a2c6e14', reference: 'C-2026-0003' },
      { id: '5a1c8e3b-7d2f-4b96-8a4e-0f6b3d9c2e71', reference: 'A-2026-0001' },
    ],
  });

export const complaintEvent = z.object({
  event: z.enum(COMPLAINT_EVENTS),
  actorName: z.string().nullable().describe('null: the public'),
  handlerId: z.uuid().nullable(),
  outcome: complaintOutcome.nullable(),
  text: z.string().nullable(),
  on: z.string(),
  at: timestamp,
});

/** A complaint or appeal as the certification body sees it: everything, with its history. */
export const complaintRecord = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    kind: complaintKind,
    status: complaintStatus,
    organizationId: z.uuid(),
    organizationName: z.string(),
    assessmentId: z.uuid().describe('the audit concerned (a complaint: the one behind the certificate)'),
    decisionId: z.uuid(),
    certificateNumber: z.string().nullable(),
    text: z.string(),
    contact: z.string().nullable(),
    receivedOn: z.string(),
    handlerId: z.uuid().nullable(),
    handlerName: z.string().nullable(),
    outcome: complaintOutcome.nullable(),
    outcomeText: z.string().nullable(),
    closedOn: z.string().nullable(),
    history: z.array(complaintEvent),
  })
  .meta({
    id: 'Complaint',
    examples: [
      {
        id: '2e7b4d9a-6f1c-4a83-9b5e-3d8f0a2c6e14',
        reference: 'C-2026-0003',
        kind: 'complaint',
        status: 'assigned',
        organizationId: EXAMPLE.organizationId,
        organizationName: EXAMPLE.organizationName,
        assessmentId: EXAMPLE.assessmentId,
        decisionId: EXAMPLE.decisionId,
        certificateNumber: EXAMPLE.certificateNumber,
        text: '该中心的热线长期无法接通，与证书等级不符。',
        contact: 'complainant@example.cn',
        receivedOn: '2026-05-06',
        handlerId: EXAMPLE.reviewer.id,
        handlerName: EXAMPLE.reviewer.name,
        outcome: null,
        outcomeText: null,
        closedOn: null,
        history: [
          {
            event: 'lodged',
            actorName: null,
            handlerId: null,
            outcome: null,
            text: null,
            on: '2026-05-06',
            at: '2026-05-06T04:12:00.000Z',
          },
        ],
      },
    ],
  });

/**
 * What the center sees of the complaints about it and of its appeals: never the complainant's
 * contact (personal data), nor the body's internal history.
 */
export const centerComplaint = complaintRecord.omit({ contact: true, history: true }).meta({
  id: 'CenterComplaint',
  examples: [
    {
      id: '5a1c8e3b-7d2f-4b96-8a4e-0f6b3d9c2e71',
      reference: 'A-2026-0001',
      kind: 'appeal',
      status: 'received',
      organizationId: EXAMPLE.organizationId,
      organizationName: EXAMPLE.organizationName,
      assessmentId: EXAMPLE.assessmentId,
      decisionId: EXAMPLE.decisionId,
      certificateNumber: null,
      text: '条款 45 的 F 评分未考虑已提交的排班调整记录。',
      receivedOn: '2026-04-08',
      handlerId: null,
      handlerName: null,
      outcome: null,
      outcomeText: null,
      closedOn: null,
    },
  ],
});
