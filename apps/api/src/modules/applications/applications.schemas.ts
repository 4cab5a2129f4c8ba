import { APPLICATION_STATUSES } from '@ccmm/engine';
import { z } from 'zod';
import { pgString, timestamp } from '../../http.ts';
import { organizationFields } from '../organizations/organizations.schemas.ts';
import { email, locale } from '../users/users.schemas.ts';

export const MESSAGE_MAX = 4000;

/** The public form: the center as it will be registered, who to answer, what it aims at. */
export const applicationBody = z.object({
  organization: organizationFields,
  contact: z.object({
    name: pgString().trim().min(1).max(200),
    email,
    phone: pgString().trim().min(3).max(50).optional(),
  }),
  targetLevel: z.int().min(1).max(5).optional(),
  message: pgString().trim().max(MESSAGE_MAX).optional(),
  /** The language the applicant is answered in; the browser's when left out. */
  locale: locale.optional(),
});

export const applicationReceipt = z.object({ reference: z.string() });

export const application = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    organization: organizationFields,
    contact: z.object({ name: z.string(), email: z.string(), phone: z.string().nullable() }),
    targetLevel: z.int().nullable(),
    message: z.string().nullable(),
    locale: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    reason: z.string().nullable(),
    decidedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    decidedAt: timestamp.nullable(),
    organizationId: z.uuid().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Application' });

export const applicationQuery = z.object({
  status: z.enum(APPLICATION_STATUSES).optional(),
});

export const declineBody = z.object({ reason: pgString().trim().min(1).max(2000) });
