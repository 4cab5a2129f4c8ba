import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { canonicalJson, contentHash } from '@ccmm/standard';
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
  /** The signature checks, and the frozen snapshot still has the hash that was signed. */
  verify(stored: SignedFields & { readonly signature: string; readonly snapshot: unknown }): boolean;
  /** Signs a revision: the certificate's signed fields and the revision's own. */
  signRevision(certificate: SignedFields, revision: RevisionSignedFields): string;
  verifyRevision(
    certificate: SignedFields,
    revision: RevisionSignedFields & { readonly signature: string | null },
  ): boolean;
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

export function signerFromKey(privateKey: KeyObject): CertificateSigner {
  const publicKey = createPublicKey(privateKey);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const keyId = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');
  return {
    keyId,
    publicKeyPem,
    sign: (fields) => sign(null, signedPayload(fields), privateKey).toString('base64'),
    verify: (stored) => {
      try {
        return (
          contentHash(stored.snapshot) === stored.snapshotHash &&
          verify(null, signedPayload(stored), publicKey, Buffer.from(stored.signature, 'base64'))
        );
      } catch {
        return false;
      }
    },
    signRevision: (certificate, revision) =>
      sign(null, revisionPayload(certificate, revision), privateKey).toString('base64'),
    verifyRevision: (certificate, revision) => {
      if (!revision.signature) return false;
      try {
        return verify(
          null,
          revisionPayload(certificate, revision),
          publicKey,
          Buffer.from(revision.signature, 'base64'),
        );
      } catch {
        return false;
      }
    },
  };
}

const loaded = new WeakMap<Config, Promise<CertificateSigner>>();

/**
 * The Ed25519 key that signs certificates: SIGNING_KEY when set, else generated on first start
 * and kept in DATA_DIR/secrets (like the session secret).
 */
export function certificateSigner(config: Config): Promise<CertificateSigner> {
  let signer = loaded.get(config);
  if (!signer) {
    signer = (async () => {
      const pem =
        config.signingKey ??
        (await storedSecret(config.dataDir, SIGNING_KEY_FILE, () =>
          generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        ));
      return signerFromKey(createPrivateKey(pem));
    })();
    loaded.set(config, signer);
  }
  return signer;
}
