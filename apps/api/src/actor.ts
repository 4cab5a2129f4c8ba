import { CENTER_ROLES, CERTIFICATION_BODY_ROLES, type Locale, ROLES, type Role } from '@ccmm/engine';
import { errors } from './errors.ts';

/** Who is calling: every repository call that touches tenant data takes one. */
export interface Actor {
  readonly userId: string;
  readonly role: Role;
  /** The center a center user belongs to; null for every other role. */
  readonly organizationId: string | null;
  readonly locale: Locale;
  /** The name of the API key the call is made with (recorded in the trails); none in a session. */
  readonly apiKey?: string;
}

// Route access lists, named after the engine's role groups (@ccmm/engine domain.ts).
export const CERTIFICATION_BODY: readonly Role[] = CERTIFICATION_BODY_ROLES;
export const CENTER: readonly Role[] = CENTER_ROLES;
export const ALL_ROLES: readonly Role[] = ROLES;

/** Who may call a route: nobody signed in, or these roles. Every route declares it. */
export type Access = 'public' | readonly Role[];

/** The caller of a route whose access is a list of roles (the auth hook has set it). */
export function requireActor(request: { readonly actor: Actor | null }): Actor {
  if (!request.actor) throw errors.unauthorized();
  return request.actor;
}
