import { STAGE1_RESULTS } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { isoDate, pgString, timestamp } from '../../http.ts';
import { createAssessmentBody } from '../assessments/assessments.schemas.ts';

export const stage1ReviewBody = z.object({
  standard: createAssessmentBody.shape.standard,
  reviewedOn: isoDate.describe('the day the documents were reviewed'),
  result: z.enum(STAGE1_RESULTS).describe('ready: the center may go to stage 2; not_ready: not yet'),
  notes: pgString().trim().min(1).max(20_000).describe('the document review’s findings'),
});

export const stage1Review = z
  .object({
    id: z.uuid(),
    organizationId: z.uuid(),
    standard: z.string(),
    reviewedOn: isoDate,
    result: z.enum(STAGE1_RESULTS),
    notes: z.string(),
    recordedByName: z.string(),
    recordedAt: timestamp,
  })
  .meta({
    id: 'Stage1Review',
    examples: [
      {
        id: 'd8b2f4a6-7c3e-4a19-9e5d-1b6f0c8a3d72',
        organizationId: EXAMPLE.organizationId,
        standard: EXAMPLE.standard,
        reviewedOn: '2026-01-20',
        result: 'ready',
        notes: '文件体系齐备：战略规划、流程手册与绩效指标定义均已提交。',
        recordedByName: EXAMPLE.auditor.name,
        recordedAt: '2026-01-20T08:00:00.000Z',
      },
    ],
  });
