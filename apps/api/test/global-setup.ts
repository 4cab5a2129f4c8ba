import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { loadStandards } from '../src/modules/standards/standards.loader.ts';
import { serverUrl, uniqueName, withDatabase } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite: a dump file of the template; server: the template database's name. */
    databaseTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  if (!serverUrl) {
    const handle = await openDatabase({});
    await handle.migrate();
    await loadStandards(handle.db, SHIPPED_STANDARDS_DIR);
    const dump = await handle.dump?.();
    await handle.close();
    if (!dump) throw new Error('PGlite did not dump its data directory');
    const file = join(tmpdir(), `${uniqueName('ccmm-template')}.tar`);
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('databaseTemplate', file);
    return async () => rm(file, { force: true });
  }
  const name = uniqueName('ccmm_template');
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const handle = await openDatabase({ url: withDatabase(serverUrl, name), maxConnections: 1 });
  await handle.migrate();
  await loadStandards(handle.db, SHIPPED_STANDARDS_DIR);
  await handle.close();
  project.provide('databaseTemplate', name);
  return async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  };
}
