import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Database, schema } from '@ccmm/db';
import { canonicalJson, contentHash } from '@ccmm/standard';
import { inArray } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import { storedSecret } from '../../secrets.ts';

/** The content of a certificate its signature covers. */
export interface SignedFields {
  readonly number: string;
  readonly organizationName: string;
  readonly sites: readonly string[];
  readonly scope: string | null;
  readonly level: number;
  readonly standardRef: string;
  readonly issuedOn: string;
  readonly expiresOn: string;
  readonly certifyingBody: string;
  readonly snapshotHash: string;
}

/** One revision's own fields, signed together with the certificate's signed fields. */
export interface RevisionSignedFields {
  readonly revision: number;
  readonly event: string;
  readonly level: number;
  readonly status: string;
  readonly effectiveOn: string;
  readonly until: string | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly supersededBy: string | null;
  readonly decidedBy: string | null;
  /** Renewed: the new validity's end; null otherwise. */
  readonly expiresOn: string | null;
  /** Renewed: the recertification decision's snapshot hash; null otherwise. */
  readonly snapshotHash: string | null;
}

export interface CertificateSigner {
  /** sha256 (hex) of the public key, recorded with each certificate. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(fields: SignedFields): string;
  /**
   * The signature checks, and the frozen snapshot still has the hash that was signed; with the
   * key that signed it (keyId: this signer's, or a retired one of the key history).
   */
  verify(
    stored: SignedFields & {
      readonly signature: string;
      readonly snapshot: unknown;
      readonly keyId?: string;
    },
  ): boolean;
  /** Signs a revision: the certificate's signed fields and the revision's own. */
  signRevision(certificate: SignedFields, revision: RevisionSignedFields): string;
  verifyRevision(
    certificate: SignedFields,
    revision: RevisionSignedFields & { readonly signature: string | null; readonly keyId?: string | null },
  ): boolean;
  /**
   * Reads from the key history (signing_keys) the keys named here it does not know yet: one
   * another process registered since this one started (a rotation under way). Call before
   * verifying what was read from the database.
   */
  learn(keyIds: Iterable<string | null | undefined>): Promise<void>;
}

/** The key ids a certificate view's signatures name (the certificate's and its revisions'). */
export function keyIdsOf(
  rows: readonly {
    readonly keyId: string;
    readonly revisions?: readonly { readonly keyId: string | null }[];
  }[],
): string[] {
  return rows
    .flatMap((row) => [row.keyId, ...(row.revisions ?? []).map((r) => r.keyId ?? '')])
    .filter(Boolean);
}

export const SIGNING_KEY_FILE = 'certificate-signing-key.pem';

/** Only the signed fields, in a fixed form: what is signed is exactly what is verified. */
export function signedPayload(fields: SignedFields): Buffer {
  const payload = {
    number: fields.number,
    organizationName: fields.organizationName,
    sites: [...fields.sites],
    scope: fields.scope,
    level: fields.level,
    standardRef: fields.standardRef,
    issuedOn: fields.issuedOn,
    expiresOn: fields.expiresOn,
    certifyingBody: fields.certifyingBody,
    snapshotHash: fields.snapshotHash,
  };
  return Buffer.from(canonicalJson(payload), 'utf8');
}

/** A revision's signed payload: the certificate's signed fields and the revision's, in a fixed form. */
export function revisionPayload(certificate: SignedFields, revision: RevisionSignedFields): Buffer {
  const payload = {
    certificate: JSON.parse(signedPayload(certificate).toString('utf8')) as unknown,
    revision: revision.revision,
    event: revision.event,
    level: revision.level,
    status: revision.status,
    effectiveOn: revision.effectiveOn,
    until: revision.until,
    reasonCode: revision.reasonCode,
    reason: revision.reason,
    supersededBy: revision.supersededBy,
    decidedBy: revision.decidedBy,
    // Signed only when set, so that the revisions signed before renewals existed still verify.
    ...(revision.expiresOn === null ? {} : { expiresOn: revision.expiresOn }),
    ...(revision.snapshotHash === null ? {} : { snapshotHash: revision.snapshotHash }),
  };
  return Buffer.from(canonicalJson(payload), 'utf8');
}

