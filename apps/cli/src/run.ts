import { parseArgs } from 'node:util';
import { isLocale, type Locale } from '@ccmm/engine';
import { backupCommand } from './backup-command.ts';
import { eligibilityCommand } from './eligibility-command.ts';
import { EXIT, type Io, makeUi } from './io.ts';
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

function parseCommandLine(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      scores: { type: 'string' },
      years: { type: 'string' },
      standard: { type: 'string', default: 'cc-cmm-oc@2017' },
      json: { type: 'boolean', default: false },
      lang: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
