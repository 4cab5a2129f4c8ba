// One of several processes racing for a data directory's lock, for data-dir-lock.test.ts.
// "race": prints "armed", waits for the go file, tries the lock, prints "won" or "refused",
// then holds what it won until killed. "exit": takes the lock and exits without releasing it.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { DataDirectoryInUseError, lockDataDirectory } from '../data-dir-lock.ts';

const [mode, dataDir, goFile] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: race-for-lock.ts race|exit <dataDir> [goFile]');

if (mode === 'exit') {
  lockDataDirectory(dataDir);
  process.stdout.write('locked\n');
  process.exit(0);
}
process.stdout.write('armed\n');
// Spinning, not polling on a timer, so every racer starts within microseconds of the others.
while (goFile && !existsSync(goFile)) {}
try {
  lockDataDirectory(dataDir);
  process.stdout.write('won\n');
} catch (error) {
  if (!(error instanceof DataDirectoryInUseError)) throw error;
  process.stdout.write('refused\n');
}
setInterval(() => {}, 60_000);