/** sha256 (hex) of a public key's DER: the id certificates record. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/**
 * A signer with `privateKey`; `history`: the public keys of retired keys by id, and `db` the
 * database whose signing_keys `learn` reads (none: it learns nothing).
 */
export function signerFromKey(
  privateKey: KeyObject,
  history: Map<string, KeyObject> = new Map(),
  db?: Database,
): CertificateSigner {
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = keyIdOf(publicKey);
  /** No key id (a row from before ids, or a test's): this signer's own key. */
  const keyFor = (id: string | null | undefined) => (!id || id === keyId ? publicKey : history.get(id));
  return {
    keyId,
    publicKeyPem,
    sign: (fields) => sign(null, signedPayload(fields), privateKey).toString('base64'),
    verify: (stored) => {
      const key = keyFor(stored.keyId);
      if (!key) return false;
      try {
        return (
          contentHash(stored.snapshot) === stored.snapshotHash &&
          verify(null, signedPayload(stored), key, Buffer.from(stored.signature, 'base64'))
        );
      } catch {
        return false;
      }
    },
    signRevision: (certificate, revision) =>
      sign(null, revisionPayload(certificate, revision), privateKey).toString('base64'),
    verifyRevision: (certificate, revision) => {
      const key = keyFor(revision.keyId);
      if (!revision.signature || !key) return false;
      try {
        return verify(
          null,
          revisionPayload(certificate, revision),
          key,
          Buffer.from(revision.signature, 'base64'),
        );
      } catch {
        return false;
      }
    },
    learn: async (keyIds) => {
      const missing = [...new Set(keyIds)].filter((id): id is string => !!id && !keyFor(id));
      if (!db || missing.length === 0) return;
      const rows = await db
        .select()
        .from(schema.signingKeys)
        .where(inArray(schema.signingKeys.keyId, missing));
      for (const row of rows) history.set(row.keyId, createPublicKey(row.publicKeyPem));
    },
  };
}

/**
 * Records a public key in the key history (once) and returns every key there by id. Keys
 * are only ever added: a certificate signed with a key since retired still verifies.
 */
async function registerKey(db: Database, keys: readonly KeyObject[]): Promise<Map<string, KeyObject>> {
  for (const key of keys) {
    await db
      .insert(schema.signingKeys)
      .values({ keyId: keyIdOf(key), publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString() })
      .onConflictDoNothing();
  }
  const rows = await db.select().from(schema.signingKeys);
  return new Map(rows.map((row) => [row.keyId, createPublicKey(row.publicKeyPem)]));
}

const loaded = new WeakMap<Config, WeakMap<Database, Promise<CertificateSigner>>>();

/**
 * The Ed25519 key that signs certificates: SIGNING_KEY when set (required with DATABASE_URL),
 * else generated on first start and kept in DATA_DIR/secrets (like the session secret). Its
 * public key joins the key history in the database, and so does the one a DATA_DIR kept before
 * SIGNING_KEY was set (its certificates still verify).
 */
export function certificateSigner(config: Config, db: Database): Promise<CertificateSigner> {
  const byDb = loaded.get(config) ?? new WeakMap<Database, Promise<CertificateSigner>>();
  loaded.set(config, byDb);
  let signer = byDb.get(db);
  if (!signer) {
    signer = (async () => {
      const generate = () =>
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const pem = config.signingKey ?? (await storedSecret(config.dataDir, SIGNING_KEY_FILE, generate));
      const privateKey = createPrivateKey(pem);
      const keys = [createPublicKey(privateKey)];
      if (config.signingKey) {
        const retired = await readFile(join(config.dataDir, 'secrets', SIGNING_KEY_FILE), 'utf8').catch(
          () => null,
        );
        if (retired) keys.push(createPublicKey(createPrivateKey(retired)));
      }
      return signerFromKey(privateKey, await registerKey(db, keys), db);
    })();
    signer.catch(() => byDb.delete(db));
    byDb.set(db, signer);
  }
  return signer;
}
