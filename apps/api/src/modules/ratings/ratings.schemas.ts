import { z } from 'zod';
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
  .meta({ id: 'Rating' });

/** An assessment's ratings (clauses never rated are absent). */
export const assessmentRatings = z.object({
  standard: z.string(),
  ratings: z.array(rating),
  /** `layer=all`: the team and every rater's own layer. */
  team: z.object({ isTeam: z.boolean(), leadId: z.uuid().nullable(), layersVisible: z.boolean() }).optional(),
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
  .meta({ id: 'RaterAgreement' });

/** Whether a team audit's raters see each other's layers (PUT /api/assessments/:id/team-settings). */
export const teamSettings = z.object({ layersVisible: z.boolean() });
