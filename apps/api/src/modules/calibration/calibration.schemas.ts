import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';

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
      .array(z.object({ clause: z.int(), audits: z.int(), disagreed: z.int(), share: z.number() }))
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
        clauses: [{ clause: 45, audits: 4, disagreed: 3, share: 0.75 }],
      },
    ],
  });
