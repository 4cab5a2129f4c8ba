import { parseArgs } from 'node:util';
import { isLocale, type Locale } from '@ccmm/engine';
import { backupCommand } from './backup-command.ts';
import { eligibilityCommand } from './eligibility-command.ts';
import { EXIT, type Io, makeUi, type Ui } from './io.ts';
import { EXPORT_FORMATS, type ExportFormat, exportCommand, pushKpisCommand } from './server-commands.ts';
import { validateStandardCommand } from './validate-command.ts';

/** Runs one ccmm command line and returns its exit code; never throws for bad input. */
export async function run(argv: readonly string[], io: Io, defaultLocale: Locale): Promise<number> {
  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    const ui = makeUi(defaultLocale, io.color);
    io.err(ui.t('badArguments', { reason: (error as Error).message }));
    io.err(ui.t('usage'));
    return EXIT.usage;
  }
  const { values, positionals } = parsed;
  const locale = isLocale(values.lang) ? values.lang : defaultLocale;
  const ui = makeUi(locale, io.color);
  const [command, ...rest] = positionals;

  switch (command) {
    case 'eligibility': {
      if (!values.scores) {
        io.err(ui.t('missingScores'));
        io.err(ui.t('usage'));
        return EXIT.usage;
      }
      const years = values.years ?? '';
      if (!/^\d{1,3}$/.test(years)) {
        io.err(ui.t('badYears', { value: years }));
        return EXIT.usage;
      }
      return eligibilityCommand(
        { scores: values.scores, years: Number(years), standard: values.standard, json: values.json },
        io,
        ui,
      );
    }
    case 'validate-standard': {
      const file = rest[0];
      if (!file) {
        io.err(ui.t('usage'));
        return EXIT.usage;
      }
      return validateStandardCommand({ file, json: values.json }, io, ui);
    }
    case 'backup':
    case 'restore': {
      const file = rest[0];
      if (!file) {
        io.err(ui.t('usage'));
        return EXIT.usage;
      }
      return backupCommand({ operation: command, file }, io, ui);
    }
    case 'push-kpis': {
      const file = rest[0];
      if (!file) {
        io.err(ui.t('missingOption', { option: 'FILE' }));
        io.err(ui.t('usage'));
        return EXIT.usage;
      }
      const organization = values.organization;
      if (!organization) return missing(io, ui, '--organization ID');
      const server = serverOptions(values.server, io, ui);
      if (typeof server === 'number') return server;
      return pushKpisCommand({ ...server, file, organization }, io, ui);
    }
    case 'export': {
      const assessment = values.assessment;
      if (!assessment) return missing(io, ui, '--assessment ID');
      const format = values.format;
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
        io.err(ui.t('badFormat', { value: format }));
        return EXIT.usage;
      }
      if (format === 'xlsx' && !values.out) {
        io.err(ui.t('xlsxNeedsOut'));
        return EXIT.usage;
      }
      const server = serverOptions(values.server, io, ui);
      if (typeof server === 'number') return server;
      return exportCommand(
        { ...server, assessment, format: format as ExportFormat, out: values.out },
        io,
        ui,
      );
    }
    case undefined:
    case 'help':
      io.out(ui.t('usage'));
      return values.help || command === 'help' ? EXIT.ok : EXIT.usage;
    default:
      io.err(ui.t('unknownCommand', { command }));
      io.err(ui.t('usage'));
      return EXIT.usage;
  }
}

function missing(io: Io, ui: Ui, option: string): number {
  io.err(ui.t('missingOption', { option }));
  io.err(ui.t('usage'));
  return EXIT.usage;
}

/** --server and the API key, checked before anything is sent; an exit code when unusable. */
function serverOptions(
  server: string | undefined,
  io: Io,
  ui: Ui,
): { server: string; apiKey: string } | number {
  if (!server) return missing(io, ui, '--server URL');
  if (!URL.canParse(server) || !/^https?:$/.test(new URL(server).protocol)) {
    io.err(ui.t('badServer', { value: server }));
    return EXIT.usage;
  }
  if (!io.apiKey) {
    io.err(ui.t('missingApiKey'));
    return EXIT.usage;
  }
  return { server: server.replace(/\/+$/, ''), apiKey: io.apiKey };
}

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      scores: { type: 'string' },
      years: { type: 'string' },
      standard: { type: 'string', default: 'cc-cmm-oc@2017' },
      server: { type: 'string' },
      organization: { type: 'string' },
      assessment: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
