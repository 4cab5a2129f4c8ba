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

export interface CertificateSigner {
  /** sha256 (hex) of the public key, recorded with each certificate. */
  readonly keyId: string;
  readonly publicKeyPem: string;
  sign(fields: SignedFields): string;
  /** The signature checks, and the frozen snapshot still has the hash that was signed. */
  verify(stored: SignedFields & { readonly signature: string; readonly snapshot: unknown }): boolean;
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
