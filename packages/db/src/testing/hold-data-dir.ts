// A second process on a data directory, for client.test.ts: opens it with openDatabase, makes
// `commits` single-row commits, prints "ready <pid>", then either holds it until killed
// ("hold") or closes it and exits ("exit").
import process from 'node:process';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../client.ts';

const [dataDir, commits = '0', mode = 'hold'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: hold-data-dir.ts <dataDir> [commits] [hold|exit]');

const database = await openDatabase({ dataDir });
await database.db.execute(sql`create table if not exists commits (n integer not null, pid integer)`);
for (let n = 0; n < Number(commits); n++)
  await database.db.execute(sql`insert into commits values (${n}, ${process.pid})`);
process.stdout.write(`ready ${process.pid}\n`);
if (mode === 'exit') {
  await database.close();
} else {
  // Held until the test kills this process.
  setInterval(() => {}, 60_000);
}
