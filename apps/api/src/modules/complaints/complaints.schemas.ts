import { COMPLAINT_EVENTS, COMPLAINT_KINDS, COMPLAINT_OUTCOMES, COMPLAINT_STATUSES } from '@ccmm/engine';
import { z } from 'zod';
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
export const lodged = z.object({
  id: z.uuid(),
  reference: z.string().describe('"C-2026-0001" (complaint) or "A-2026-0001" (appeal)'),
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
  .meta({ id: 'Complaint' });

/**
 * What the center sees of the complaints about it and of its appeals: never the complainant's
 * contact (personal data), nor the body's internal history.
 */
export const centerComplaint = complaintRecord
  .omit({ contact: true, history: true })
  .meta({ id: 'CenterComplaint' });
