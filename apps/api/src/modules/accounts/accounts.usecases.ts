import type { AccountTokenPurpose, Database, Executor, Role } from '@ccmm/db';
import { schema } from '@ccmm/db';
import { CENTER_ROLES, isLocale, type Locale } from '@ccmm/engine';
import { eq } from 'drizzle-orm';
import type { Actor } from '../../actor.ts';
import type { Config } from '../../config.ts';
import { errors } from '../../errors.ts';
import { createSessionsRepository } from '../auth/sessions.repository.ts';
import { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import { ROLE_NAMES, renderMail } from '../outbox/mail-messages.ts';
import { createOutboxRepository } from '../outbox/outbox.repository.ts';
import { createUsersRepository, type UserRow } from '../users/users.repository.ts';
import { type AccountTokenRow, createAccountTokensRepository, newToken } from './accounts.repository.ts';

/** An invitation's link lasts a week; a password reset's an hour. */
export const INVITATION_TTL_MS = 7 * 24 * 3_600_000;
export const RESET_TTL_MS = 3_600_000;

/**
 * Who may give whom an account: the body's admin any role (a center role in a named center);
 * a center admin only its own center's roles, in its own center.
 */
function checkGrant(actor: Actor, role: Role, organizationId: string | null): void {
  const centerRole = CENTER_ROLES.includes(role);
  if (actor.role === 'center_admin' && (!centerRole || organizationId !== actor.organizationId)) {
    throw errors.forbidden('account.role_not_yours');
  }
  if (centerRole && !organizationId) throw errors.badRequest('user.organization_required');
  if (!centerRole && organizationId) throw errors.badRequest('user.organization_not_allowed');
}

/**
 * Writes an invitation and its e-mail in `tx` (the message is committed with the invitation, or
 * neither is); the caller has checked who may invite whom. An address with an account: 409.
 */
export async function writeInvitation(
  tx: Executor,
  config: Pick<Config, 'certificationBodyName' | 'publicOrigin'>,
  inviter: { readonly id: string; readonly name: string },
  input: {
    email: string;
    name: string;
    role: Role;
    organizationId: string | null;
    locale: Locale;
  },
  now: Date,
): Promise<AccountTokenRow> {
  if (await createUsersRepository(tx).findByEmail(input.email)) {
    throw errors.conflict('user.email_taken', { email: input.email });
  }
  const token = newToken();
  const row = await createAccountTokensRepository(tx).create({
    purpose: 'invitation',
    token,
    email: input.email,
    name: input.name,
    role: input.role,
    organizationId: input.organizationId,
    locale: input.locale,
    createdBy: inviter.id,
    expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
  });
  await createOutboxRepository(tx).enqueue({
    kind: 'invitation',
    recipient: input.email,
    locale: input.locale,
    payload: renderMail(
      'invitation',
      input.locale,
      {
        body: config.certificationBodyName,
        name: input.name,
        inviter: inviter.name,
        role: ROLE_NAMES[input.role][input.locale],
      },
      `${config.publicOrigin}/invitations/${token}`,
    ),
  });
  return row;
}

export async function invite({
  db,
  config,
  actor,
  input,
  now = new Date(),
}: {
  db: Database;
  config: Config;
  actor: Actor;
  input: { email: string; name: string; role: Role; organizationId?: string; locale?: Locale };
  now?: Date;
}): Promise<{ invitation: AccountTokenRow }> {
  // A center admin's invitation is to its own center unless it names another (refused).
  const organizationId =
    input.organizationId ??
    (actor.role === 'center_admin' && CENTER_ROLES.includes(input.role) ? actor.organizationId : null);
  checkGrant(actor, input.role, organizationId);
  const locale = input.locale ?? actor.locale;
  const invitation = await db.transaction(async (tx) => {
    if (organizationId && !(await createOrganizationsRepository(tx).exists(organizationId))) {
      throw errors.badRequest('organization.not_found');
    }
    const inviter = await createUsersRepository(tx).findById(actor.userId);
    return writeInvitation(
      tx,
      config,
      { id: actor.userId, name: inviter?.name ?? config.certificationBodyName },
      { ...input, organizationId, locale },
      now,
    );
  });
  return { invitation };
}

/** A link of `purpose` that is known, unspent and unexpired; 404 or 400 otherwise. */
function usable(row: AccountTokenRow | undefined, now: Date): AccountTokenRow {
  if (!row || row.usedAt) throw errors.notFound('account.link_invalid');
  if (row.expiresAt <= now) throw errors.badRequest('account.link_expired');
  return row;
}

/** Spends the link of `purpose` named by `token` (once, under the transaction): its row. */
async function spendLink(
  tx: Executor,
  purpose: AccountTokenPurpose,
  token: string,
  now: Date,
): Promise<AccountTokenRow> {
  const tokens = createAccountTokensRepository(tx);
  const row = usable(await tokens.find(purpose, token), now);
  if (!(await tokens.spend(row.id))) throw errors.notFound('account.link_invalid');
  return row;
}

/** Creates the invited account with the password the invitee chose; the link is spent. */
export async function acceptInvitation({
  db,
  token,
  passwordHash,
  now = new Date(),
}: {
  db: Database;
  token: string;
  passwordHash: string;
  now?: Date;
}): Promise<{ user: UserRow }> {
  const user = await db.transaction(async (tx) => {
    const invitation = await spendLink(tx, 'invitation', token, now);
    const created = await createUsersRepository(tx).insert({
      email: invitation.email,
      name: invitation.name ?? invitation.email,
      passwordHash,
      role: invitation.role ?? 'center_member',
      organizationId: invitation.organizationId,
      locale: invitation.locale,
    });
    if (!created) throw errors.conflict('user.email_taken', { email: invitation.email });
    return created;
  });
  return { user };
}

/**
 * Writes a reset link to the outbox when the address belongs to an active account; does
 * nothing otherwise. The caller answers the same either way.
 */
export async function requestPasswordReset({
  db,
  config,
  email,
  now = new Date(),
}: {
  db: Database;
  config: Config;
  email: string;
  now?: Date;
}): Promise<{ queued: boolean }> {
  return db.transaction(async (tx) => {
    const user = await createUsersRepository(tx).findByEmail(email);
    const token = newToken();
    if (!user?.active) return { queued: false };
    const locale: Locale = isLocale(user.locale) ? user.locale : 'zh-Hans';
    await createAccountTokensRepository(tx).create({
      purpose: 'password_reset',
      token,
      email: user.email,
      userId: user.id,
      locale,
      expiresAt: new Date(now.getTime() + RESET_TTL_MS),
    });
    await createOutboxRepository(tx).enqueue({
      kind: 'password_reset',
      recipient: user.email,
      locale,
      payload: renderMail(
        'password_reset',
        locale,
        { name: user.name },
        `${config.publicOrigin}/reset-password/${token}`,
      ),
    });
    return { queued: true };
  });
}

/** Sets the new password, spends the link and ends every session of the account. */
export async function resetPassword({
  db,
  token,
  passwordHash,
  now = new Date(),
}: {
  db: Database;
  token: string;
  passwordHash: string;
  now?: Date;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const reset = await spendLink(tx, 'password_reset', token, now);
    if (!reset.userId) throw errors.notFound('account.link_invalid');
    await tx.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, reset.userId));
    await createSessionsRepository(tx).endAllOf(reset.userId, 'password_change');
  });
}

