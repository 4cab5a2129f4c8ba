import { resolve } from 'node:path';
import process from 'node:process';
import { loadConfig } from '@ccmm/api/config';
import { BackupError, backup, restore } from '@ccmm/api/operations';
import { DataDirectoryInUseError } from '@ccmm/db';
import { EXIT, type Io, type Ui } from './io.ts';

const REFUSALS = {
  not_empty: 'restoreNotEmpty',
  bad_file: 'backupBadFile',
  other_version: 'backupOtherVersion',
  migrations_pending: 'backupMigrationsPending',
  content_unavailable: 'backupContentUnavailable',
} as const;

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * `ccmm backup FILE` / `ccmm restore FILE`: the database the server uses (DATA_DIR, or
 * DATABASE_URL's server; the same settings as `npm start`), its evidence files and secrets.
 */
export async function backupCommand(
  options: { readonly operation: 'backup' | 'restore'; readonly file: string },
  io: Io,
  ui: Ui,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const config = loadConfig(env, io.cwd);
  const file = resolve(io.cwd, options.file);
  try {
    if (options.operation === 'backup') {
      const done = await backup(config, file);
      io.out(
        ui.ok(
          ui.t('backupWritten', {
            file,
            tables: Object.keys(done.tables).length,
            rows: sum(done.tables),
            files: done.files,
            bytes: done.bytes,
          }),
        ),
      );
      if (done.contents > 0) io.out(ui.t('backupContents', { contents: done.contents }));
      return EXIT.ok;
    }
    const done = await restore(config, file);
    io.out(
      ui.t('restoreDone', {
        file,
        tables: Object.keys(done.tables).length,
        rows: sum(done.tables),
        files: done.files,
      }),
    );
    if (done.contents > 0)
      io.out(
        ui.t(config.s3 ? 'restoreContentsBucket' : 'restoreContentsDatabase', { contents: done.contents }),
      );
    const { trails, certificates, ok } = done.integrity;
    const trailLine = ui.t('trailsChecked', {
      checked: trails.checked,
      entries: trails.entries,
      broken: trails.broken.length,
    });
    const certificateLine = ui.t('certificatesChecked', {
      checked: certificates.checked,
      invalid: certificates.invalid.length,
    });
    io.out(trails.broken.length === 0 ? ui.ok(trailLine) : ui.bad(trailLine));
    io.out(certificates.invalid.length === 0 ? ui.ok(certificateLine) : ui.bad(certificateLine));
    if (!ok) {
      io.err(
        ui.bad(ui.t('integrityFailed', { list: [...trails.broken, ...certificates.invalid].join(', ') })),
      );
      return EXIT.refused;
    }
    return EXIT.ok;
  } catch (error) {
    if (error instanceof BackupError) {
      io.err(ui.bad(ui.t(REFUSALS[error.code], { detail: error.message })));
      return EXIT.refused;
    }
    if (error instanceof DataDirectoryInUseError) {
      io.err(ui.bad(ui.t('databaseInUse', { detail: error.message })));
      return EXIT.refused;
    }
    throw error;
  }
}
