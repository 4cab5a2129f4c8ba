import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseHandle } from '@ccmm/db';
import { schema } from '@ccmm/db';
import { SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { cloneTemplate } from '../../../test/database.ts';
import { loadStandards, StandardsLoadError } from './standards.loader.ts';

let database: DatabaseHandle;
let dir: string;
beforeAll(async () => {
  database = await cloneTemplate(inject('databaseTemplate'));
  dir = await mkdtemp(join(tmpdir(), 'ccmm-standards-'));
  await cp(SHIPPED_STANDARDS_DIR, dir, { recursive: true });
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

describe('loading the standard packs at start-up', () => {
  it('is idempotent: loading the same packs again changes nothing', async () => {
    const before = await database.db.select().from(schema.standardVersions);
    const loaded = await loadStandards(database.db, dir);
    const after = await database.db.select().from(schema.standardVersions);
    expect([...loaded.keys()]).toEqual(['cc-cmm-oc@2017']);
    expect(after).toEqual(before);
    expect(loaded.get('cc-cmm-oc@2017')?.warnings.map((w) => w.code)).toEqual([
      'semantic.unattainable_total',
    ]);
  });

  it('ignores comments and layout, but refuses a published version whose content changed', async () => {
    const file = join(dir, 'cc-cmm-oc', '2017.yaml');
    const original = await readFile(file, 'utf8');
    await writeFile(file, `# a comment changes nothing\n${original}`);
    await expect(loadStandards(database.db, dir)).resolves.toBeInstanceOf(Map);

    await writeFile(file, original.replace('atLeast: 3380', 'atLeast: 3360'));
    const refused = loadStandards(database.db, dir);
    await expect(refused).rejects.toBeInstanceOf(StandardsLoadError);
    await expect(refused).rejects.toThrow(/cc-cmm-oc@2017 is published and its content changed/);
    const [stored] = await database.db.select().from(schema.standardVersions);
    expect(JSON.stringify(stored?.content)).toContain('3380');
    await writeFile(file, original);
  });

  it('adds a new version as a new file beside the old one', async () => {
    const original = await readFile(join(dir, 'cc-cmm-oc', '2017.yaml'), 'utf8');
    const amended = original
      .replace('version: "2017"', 'version: "2017a"')
      .replace('status: published', 'status: draft')
      .replace('atLeast: 3380', 'atLeast: 3360');
    await writeFile(join(dir, 'cc-cmm-oc', '2017a.yaml'), amended);
    const loaded = await loadStandards(database.db, dir);
    expect([...loaded.keys()].sort()).toEqual(['cc-cmm-oc@2017', 'cc-cmm-oc@2017a']);
    expect(loaded.get('cc-cmm-oc@2017a')?.warnings).toEqual([]);
    await rm(join(dir, 'cc-cmm-oc', '2017a.yaml'));
  });
});
