import { randomInt } from 'node:crypto';
import type { Database, Executor } from '@ccmm/db';
import { isLocale, type Locale } from '@ccmm/engine';
import type { z } from 'zod';
import type { Actor } from '../../actor.ts';
import type { Config } from '../../config.ts';
import { errors } from '../../errors.ts';
import { writeInvitation } from '../accounts/accounts.usecases.ts';
import { notifyApplicationReceived } from '../notifications/notification-events.ts';
import { createOrganizationsRepository } from '../organizations/organizations.repository.ts';
import { renderMail } from '../outbox/mail-messages.ts';
import { createOutboxRepository } from '../outbox/outbox.repository.ts';
import { createUsersRepository } from '../users/users.repository.ts';
import { type ApplicationRow, createApplicationsRepository } from './applications.repository.ts';
import type { applicationBody } from './applications.schemas.ts';

// A center applies on the public form; the certification body's admin accepts it (the
// organization is registered and the contact invited as its admin, in one transaction) or
// declines it with a reason the applicant is e-mailed. Either way the applicant hears.

/** Letters and digits no one misreads on the phone (no 0/O, 1/I/L). */
const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function newReference(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return `AP-${code}`;
}

export async function submitApplication({
  db,
  config,
  body,
  locale,
}: {
  db: Database;
  config: Config;
  body: z.infer<typeof applicationBody>;
  locale: Locale;
}): Promise<{ application: ApplicationRow; notified: number }> {
  return db.transaction(async (tx) => {
    const row = await createApplicationsRepository(tx).insert({
      reference: newReference(),
      organization: body.organization,
      contactName: body.contact.name,
      contactEmail: body.contact.email.toLowerCase(),
      contactPhone: body.contact.phone ?? null,
      targetLevel: body.targetLevel ?? null,
      message: body.message || null,
      locale: body.locale ?? locale,
    });
    const notified = await notifyApplicationReceived(tx, config, {
      id: row.id,
      reference: row.reference,
      organizationName: row.organization.name,
    });
    return { application: row, notified };
  });
}

const localeOf = (row: ApplicationRow): Locale => (isLocale(row.locale) ? row.locale : 'zh-Hans');

/** The application locked and still waiting for a decision; 404 or 409 otherwise. */
async function undecided(tx: Executor, id: string) {
  const row = await createApplicationsRepository(tx).lock(id);
  if (!row) throw errors.notFound('application.not_found');
  if (row.status !== 'received') {
    throw errors.conflict('application.decided', {
      reference: row.reference,
      on: row.decidedAt?.toISOString().slice(0, 10) ?? '',
    });
  }
  return row;
}

/** Registers the organization and invites the contact as its center admin. */
export async function acceptApplication({
  db,
  config,
  actor,
  id,
  now = new Date(),
}: {
  db: Database;
  config: Config;
  actor: Actor;
  id: string;
  now?: Date;
}): Promise<{ organizationId: string }> {
  return db.transaction(async (tx) => {
    const row = await undecided(tx, id);
    const organization = await createOrganizationsRepository(tx).insert(row.organization);
    const admin = await createUsersRepository(tx).findById(actor.userId);
    await writeInvitation(
      tx,
      config,
      { id: actor.userId, name: admin?.name ?? config.certificationBodyName },
      {
        email: row.contactEmail,
        name: row.contactName,
        role: 'center_admin',
        organizationId: organization.id,
        locale: localeOf(row),
      },
      now,
    );
    await createApplicationsRepository(tx).decide(row.id, {
      status: 'accepted',
      reason: null,
      decidedBy: actor.userId,
      organizationId: organization.id,
    });
    return { organizationId: organization.id };
  });
}

/** Declines with a reason, e-mailed to the applicant in their language. */
export async function declineApplication({
  db,
  config,
  actor,
  id,
  reason,
}: {
  db: Database;
  config: Config;
  actor: Actor;
  id: string;
  reason: string;
}): Promise<void> {
  await db.transaction(async (tx) => {
    const row = await undecided(tx, id);
    await createApplicationsRepository(tx).decide(row.id, {
      status: 'declined',
      reason,
      decidedBy: actor.userId,
      organizationId: null,
    });
    const locale = localeOf(row);
    await createOutboxRepository(tx).enqueue({
      kind: 'application_declined',
      recipient: row.contactEmail,
      locale,
      payload: renderMail(
        'application_declined',
        locale,
        {
          name: row.contactName,
          body: config.certificationBodyName,
          organization: row.organization.name,
          reference: row.reference,
          reason,
        },
        `${config.publicOrigin}/apply`,
      ),
    });
  });
}
