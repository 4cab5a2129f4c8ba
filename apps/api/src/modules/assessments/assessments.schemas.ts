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
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Assessment' });

export const assessmentDetail = assessment.extend({
  auditors: z.array(z.object({ id: z.uuid(), name: z.string(), email: z.string() })),
  clauses: z.int(),
  ratedClauses: z.int(),
});

export const createAssessmentBody = z.object({
  organizationId: z.uuid(),
  standard: z.string().regex(/^[a-z0-9-]+@[0-9A-Za-z.-]+$/, 'like cc-cmm-oc@2017'),
  kind: z.enum(ASSESSMENT_KINDS),
  assessedOn: isoDate.optional().describe('defaults to today (UTC)'),
});

export const idParams = z.object({ id: z.uuid() });
