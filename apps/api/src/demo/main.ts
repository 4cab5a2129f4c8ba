// `pnpm demo`: loads the demo dataset into the database `npm start` uses (DATA_DIR, or
// DATABASE_URL), opened the way the server opens it. Refuses a database that is not empty.
import process from 'node:process';
import { parseArgs } from 'node:util';
import { DataDirectoryError } from '@ccmm/db';
import { ConfigError } from '../config.ts';
import { StandardsLoadError } from '../modules/standards/standards.loader.ts';
import { StandardRegistry } from '../plugins/context.ts';
import { configFromEnvironment, openProductDatabase } from '../startup.ts';
import { DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_SEED, DemoRefusedError, loadDemo } from './load.ts';

const USAGE = `pnpm demo [--organizations N] [--seed S]

Loads a demo dataset (organizations, people, assessments 2019 to today, certificates, KPIs)
into the database npm start uses: DATA_DIR (default ./data) or DATABASE_URL. The database must
be empty. 演示数据仅供体验，切勿用于生产。 The demo is not for production.
  --organizations N   how many organizations (default ${DEMO_ORGANIZATIONS}, 5–5000)
  --seed S            another seed, another (equally deterministic) dataset (default ${DEMO_SEED})
`;

function options() {
  const { values } = parseArgs({
    options: {
      organizations: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const organizations = Number(values.organizations ?? DEMO_ORGANIZATIONS);
  const seed = Number(values.seed ?? DEMO_SEED);
  if (!Number.isInteger(organizations) || organizations < 5 || organizations > 5000)
    throw new UsageError('--organizations must be a whole number from 5 to 5000');
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a whole number ≥ 0');
  return { organizations, seed, help: values.help === true };
}

class UsageError extends Error {}

async function main(): Promise<number> {
  let parsed: ReturnType<typeof options>;
  try {
    parsed = options();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = { ...configFromEnvironment(), logLevel: 'silent' as const };
  const where = config.databaseUrl ? 'DATABASE_URL' : config.dataDir;
  process.stdout.write(
    `Loading the demo (${parsed.organizations} organizations, seed ${parsed.seed}) into ${where} …\n`,
  );
  const { database, standards } = await openProductDatabase(config);
  try {
    const result = await loadDemo({
      db: database.db,
      standards: new StandardRegistry(standards),
      config,
      organizations: parsed.organizations,
      seed: parsed.seed,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    const c = result.counts;
    const certificates = Object.entries(result.certificates)
      .map(([status, n]) => `${n} ${status}`)
      .join(', ');
    const revisions = Object.entries(c)
      .filter(([key]) => key.startsWith('revisions.'))
      .map(([key, n]) => `${n} ${key.slice('revisions.'.length)}`)
      .join(', ');
    const width = Math.max(...result.accounts.map((a) => a.email.length));
    process.stdout.write(
      [
        '',
        `Loaded in ${result.seconds.toFixed(1)} s:`,
        `  ${c.organizations} organizations (${c.benchmarkingOptIn} in benchmarking, ${c.publicListing} listed publicly), ${c.users} users, ${c.consultantGrants} consultant grants`,
        `  ${c.assessments} assessments (${c['assessments.self'] ?? 0} self, ${c['assessments.certification'] ?? 0} certification, ${c['assessments.surveillance'] ?? 0} surveillance), ${c.ratings} ratings, ${c.ratingEvents} audit-trail entries`,
        `  ${c.decisions} decisions (${c['decisions.certify'] ?? 0} certify, ${c['decisions.refuse'] ?? 0} refuse, ${c['decisions.maintain'] ?? 0} maintain, ${c['decisions.lower'] ?? 0} lower, ${c['decisions.suspend'] ?? 0} suspend, ${c['decisions.withdraw'] ?? 0} withdraw)`,
        `  ${c.certificates} certificates (${certificates}), ${c.certificateRevisions} signed revisions (${revisions})`,
        `  to try first: ${c.openAudits ?? 0} open certification audits for the auditors (each auditor leads one not started and one half rated), ${c.awaitingDecision ?? 0} audits awaiting the reviewer's decision`,
        `  ${c.kpiValues} monthly KPI values of ${c.organizationsWithKpis} organizations, ${c.kpiChanges} KPI changes`,
        '',
        `Sign in with any of these (password for all: ${DEMO_PASSWORD}; every organization's center admin is center001…center${String(c.organizations).padStart(3, '0')}):`,
        ...result.accounts.map(
          (a) =>
            `  ${a.email.padEnd(width)}  ${a.role.padEnd(12)}  ${a.name}${a.organization ? ` · ${a.organization}` : ''}`,
        ),
        '',
        '演示数据与演示密码仅供体验，切勿用于生产。 Demo data and password: never use them in production.',
        `Now run: npm start   (same ${config.databaseUrl ? 'DATABASE_URL' : `DATA_DIR=${config.dataDir}`}) and open http://localhost:${config.port}`,
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (
      error instanceof DemoRefusedError ||
      error instanceof ConfigError ||
      error instanceof StandardsLoadError ||
      error instanceof DataDirectoryError
    ) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`demo load failed: ${(error as Error).stack ?? String(error)}\n`);
    }
    process.exit(1);
  },
);
