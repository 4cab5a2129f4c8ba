import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { timestamp } from '../../http.ts';

/** A C-Rate or F-Rate as sent: 0, 5 or 10 points, or null (not rated). */
export const rate = z.union([z.literal(0), z.literal(5), z.literal(10)]).nullable();

export const rating = z
  .object({
    clause: z.int(),
    c: z.int().nullable(),
    f: z.int().nullable(),
    note: z.string().nullable(),
    carried: z
      .boolean()
      .describe(
        'carried over from the last decided audit into a surveillance audit: not yet confirmed or changed by this one (a self-assessment’s starting copy is never marked)',
      ),
    version: z.int().describe('send it back with the next change of this clause'),
    updatedBy: z.uuid(),
    updatedAt: timestamp,
  })
  .meta({
    id: 'Rating',
    examples: [
      {
        clause: 45,
        c: 10,
        f: 5,
        note: '排班流程有文件，但近三个月未按预测调整班表',
        carried: false,
        version: 3,
        updatedBy: EXAMPLE.auditor.id,
        updatedAt: EXAMPLE.at,
      },
    ],
  });

/** An assessment's ratings (clauses never rated are absent). */
export const assessmentRatings = z
  .object({
    standard: z.string(),
    ratings: z.array(rating),
    /** `layer=all`: the team and every rater's own layer. */
    team: z
      .object({ isTeam: z.boolean(), leadId: z.uuid().nullable(), layersVisible: z.boolean() })
      .optional(),
    layers: z
      .array(
        z.object({
          raterId: z.uuid(),
          name: z.string(),
          ratings: z.array(
            z.object({
              clause: z.int(),
              c: z.int().nullable(),
              f: z.int().nullable(),
              note: z.string().nullable(),
              version: z.int(),
            }),
          ),
        }),
      )
      .optional(),
  })
  .meta({
    examples: [
      {
        standard: EXAMPLE.standard,
        ratings: [
          {
            clause: 45,
            c: 10,
            f: 5,
            note: '排班流程有文件，但近三个月未按预测调整班表',
            carried: false,
            version: 3,
            updatedBy: EXAMPLE.auditor.id,
            updatedAt: EXAMPLE.at,
          },
        ],
      },
      {
        standard: EXAMPLE.standard,
        ratings: [
          {
            clause: 45,
            c: 10,
            f: 5,
            note: '排班流程有文件，但近三个月未按预测调整班表',
            carried: false,
            version: 3,
            updatedBy: EXAMPLE.auditor.id,
            updatedAt: EXAMPLE.at,
          },
        ],
        team: { isTeam: true, leadId: EXAMPLE.auditor.id, layersVisible: true },
        layers: [
          {
            raterId: EXAMPLE.reviewer.id,
            name: EXAMPLE.reviewer.name,
            ratings: [{ clause: 45, c: 10, f: 10, note: null, version: 1 }],
          },
        ],
      },
    ],
  });

/** The agreement of an audit's raters (GET /api/assessments/:id/agreement). */
export const agreement = z
  .object({
    raters: z.int(),
    clausesRatedByMany: z.int(),
    exactAgreement: z.object({ c: z.number().nullable(), f: z.number().nullable() }),
    kappa: z.object({ c: z.number().nullable(), f: z.number().nullable() }),
    levelChanging: z.array(z.int()),
  })
  .meta({
    id: 'RaterAgreement',
    examples: [
      {
        raters: 2,
        clausesRatedByMany: 168,
        exactAgreement: { c: 0.89, f: 0.83 },
        kappa: { c: 0.72, f: 0.64 },
        levelChanging: [45],
      },
    ],
  });

/** Whether a team audit's raters see each other's layers (PUT /api/assessments/:id/team-settings). */
export const teamSettings = z
  .object({ layersVisible: z.boolean() })
  .meta({ examples: [{ layersVisible: true }] });
