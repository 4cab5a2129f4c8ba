import { generateKeyPairSync } from 'node:crypto';
import { schema } from '@ccmm/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';

// The key history (signing_keys): two processes on one database, the second started with a new
// SIGNING_KEY (a rotation). What either signed verifies on both; a key not in the history does not.
const pem = () =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const JWT_SECRET = 'k'.repeat(48);
let first: TestApp;
let second: TestApp;

beforeAll(async () => {
  first = await buildTestApp({ JWT_SECRET, SIGNING_KEY: pem() });
  second = await buildTestApp({ JWT_SECRET, SIGNING_KEY: pem() }, { shareDatabaseOf: first });
}, 60_000);
afterAll(async () => {
  await second?.close();
  await first?.close();
});

const signatureValid = async (app: TestApp, number: string) =>
  (await app.http().get(`/api/public/certificates/${number}`).expect(200)).body.signatureValid as boolean;

describe('signing key history', () => {
  it('verifies certificates signed with a retired key, on every process, and not one whose key is unknown', async () => {
    const seed = seeder(first);
    const auditor = await seed.user('auditor');
    const reviewer = await seed.user('cb_reviewer');
    const old = await certifiedAudit(
      first,
      seed,
      (await seed.organization({ name: '旧密钥中心' })).id,
      auditor,
      reviewer,
    );
    // Signed by the second process's key, registered after the first process started.
    const renewed = await certifiedAudit(
      second,
      seed,
      (await seed.organization({ name: '新密钥中心' })).id,
      auditor,
      reviewer,
    );
    const keys = await first.database.db.select().from(schema.signingKeys);
    expect(keys).toHaveLength(2);
    const [oldCert] = await first.database.db
      .select({ keyId: schema.certificates.keyId })
      .from(schema.certificates)
      .where(eq(schema.certificates.number, old.number));
    const [newCert] = await first.database.db
      .select({ keyId: schema.certificates.keyId })
      .from(schema.certificates)
      .where(eq(schema.certificates.number, renewed.number));
    expect(oldCert?.keyId).not.toBe(newCert?.keyId);
    for (const app of [first, second]) {
      expect(await signatureValid(app, old.number)).toBe(true);
      expect(await signatureValid(app, renewed.number)).toBe(true);
    }
    // A third process with yet another key, once the first key is gone from the history: the
    // certificate it signed no longer verifies (the history is what makes it verify).
    await first.database.db
      .delete(schema.signingKeys)
      .where(eq(schema.signingKeys.keyId, oldCert?.keyId ?? ''));
    const third = await buildTestApp({ JWT_SECRET, SIGNING_KEY: pem() }, { shareDatabaseOf: first });
    try {
      expect(await signatureValid(third, old.number)).toBe(false);
      expect(await signatureValid(third, renewed.number)).toBe(true);
    } finally {
      await third.close();
    }
  }, 120_000);
});
