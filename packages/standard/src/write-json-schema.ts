import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packJsonSchema } from './json-schema.ts';
import { SHIPPED_STANDARDS_DIR } from './loader.ts';

const file = join(SHIPPED_STANDARDS_DIR, 'standard-pack.schema.json');
writeFileSync(file, packJsonSchema());
console.log(`wrote ${file}`);
