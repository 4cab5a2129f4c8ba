import { defineConfig } from 'vitest/config';

// One run over every package: `pnpm test` at the root. Each package can also run alone.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'tests'],
  },
});
