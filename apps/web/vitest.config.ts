import { defineProject } from 'vitest/config';

// The browser test drives the built app in the real server: build first (scripts/build-web.mjs).
export default defineProject({
  test: {
    name: '@ccmm/web',
    include: ['tests/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
  },
});
