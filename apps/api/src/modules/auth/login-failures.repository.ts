import { type Executor, schema } from '@ccmm/db';
import { and, eq, sql } from 'drizzle-orm';

const { loginFailures } = schema;

export interface LoginLimits {
  /** Failed sign-ins allowed per address and e-mail in the window (guessing one password). */
  readonly perAddressAndEmail: number;
  /** Failed sign-ins allowed per address in the window, whatever the e-mail (password spraying). */
  readonly perAddress: number;
  readonly windowSeconds: number;
}

/**
 * Failed sign-ins counted in the database, so every server process sees the same attempts.
 * An attempt is recorded *before* its password is checked and removed when it succeeds: two
 * guesses sent at once then see each other, and no burst slips past the limit.
 */
export function createLoginFailuresRepository(db: Executor, limits: LoginLimits) {
  const window = sql`now() - make_interval(secs => ${limits.windowSeconds})`;
  return {
    /** Records the attempt; returns its id, or the seconds to wait when it is over a limit. */
    async begin(address: string, email: string): Promise<{ id: number } | { retryAfter: number }> {
      const [attempt] = await db
        .insert(loginFailures)
        .values({ address, email })
        .returning({ id: loginFailures.id });
      if (!attempt) throw new Error('attempt not stored');
      const [counts] = await db
        .select({
          byAddress: sql<number>`count(*)::int`,
          byEmail: sql<number>`(count(*) filter (where ${loginFailures.email} = ${email}))::int`,
          // When the oldest counted attempt leaves the window, the next one is allowed.
          addressWait: sql<number>`ceil(extract(epoch from min(${loginFailures.at}) - ${window}))::int`,
          emailWait: sql<number>`ceil(extract(epoch from min(${loginFailures.at}) filter (where ${loginFailures.email} = ${email}) - ${window}))::int`,
        })
        .from(loginFailures)
        .where(
          and(
            eq(loginFailures.address, address),
            sql`${loginFailures.at} > ${window}`,
            sql`${loginFailures.id} < ${attempt.id}`,
          ),
        );
      const byAddress = counts?.byAddress ?? 0;
      const byEmail = counts?.byEmail ?? 0;
      const waits: number[] = [];
      if (byEmail >= limits.perAddressAndEmail) waits.push(counts?.emailWait ?? limits.windowSeconds);
      if (byAddress >= limits.perAddress) waits.push(counts?.addressWait ?? limits.windowSeconds);
      if (waits.length === 0) return attempt;
      // A refused attempt is not a guess: it does not count against the window.
      await db.delete(loginFailures).where(eq(loginFailures.id, attempt.id));
      return { retryAfter: Math.max(1, ...waits) };
    },

    /** The password was right: this address's failures for this e-mail are forgiven. */
    async succeeded(address: string, email: string): Promise<void> {
      await db
        .delete(loginFailures)
        .where(and(eq(loginFailures.address, address), eq(loginFailures.email, email)));
    },

    /** The attempt failed and stays counted; this address's expired attempts are cleared. */
    async failed(address: string): Promise<void> {
      await db
        .delete(loginFailures)
        .where(and(eq(loginFailures.address, address), sql`${loginFailures.at} <= ${window}`));
    },
  };
}
