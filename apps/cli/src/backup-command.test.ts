import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schema } from '@ccmm/db';
import { afterAll, describe, expect, it } from 'vitest';
import { backupCommand } from './backup-command.ts';
import type { Io } from './io.ts';
import { makeUi } from './io.ts';

// `ccmm backup` / `ccmm restore` as a user runs them, on the embedded database (the round trip
// of a database with data, on both databases: apps/api/src/operations/backup.test.ts).
const work = mkdtempSync(join(tmpdir(), 'ccmm-cli-backup-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function ccmm(operation: 'backup' | 'restore', file: string, dataDir: string) {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: work, color: false };
  const code = await backupCommand({ operation, file }, io, makeUi('en', false), {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('ccmm backup and restore', () => {
  it('backs up, restores into an empty place with the verification printed, refuses a non-empty one', async () => {
    const source = join(work, 'source');
    // Never migrated (no server ever ran there): refused, saying what to do.
    const unmigrated = await ccmm('backup', 'b.ccmm.gz', source);
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.err).toContain('start the server once');

    const db = await openDatabase({ dataDir: join(source, 'pglite') });
    await db.migrate();
    await db.db.insert(schema.organizations).values({ name: '备份中心', operatingSince: '2015-01-01' });
    await db.close();
    const made = await ccmm('backup', 'b.ccmm.gz', source);
    expect(made.code).toBe(0);
    expect(made.out).toMatch(/^backed up to .*b\.ccmm\.gz: 1 rows in \d+ tables, \d+ files, \d+ bytes$/);

    const target = join(work, 'target');
    const restored = await ccmm('restore', 'b.ccmm.gz', target);
    expect(restored.err).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('restored from');
    expect(restored.out).toContain('rating trails: 0 assessments, 0 entries, 0 broken');
    expect(restored.out).toContain('certificate signatures: 0 certificates, 0 invalid');

    // Restoring again into the target, which now holds the organization, is refused.
    const refused = await ccmm('restore', 'b.ccmm.gz', target);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^restore refused: the target is not empty.*organizations: 1/);
  }, 120_000);
});
