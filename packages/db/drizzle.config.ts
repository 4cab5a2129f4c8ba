import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @ccmm/db generate` writes SQL migrations from the schema into migrations/.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema.ts',
  out: '../../migrations',
});
