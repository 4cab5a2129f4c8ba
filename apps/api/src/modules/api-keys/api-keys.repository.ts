import { createHash, randomBytes } from 'node:crypto';
import { type Executor, type Role, schema } from '@ccmm/db';
import type { ApiKeyScope } from '@ccmm/engine';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { type Page, paged, totalOver } from '../../paging.ts';

const { apiKeys, apiKeyUses, users } = schema;

/** Every key starts so: secret scanners recognise it, and the auth hook tells it from a JWT. */
export const API_KEY_PREFIX = 'ccmm_';

/** How often the last use of a key is written at most. */
const LAST_USED_EVERY = sql`interval '1 minute'`;

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A new key: the prefix and 32 random bytes, base64url. */
export const newKey = (): string => `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;

/** A live key and the user it acts as, as the database says now. */
export interface KeyCaller {
  readonly keyId: string;
  readonly name: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly organizationId: string | null;
  readonly userId: string;
  readonly role: Role;
  readonly locale: string;
  readonly active: boolean;
  readonly expired: boolean;
  readonly revoked: boolean;
}

const listed = {
  id: apiKeys.id,
  name: apiKeys.name,
  scopes: apiKeys.scopes,
  organizationId: apiKeys.organizationId,
  createdAt: apiKeys.createdAt,
  createdBy: { id: users.id, name: users.name },
  expiresOn: apiKeys.expiresOn,
  lastUsedAt: apiKeys.lastUsedAt,
  revoked: sql<boolean>`${apiKeys.revokedAt} is not null`,
};

export function createApiKeysRepository(db: Executor) {
  return {
    /** Stores the key's hash only; returns the key, to be shown once. */
    async create(input: {
      name: string;
      scopes: readonly ApiKeyScope[];
      organizationId: string | null;
      createdBy: string;
      expiresOn: string | null;
    }): Promise<{ id: string; key: string }> {
      const key = newKey();
      const [row] = await db
        .insert(apiKeys)
        .values({ ...input, scopes: [...input.scopes], keyHash: hashKey(key) })
        .returning({ id: apiKeys.id });
      if (!row) throw new Error('api key not stored');
      return { id: row.id, key };
    },

    /** The organization's keys (null: the body's own), newest first, without the key. */
    async list(organizationId: string | null) {
      return db
        .select(listed)
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.createdBy))
        .where(
          organizationId === null
            ? isNull(apiKeys.organizationId)
            : eq(apiKeys.organizationId, organizationId),
        )
        .orderBy(desc(apiKeys.createdAt));
    },

    async find(id: string) {
      const [row] = await db
        .select({ id: apiKeys.id, organizationId: apiKeys.organizationId })
        .from(apiKeys)
        .where(eq(apiKeys.id, id));
      return row;
    },

    /** Revokes the key now; the next request with it is refused. */
    async revoke(id: string): Promise<void> {
      await db
        .update(apiKeys)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)));
    },

    /** One indexed read per request made with a key. */
    async byKey(key: string): Promise<KeyCaller | undefined> {
      const [row] = await db
        .select({
          keyId: apiKeys.id,
          name: apiKeys.name,
          scopes: apiKeys.scopes,
          organizationId: apiKeys.organizationId,
          userId: users.id,
          role: users.role,
          locale: users.locale,
          active: users.active,
          expired: sql<boolean>`${apiKeys.expiresOn} is not null and ${apiKeys.expiresOn} < current_date`,
          revoked: sql<boolean>`${apiKeys.revokedAt} is not null`,
        })
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.createdBy))
        .where(eq(apiKeys.keyHash, hashKey(key)));
      return row;
    },

    /** Records a use: at most one write a minute per key. */
    async touch(id: string): Promise<void> {
      await db
        .update(apiKeys)
        .set({ lastUsedAt: sql`now()` })
        .where(
          and(
            eq(apiKeys.id, id),
            or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - ${LAST_USED_EVERY}`)),
          ),
        );
    },

    /** Puts one request made with the key on record. */
    async recordUse(use: {
      keyId: string;
      method: string;
      route: string;
      status: number;
      requestId: string;
    }) {
      await db.insert(apiKeyUses).values(use);
    },

    /** The key's uses, newest first. */
    async uses(keyId: string, page: Page) {
      const where = eq(apiKeyUses.keyId, keyId);
      return paged(
        page,
        (limit, offset) => {
          const query = db
            .select({
              method: apiKeyUses.method,
              route: apiKeyUses.route,
              status: apiKeyUses.status,
              requestId: apiKeyUses.requestId,
              usedAt: apiKeyUses.usedAt,
              total: totalOver(),
            })
            .from(apiKeyUses)
            .where(where)
            .orderBy(desc(apiKeyUses.usedAt), desc(apiKeyUses.id))
            .offset(offset);
          return limit === undefined ? query : query.limit(limit);
        },
        async () =>
          (await db.select({ n: sql<number>`count(*)::int` }).from(apiKeyUses).where(where))[0]?.n ?? 0,
      );
    },
  };
}
