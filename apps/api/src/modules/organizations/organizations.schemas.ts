import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
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
  .meta({
    id: 'Organization',
    examples: [
      {
        id: EXAMPLE.organizationId,
        name: EXAMPLE.organizationName,
        operatingSince: '2015-06-01',
        industry: '金融',
        businessType: '呼入服务',
        region: '华东',
        seats: 320,
        sites: ['上海市浦东新区张江路 88 号'],
        publicListing: true,
        benchmarkingOptIn: true,
        siteLatitude: 31.2036,
        siteLongitude: 121.5905,
        createdAt: '2025-11-20T03:15:00.000Z',
      },
    ],
  });

export const organizationChangeRecord = z
  .object({
    changedAt: timestamp,
    changedBy: z.object({ id: z.uuid(), name: z.string() }),
    changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  })
  .meta({
    id: 'OrganizationChange',
    examples: [
      {
        changedAt: '2026-02-10T06:40:00.000Z',
        changedBy: { id: EXAMPLE.centerAdmin.id, name: EXAMPLE.centerAdmin.name },
        changes: { seats: { from: 280, to: 320 } },
      },
    ],
  });

export const grant = z
  .object({
    consultantId: z.uuid(),
    name: z.string(),
    email: z.string(),
    grantedAt: timestamp,
  })
  .meta({
    examples: [
      {
        consultantId: '8d4a2f6c-3e1b-4c95-b7a0-2f5e9c1d8b43',
        name: '周敏',
        email: 'zhoumin@advisory.cn',
        grantedAt: '2026-02-15T02:00:00.000Z',
      },
    ],
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
