import { LOCALES, ROLES } from '@ccmm/engine';
import { z } from 'zod';
import { EXAMPLE } from '../../examples.ts';
import { atLeastOneField, pgString } from '../../http.ts';

export const role = z.enum(ROLES);
export const locale = z.enum(LOCALES);
export const email = z.email().max(254);
export const password = z.string().min(10, 'at least 10 characters').max(200);

export const user = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role,
    organizationId: z.uuid().nullable(),
    locale: z.string(),
    /** False: deactivated (cannot sign in; its sessions ended). */
    active: z.boolean(),
    /** Two-step sign-in (an authenticator app) is on. */
    twoFactor: z.boolean(),
  })
  .meta({
    id: 'User',
    examples: [
      {
        id: EXAMPLE.centerAdmin.id,
        email: EXAMPLE.centerAdmin.email,
        name: EXAMPLE.centerAdmin.name,
        role: 'center_admin',
        organizationId: EXAMPLE.organizationId,
        locale: 'zh-Hans',
        active: true,
        twoFactor: false,
      },
    ],
  });

/** The signed-in user, and whether their role must use two-step sign-in. */
export const me = user.extend({ twoFactorRequired: z.boolean() }).meta({
  id: 'Me',
  examples: [
    {
      id: EXAMPLE.auditor.id,
      email: EXAMPLE.auditor.email,
      name: EXAMPLE.auditor.name,
      role: 'auditor',
      organizationId: null,
      locale: 'zh-Hans',
      active: true,
      twoFactor: true,
      twoFactorRequired: true,
    },
  ],
});

/** A signed-in session: its token (also set as the ccmm_token cookie) and whose it is. */
export const session = z.object({ token: z.string(), user }).meta({
  examples: [
    {
      token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIwZThiNWYyNyJ9.3q2-7wJx',
      user: {
        id: EXAMPLE.centerAdmin.id,
        email: EXAMPLE.centerAdmin.email,
        name: EXAMPLE.centerAdmin.name,
        role: 'center_admin',
        organizationId: EXAMPLE.organizationId,
        locale: 'zh-Hans',
        active: true,
        twoFactor: false,
      },
    },
  ],
});

export const createUserBody = z.object({
  email,
  name: pgString().trim().min(1).max(200),
  password,
  role,
  organizationId: z.uuid().optional(),
  locale: locale.optional(),
});

/** One's own name or language (PATCH /api/me): at least one of them. */
export const profileChange = atLeastOneField(
  z.object({
    name: pgString().trim().min(1).max(200).optional(),
    locale: locale.optional(),
    /** Notifications by e-mail too (they are always in the inbox). */
    notifyByEmail: z.boolean().optional(),
  }),
);
