import { readFile, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { type CcmmClient, createCcmmClient, isApiError } from '@ccmm/client';
import { EXIT, type Io, type Ui } from './io.ts';
import { readKpiFile } from './kpi-file.ts';

// The commands that talk to a running server through the typed client (@ccmm/client), with an
// API key (CCMM_API_KEY) acting as the user who made it, on its organization, within its scopes.

export interface ServerOptions {
  readonly server: string;
  readonly apiKey: string;
}

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

type Outcome<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly exit: number };

/**
 * One call, its failures told to the user: the server's `{code, message}` (and each of its
 * `issues`) as it answered them, in the user's language (sent as Accept-Language).
 */
async function call<T>(
  options: ServerOptions,
  io: Io,
  ui: Ui,
  request: () => Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<Outcome<T>> {
  let answer: Awaited<ReturnType<typeof request>>;
  try {
    answer = await request();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    io.err(ui.bad(ui.t('serverUnreachable', { server: options.server, reason })));
    return { ok: false, exit: EXIT.unreachable };
  }
  const { data, error, response } = answer;
  if (response.ok && error === undefined) return { ok: true, data: data as T };
  const status = response.status;
  if (status >= 500 || !isApiError(error)) {
    const message = isApiError(error) ? `${error.code}: ${error.message}` : response.statusText;
    io.err(ui.bad(ui.t('serverFailed', { status, message })));
    return { ok: false, exit: status >= 500 ? EXIT.unreachable : EXIT.refused };
  }
  io.err(ui.bad(ui.t('serverRefused', { status, code: error.code, message: error.message })));
  const issues = Array.isArray(error.issues) ? (error.issues as { path?: unknown; message?: unknown }[]) : [];
  for (const issue of issues) {
    const path = Array.isArray(issue.path) ? issue.path.join('.') : String(issue.path ?? '');
    io.err(ui.t('serverIssue', { path, message: String(issue.message ?? '') }));
  }
  return { ok: false, exit: EXIT.refused };
}

function client(options: ServerOptions, ui: Ui): CcmmClient {
  return createCcmmClient({ baseUrl: options.server, apiKey: options.apiKey, locale: ui.locale });
}

/** `ccmm push-kpis FILE --server URL --organization ID`: each month of the file, oldest first. */
export async function pushKpisCommand(
  options: ServerOptions & { readonly file: string; readonly organization: string },
  io: Io,
  ui: Ui,
): Promise<number> {
  const file = resolve(io.cwd, options.file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(ui.bad(ui.t('unreadable', { file, reason: (error as NodeJS.ErrnoException).code ?? '' })));
    return EXIT.refused;
  }
  const { months, problems } = readKpiFile(basename(file), text, ui);
  if (problems.length > 0) {
    io.err(ui.bad(ui.t('kpiFileRefused', { count: problems.length })));
    for (const problem of problems) io.err(`  ${problem}`);
    return EXIT.refused;
  }
  const api = client(options, ui);
  let sent = 0;
  for (const [done, { month, values }] of months.entries()) {
    const outcome = await call(options, io, ui, () =>
      api.PUT('/api/organizations/{id}/kpis/{month}', {
        params: { path: { id: options.organization, month } },
        body: { values },
      }),
    );
    if (!outcome.ok) {
      if (done > 0 || months.length > 1) io.err(ui.t('kpiStopped', { month, done }));
      return outcome.exit;
    }
    // The answer is the whole month as now recorded, indicators sent before included.
    sent += values.length;
    io.out(ui.t('kpiMonthSent', { month, count: values.length, total: outcome.data.values.length }));
  }
  io.out(ui.ok(ui.t('kpiPushed', { server: options.server, months: months.length, values: sent })));
  return EXIT.ok;
}

/** `ccmm export --server URL --assessment ID [--format csv|xlsx|json] [--out FILE]`: the ratings. */
export async function exportCommand(
  options: ServerOptions & {
    readonly assessment: string;
    readonly format: ExportFormat;
    readonly out: string | undefined;
  },
  io: Io,
  ui: Ui,
): Promise<number> {
  const api = client(options, ui);
  const path = { params: { path: { id: options.assessment } } };
  let content: string | Uint8Array;
  if (options.format === 'xlsx') {
    const outcome = await call(options, io, ui, () =>
      api.GET('/api/assessments/{id}/scores.xlsx', { ...path, parseAs: 'arrayBuffer' }),
    );
    if (!outcome.ok) return outcome.exit;
    content = new Uint8Array(outcome.data);
  } else if (options.format === 'csv') {
    const outcome = await call(options, io, ui, () =>
      api.GET('/api/assessments/{id}/scores.csv', { ...path, parseAs: 'text' }),
    );
    if (!outcome.ok) return outcome.exit;
    content = outcome.data;
  } else {
    const outcome = await call(options, io, ui, () => api.GET('/api/assessments/{id}/scores', path));
    if (!outcome.ok) return outcome.exit;
    content = `${JSON.stringify(outcome.data, null, 2)}\n`;
  }
  if (options.out === undefined) {
    // Only text reaches here (run() asks xlsx for --out).
    io.out(String(content).replace(/\n$/, ''));
    return EXIT.ok;
  }
  const file = resolve(io.cwd, options.out);
  try {
    await writeFile(file, content);
  } catch (error) {
    io.err(ui.bad(ui.t('cannotWrite', { file, reason: (error as NodeJS.ErrnoException).code ?? '' })));
    return EXIT.refused;
  }
  const bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  io.out(ui.ok(ui.t('exportWritten', { file, bytes })));
  return EXIT.ok;
}
