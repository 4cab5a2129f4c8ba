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

export const applicationReceipt = z
  .object({ reference: z.string() })
  .meta({ examples: [{ reference: 'AP-2026-0007' }] });

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
  .meta({
    id: 'Application',
    examples: [
      {
        id: 'a3c9e1f7-5b2d-4e86-9f14-7d0a6b8c2e35',
        reference: 'AP-2026-0007',
        organization: {
          name: '锦程呼叫中心',
          operatingSince: '2018-03-01',
          industry: '电信',
          region: '华南',
          seats: 150,
          sites: ['广州市天河区体育西路 103 号'],
        },
        contact: { name: '刘洋', email: 'liuyang@jincheng-cc.cn', phone: '+86 20 3888 6600' },
        targetLevel: 2,
        message: '希望于下半年完成二级认证审核。',
        locale: 'zh-Hans',
        status: 'received',
        reason: null,
        decidedBy: null,
        decidedAt: null,
        organizationId: null,
        createdAt: '2026-02-18T08:05:00.000Z',
      },
    ],
  });

export const applicationQuery = z.object({
  status: z.enum(APPLICATION_STATUSES).optional(),
});

export const declineBody = z.object({ reason: pgString().trim().min(1).max(2000) });
