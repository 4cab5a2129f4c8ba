import { configDefaults, defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@ccmm/api',
    // One migrated database with the standards loaded, made once and cloned by every test file.
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PostgreSQL only (TEST_DATABASE_URL), never skipped there: two server processes on one
    // database, and the driver's connections.
    exclude: process.env.TEST_DATABASE_URL
      ? configDefaults.exclude
      : [...configDefaults.exclude, 'src/multi-process.test.ts', 'src/postgres-driver.test.ts'],
  },
});
