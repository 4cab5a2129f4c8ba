import { z } from 'zod';
import { atLeastOneField, isoDate, pgString, timestamp } from '../../http.ts';

const optionalText = pgString().trim().min(1).max(200);

export const organizationFields = z.object({
  name: pgString().trim().min(1).max(200),
  operatingSince: isoDate.describe('the day the center began operating (for operating years)'),
  industry: optionalText.optional(),
  businessType: optionalText.optional(),
  region: optionalText.optional(),
  seats: z.int().min(0).max(1_000_000).optional(),
  sites: z.array(pgString().trim().min(1).max(300)).max(100).optional(),
});

export const organization = z
  .object({
    id: z.uuid(),
    name: z.string(),
    operatingSince: z.string(),
    industry: z.string().nullable(),
    businessType: z.string().nullable(),
    region: z.string().nullable(),
    seats: z.int().nullable(),
    sites: z.array(z.string()),
    publicListing: z.boolean(),
    benchmarkingOptIn: z.boolean(),
    siteLatitude: z.number().nullable().describe('the registered site (WGS 84), for check-ins'),
    siteLongitude: z.number().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Organization' });

export const organizationChangeRecord = z
  .object({
    changedAt: timestamp,
    changedBy: z.object({ id: z.uuid(), name: z.string() }),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  })
  .meta({ id: 'OrganizationChange' });

export const grant = z.object({
  consultantId: z.uuid(),
  name: z.string(),
  email: z.string(),
  grantedAt: timestamp,
});

/** A change to an organization: its fields, and whether it is listed in the public directory. */
export const organizationChange = atLeastOneField(
  organizationFields.partial().extend({
    siteLatitude: z
      .number()
      .min(-90)
      .max(90)
      .nullable()
      .optional()
      .describe(
        'the registered site’s latitude (WGS 84 degrees), given with siteLongitude; null clears both. Check-ins far from it are flagged',
      ),
    siteLongitude: z.number().min(-180).max(180).nullable().optional(),
    publicListing: z
      .boolean()
      .optional()
      .describe('list the center’s active certificates in the public directory (off by default)'),
    benchmarkingOptIn: z
      .boolean()
      .optional()
      .describe(
        'count the center’s latest complete assessment, anonymously, in benchmarking cohorts (off by default)',
      ),
  }),
).refine(
  (v) =>
    (v.siteLatitude === undefined) === (v.siteLongitude === undefined) &&
    (v.siteLatitude === null) === (v.siteLongitude === null),
  {
    message: 'siteLatitude and siteLongitude go together: both numbers, or both null',
    path: ['siteLongitude'],
  },
);
