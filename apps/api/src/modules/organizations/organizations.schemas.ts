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
);