/**
 * Deactivates, reactivates or changes the role of an account. Sessions are read with their
 * user at every request (plugins/auth.ts), so a new role counts from the next request; a
 * deactivation also ends the sessions, so they stay ended if the account is reactivated.
 */
export async function changeUser({
  db,
  actor,
  userId,
  change,
}: {
  db: Database;
  actor: Actor;
  userId: string;
  change: { active?: boolean; role?: Role };
}): Promise<{ user: UserRow }> {
  if (userId === actor.userId) throw errors.forbidden('account.not_yourself');
  const user = await db.transaction(async (tx) => {
    const users = createUsersRepository(tx);
    const target = await users.findById(userId);
    // A center admin sees only its own center's users: another's is not found.
    if (!target || (actor.role === 'center_admin' && target.organizationId !== actor.organizationId)) {
      throw errors.notFound('user.not_found');
    }
    if (actor.role === 'center_admin') checkGrant(actor, target.role, target.organizationId);
    if (change.role) checkGrant(actor, change.role, target.organizationId);
    const [updated] = await tx
      .update(schema.users)
      .set({
        ...(change.active === undefined ? {} : { active: change.active }),
        ...(change.role ? { role: change.role } : {}),
      })
      .where(eq(schema.users.id, userId))
      .returning();
    if (!updated) throw errors.notFound('user.not_found');
    if (change.active === false) await createSessionsRepository(tx).endAllOf(userId, 'deactivation');
    return updated;
  });
  return { user };
}
