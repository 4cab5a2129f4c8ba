import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { localizedText } from '../certificates/certificates.schemas.ts';

const share = z.number().nullable();

export const auditorCalibrationSchema = z
  .object({
    audits: z.int().describe('team audits (two or more raters with layers) counted'),
    auditors: z.array(
      z.object({
        auditorId: z.uuid(),
        name: z.string(),
        audits: z.int(),
        compared: z.object({ c: z.int(), f: z.int() }),
        leniency: z
          .object({ c: share, f: share })
          .describe('mean (own − team) points per rate: positive rates above the reconciled team rating'),
        overTime: z.array(
          z.object({ assessmentId: z.uuid(), assessedOn: z.string(), agreementWithTeam: share }),
        ),
      }),
    ),
    clauses: z
      .array(
        z.object({
          standard: z.string(),
          clause: z.int(),
          summary: localizedText
            .nullable()
            .describe("the clause's short summary (null: an edition no longer loaded)"),
          audits: z.int(),
          disagreed: z.int(),
          share: z.number(),
        }),
      )
      .describe('clauses raters disagreed on, most often first: candidates for better guidance'),
  })
  .meta({
    id: 'AuditorCalibration',
    examples: [
      {
        audits: 6,
        auditors: [
          {
            auditorId: EXAMPLE.auditor.id,
            name: EXAMPLE.auditor.name,
            audits: 4,
            compared: { c: 310, f: 305 },
            leniency: { c: 0.4, f: -0.2 },
            overTime: [
              { assessmentId: EXAMPLE.assessmentId, assessedOn: EXAMPLE.on, agreementWithTeam: 0.91 },
            ],
          },
        ],
        clauses: [
          {
            standard: EXAMPLE.standard,
            clause: 45,
            summary: {
              'zh-Hans': '定期评估客户满意度并据此改进',
              'zh-Hant': '定期評估客戶滿意度並據此改進',
              en: 'Customer satisfaction is measured regularly and acted on',
            },
            audits: 4,
            disagreed: 3,
            share: 0.75,
          },
        ],
      },
    ],
  });
