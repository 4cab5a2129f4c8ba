import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A secret kept in DATA_DIR/secrets/<name> (0600): read if present, else generated once and
 * written (exclusively, so two starting processes end up with the same one) and read back.
 */
export async function storedSecret(dataDir: string, name: string, generate: () => string): Promise<string> {
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(file, generate(), { mode: 0o600, flag: 'wx' }).catch(() => {});
    return (await readFile(file, 'utf8')).trim();
  }
}
