import type { Database } from '@ccmm/db';
import type { Locale } from '@ccmm/engine';
import { sql } from 'drizzle-orm';
import { errors } from '../../errors.ts';
import { createUsersRepository, type UserRow } from '../users/users.repository.ts';

/** Creates the first certification-body admin of a new installation; 409 once there is a user. */
export async function setUpInstallation({
  db,
  admin,
}: {
  db: Database;
  admin: { email: string; name: string; passwordHash: string; locale: Locale };
}): Promise<{ user: UserRow }> {
  const created = await db.transaction(async (tx) => {
    // One setup wins even if two arrive together: the lock makes the count and insert atomic.
    await tx.execute(sql`select pg_advisory_xact_lock(727001)`);
    const users = createUsersRepository(tx);
    if ((await users.count()) > 0) return null;
    return users.insert({ ...admin, role: 'cb_admin' });
  });
  if (!created) throw errors.conflict('setup.done');
  return { user: created };
}
