// Real child processes for the data-directory tests: a TypeScript script under Node with tsx.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface Script {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves with the first line of stdout that `pattern` matches; rejects if it exits first. */
  readonly line: (pattern: RegExp) => Promise<RegExpExecArray>;
  readonly exited: Promise<number | null>;
}

/** Runs testing/<name>.ts; `prefix` runs it under another program (strace). */
export function runScript(name: string, args: readonly string[], prefix: readonly string[] = []): Script {
  const script = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const command = [...prefix, process.execPath, '--import', 'tsx', script, ...args];
  // cwd: the repository root, where `--import tsx` resolves.
  const child = spawn(command[0] as string, command.slice(1), { cwd: ROOT, stdio: 'pipe' });
  let output = '';
  const waiting = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const check of waiting) check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const line = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const match = new RegExp(pattern.source, 'm').exec(output);
        if (!match) return;
        waiting.delete(check);
        resolve(match);
      };
      waiting.add(check);
      check();
      void exited.then(() => reject(new Error(`${name} exited before printing ${pattern}:\n${output}`)));
    });
  return { child, line, exited };
}
