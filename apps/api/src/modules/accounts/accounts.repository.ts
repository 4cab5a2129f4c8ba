import { createHash, randomBytes } from 'node:crypto';
import { type AccountTokenPurpose, type Executor, type Role, schema } from '@ccmm/db';
import { and, eq, isNull } from 'drizzle-orm';

const { accountTokens } = schema;

export type AccountTokenRow = typeof accountTokens.$inferSelect;

/** The SHA-256 of a link's token: what the database keeps (a leaked table opens no account). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new one-time token: 256 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function createAccountTokensRepository(db: Executor) {
  return {
    async create(values: {
      purpose: AccountTokenPurpose;
      token: string;
      email: string;
      expiresAt: Date;
      locale: string;
      userId?: string;
      name?: string;
      role?: Role;
      organizationId?: string | null;
      createdBy?: string;
    }): Promise<AccountTokenRow> {
      const { token, ...rest } = values;
      const [row] = await db
        .insert(accountTokens)
        .values({ ...rest, tokenHash: tokenHash(token) })
        .returning();
      if (!row) throw new Error('token not stored');
      return row;
    },

    async find(purpose: AccountTokenPurpose, token: string): Promise<AccountTokenRow | undefined> {
      const [row] = await db
        .select()
        .from(accountTokens)
        .where(and(eq(accountTokens.tokenHash, tokenHash(token)), eq(accountTokens.purpose, purpose)));
      return row;
    },

    /** Spends the link: true for the one caller that did (two clicks at once: one wins). */
    async spend(id: string): Promise<boolean> {
      const rows = await db
        .update(accountTokens)
        .set({ usedAt: new Date() })
        .where(and(eq(accountTokens.id, id), isNull(accountTokens.usedAt)))
        .returning({ id: accountTokens.id });
      return rows.length === 1;
    },
  };
}
