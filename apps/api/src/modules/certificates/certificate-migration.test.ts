import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Session, seeder, type TestApp } from '../../../test/app.ts';
import { certifiedAudit } from '../../../test/certification.ts';
import { clock } from '../../clock.ts';
import { runCertificateJobs } from './certificate-jobs.ts';
import { certificateSigner } from './certificate-signing.ts';

// Migration 0005's backfill: a certificate's issue becomes revision 1 and each status change of
// before a following revision, unsigned until the certificate job signs them.

let t: TestApp;
let seed: ReturnType<typeof seeder>;
let admin: Session;

beforeAll(async () => {
  t = await buildTestApp({ CERTIFICATE_JOBS_MINUTES: '0' });
  seed = seeder(t);
  admin = await seed.setupAdmin();
});
afterAll(async () => t.close());

async function backfill(): Promise<void> {
  const file = await readFile(
    join(import.meta.dirname, '../../../../../migrations/0005_certificate_revisions.sql'),
    'utf8',
  );
  const statements = file.split('--> statement-breakpoint').filter((s) => s.includes('INSERT INTO'));
  expect(statements).toHaveLength(3);
  for (const statement of statements) await t.database.db.execute(sql.raw(statement));
}

describe('the revisions backfill', () => {
  it('copies the issue and the status changes, records a lapsed suspension’s lifting, and is signed by the job', async () => {
    const organization = await seed.organization();
    const { number, level } = await certifiedAudit(
      t,
      seed,
      organization.id,
      await seed.user('auditor'),
      await seed.user('cb_reviewer'),
    );
    const db = t.database.db;
    // As before revisions: no revisions, two status changes (the suspension ended long ago).
    await db.execute(sql`delete from certificate_revisions where certificate_number = ${number}`);
    await db.execute(sql`insert into certificate_status_changes (certificate_number, status, reason, until, changed_by)
      values (${number}, 'suspended', '投诉调查', '2020-01-31', ${admin.id})`);
    await backfill();

    const unsigned = await t.http().get(`/api/public/certificates/${number}`).expect(200);
    expect(unsigned.body.signatureValid).toBe(false);
    expect(unsigned.body.history.map((h: { event: string }) => h.event)).toEqual([
      'issued',
      'suspended',
      'reinstated',
    ]);
    expect(unsigned.body).toMatchObject({ status: 'active', level, revision: 3 });

    const result = await runCertificateJobs(
      db,
      await certificateSigner(t.config, t.database.db),
      clock.today(),
    );
    expect(result.signed).toBe(3);
    const signed = await t.http().get(`/api/public/certificates/${number}`).expect(200);
    expect(signed.body.signatureValid).toBe(true);
  });
});
