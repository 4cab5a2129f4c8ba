import { relative, resolve } from 'node:path';
import { loadPackFile } from '@ccmm/standard';
import { EXIT, type Io, type Ui } from './io.ts';

export async function validateStandardCommand(
  options: { readonly file: string; readonly json: boolean },
  io: Io,
  ui: Ui,
): Promise<number> {
  const path = resolve(io.cwd, options.file);
  const loaded = await loadPackFile(path, ui.locale);
  const shown = relative(io.cwd, path) || path;
  const problems = loaded.problems.map((p) => ({ ...p, file: shown }));
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          file: shown,
          valid: loaded.pack !== null,
          standard: loaded.pack ? `${loaded.pack.standard}@${loaded.pack.version}` : null,
          clauses: loaded.pack?.clauses.length ?? null,
          contentHash: loaded.contentHash,
          errors,
          warnings,
        },
        null,
        2,
      ),
    );
  } else {
    for (const p of [...errors, ...warnings]) {
      const where = `${p.file}${p.line ? `:${p.line}` : ''}${p.path ? ` ${ui.dim(p.path)}` : ''}`;
      const label = p.severity === 'error' ? ui.bad(ui.t('error')) : ui.warn(ui.t('warning'));
      io.out(`${where}: ${label} ${p.message} ${ui.dim(`[${p.code}]`)}`);
    }
    if (loaded.pack) {
      const ref = `${loaded.pack.standard}@${loaded.pack.version}`;
      const summary = ui.t('packOk', { file: shown, ref, clauses: loaded.pack.clauses.length });
      io.out(
        ui.ok(summary) +
          (warnings.length ? `, ${ui.warn(ui.t('warnings', { count: warnings.length }))}` : ''),
      );
    } else {
      io.out(ui.bad(ui.t('packRefused', { file: shown, count: errors.length })));
    }
  }
  return loaded.pack ? EXIT.ok : EXIT.refused;
}
