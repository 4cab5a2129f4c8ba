import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { pgString, timestamp } from '../../http.ts';
import { email, locale, password, role } from '../users/users.schemas.ts';

export const invitationBody = z.object({
  email,
  name: pgString().trim().min(1).max(200),
  role,
  /** The center of a center role; a center admin's own when left out. */
  organizationId: z.uuid().optional(),
  /** The language of the e-mail and of the account; the inviter's when left out. */
  locale: locale.optional(),
});

export const invitation = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role,
    organizationId: z.uuid().nullable(),
    expiresAt: timestamp,
  })
  .meta({
    id: 'Invitation',
    examples: [
      {
        id: '2c7e4a91-6b3d-4f58-8e1a-5d9b0c3f7a26',
        email: 'zhaoqiang@huaxin-cc.cn',
        name: '赵强',
        role: 'center_member',
        organizationId: EXAMPLE.organizationId,
        expiresAt: '2026-03-21T09:30:00.000Z',
      },
    ],
  });

/** A one-time link's token (in the e-mail's link). */
export const tokenParams = z.object({
  token: z
    .string()
    .min(20)
    .max(100)
    .regex(/^[A-Za-z0-9_-]+$/),
});

export const newPassword = z.object({ password });

export const resetRequest = z.object({ email: pgString().trim().min(3).max(254) });

export const passwordChange = z.object({ currentPassword: z.string().min(1).max(200), password });

export const userChange = z
  .object({ active: z.boolean().optional(), role: role.optional() })
  .refine((v) => v.active !== undefined || v.role !== undefined, 'give active or role');
