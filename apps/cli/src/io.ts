import { styleText } from 'node:util';
import { format, type Locale, type Message, type MessageParams, type Params } from '@ccmm/engine';
import { cliMessages } from './messages.ts';

/** What a command may touch of the outside world, so tests can run it in-process. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Directory relative paths are resolved against (where the user typed the command). */
  readonly cwd: string;
  readonly color: boolean;
  /** The API key of the commands that call a server (CCMM_API_KEY). */
  readonly apiKey?: string | undefined;
}

type CliCode = keyof typeof cliMessages;

export interface Ui {
  readonly locale: Locale;
  /** A message in the user's language, given every {placeholder} it names. */
  readonly t: <C extends CliCode>(code: C, ...params: MessageParams<(typeof cliMessages)[C]>) => string;
  /** A label followed by the colon of the language ("总分：", "Total: "). */
  readonly label: (code: CliCode) => string;
  readonly ok: (text: string) => string;
  readonly bad: (text: string) => string;
  readonly warn: (text: string) => string;
  readonly strong: (text: string) => string;
  readonly dim: (text: string) => string;
}

export function makeUi(locale: Locale, color: boolean): Ui {
  const style = (s: Parameters<typeof styleText>[0]) => (text: string) => (color ? styleText(s, text) : text);
  return {
    locale,
    t: (code, ...params) => {
      const message: Message = cliMessages[code];
      return format(message, locale, ...(params as [Params?]));
    },
    label: (code) => format<Message>(cliMessages[code], locale) + (locale === 'en' ? ': ' : '：'),
    ok: style('green'),
    bad: style('red'),
    warn: style('yellow'),
    strong: style('bold'),
    dim: style('dim'),
  };
}

/**
 * Exit codes: 0 done, 1 the input was refused (by the CLI or by the server, with its code), 2 the
 * command line was wrong, 3 a bug (main.ts), 4 the server could not be reached or failed (5xx).
 */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 4 } as const;
