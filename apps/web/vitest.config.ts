import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

// The browser test drives the built app in the real server: build first (scripts/build-web.mjs).
// The unit tests import server modules directly: $env/dynamic/private is the process's environment.
export default defineProject({
  resolve: {
    alias: {
      '$env/dynamic/private': fileURLToPath(new URL('./tests/env-dynamic-private.ts', import.meta.url)),
    },
  },
  test: {
    name: '@ccmm/web',
    include: ['tests/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    // A form posted in Chromium under a loaded CI machine can take seconds, not the default 1 s.
    expect: { poll: { timeout: 30_000 } },
  },
});
