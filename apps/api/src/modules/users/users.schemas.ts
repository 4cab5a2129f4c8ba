import { LOCALES, ROLES } from '@ccmm/engine';
import { z } from 'zod';
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
  .meta({ id: 'User' });

/** The signed-in user, and whether their role must use two-step sign-in. */
export const me = user.extend({ twoFactorRequired: z.boolean() }).meta({ id: 'Me' });

/** A signed-in session: its token (also set as the ccmm_token cookie) and whose it is. */
export const session = z.object({ token: z.string(), user });

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
