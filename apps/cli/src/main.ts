#!/usr/bin/env -S npx tsx
// The ccmm command: `pnpm --silent ccmm <command> …` from the repository root.
import process from 'node:process';
import { localeFromTag } from '@ccmm/engine';
import { run } from './run.ts';

// The one place the CLI reads its environment. INIT_CWD is where the user typed the command
// (pnpm runs scripts from the repository root); LANG picks the language, Chinese by default.
const env = process.env;
const locale = localeFromTag(env.CCMM_LANG ?? env.LC_ALL ?? env.LANG);
const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in env);

try {
  process.exitCode = await run(
    process.argv.slice(2),
    {
      out: (text) => process.stdout.write(`${text}\n`),
      err: (text) => process.stderr.write(`${text}\n`),
      cwd: env.INIT_CWD ?? process.cwd(),
      color,
      apiKey: env.CCMM_API_KEY,
    },
    locale,
  );
} catch (error) {
  // A bug, not bad input: say so in one line, without a stack trace.
  process.stderr.write(`ccmm: internal error: ${(error as Error).message}\n`);
  process.exitCode = 3;
}
