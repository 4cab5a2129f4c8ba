// Runs every test project once on the embedded database, then, when TEST_DATABASE_URL names
// a PostgreSQL server, the API's tests again on that server. Ends with the plain
// "N passed, N failed" line that CI reads, whatever the reporters print above it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'ccmm-vitest-'));
const args = process.argv.slice(2);

const firstLine = (text) =>
  String(text ?? '')
    .split('\n')[0]
    .slice(0, 300);

function vitest(name, extraArgs, env) {
  const report = join(dir, `${name}.json`);
  const run = spawnSync(
    'vitest',
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extraArgs, ...args],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  try {
    const { numPassedTests, numFailedTests, numPendingTests, testResults } = JSON.parse(
      readFileSync(report, 'utf8'),
    );
    const failures = testResults.flatMap((file) => [
      ...(file.status === 'failed' && file.assertionResults.length === 0
        ? [`${name}: ${file.name}: ${firstLine(file.message)}`]
        : []),
      ...file.assertionResults
        .filter((test) => test.status === 'failed')
        .map((test) => `${name}: ${file.name} › ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`),
    ]);
    return {
      ok: run.status === 0,
      passed: numPassedTests,
      failed: numFailedTests,
      skipped: numPendingTests,
      failures,
    };
  } catch {
    return {
      ok: false,
      passed: 0,
      failed: 1,
      skipped: 0,
      failures: [`${name}: no report (vitest exited ${run.status})`],
    };
  }
}

const { TEST_DATABASE_URL } = process.env;
const runs = [];
console.log('\n▶ every test, on the embedded database (PGlite)\n');
runs.push(vitest('embedded', [], { TEST_DATABASE_URL: '' }));
if (TEST_DATABASE_URL) {
  console.log(`\n▶ the API's tests again, on the PostgreSQL server at ${new URL(TEST_DATABASE_URL).host}\n`);
  runs.push(vitest('server', ['--project', '@ccmm/api'], { TEST_DATABASE_URL }));
}

const total = runs.reduce(
  (sum, r) => ({
    passed: sum.passed + r.passed,
    failed: sum.failed + r.failed,
    skipped: sum.skipped + r.skipped,
  }),
  { passed: 0, failed: 0, skipped: 0 },
);
// The failures again at the very end: CI keeps only the tail of what was printed.
const failures = runs.flatMap((r) => r.failures);
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((f) => `  ✗ ${f}`).join('\n')}`);
console.log(
  `\ntests: ${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`,
);
process.exit(runs.every((r) => r.ok) ? 0 : 1);
