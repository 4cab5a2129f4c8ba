import { type Role, roles } from '@ccmm/db';
import type { Locale } from '@ccmm/engine';
import { errors } from './errors.ts';

/** Who is calling: every repository call that touches tenant data takes one. */
export interface Actor {
  readonly userId: string;
  readonly role: Role;
  /** The center a center user belongs to; null for every other role. */
  readonly organizationId: string | null;
  readonly locale: Locale;
}

export const CERTIFICATION_BODY: readonly Role[] = ['cb_admin', 'cb_reviewer'];
export const CENTER: readonly Role[] = ['center_admin', 'center_member'];
export const ALL_ROLES: readonly Role[] = roles;

/** Who may call a route: nobody signed in, or these roles. Every route declares it. */
export type Access = 'public' | readonly Role[];

/** The caller of a route whose access is a list of roles (the auth hook has set it). */
export function requireActor(request: { readonly actor: Actor | null }): Actor {
  if (!request.actor) throw errors.unauthorized();
  return request.actor;
}
