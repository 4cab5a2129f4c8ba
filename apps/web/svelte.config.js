import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  // Mounted inside the API's Fastify server (apps/api/src/server.ts) from build/handler.js.
  kit: { adapter: adapter({ out: 'build' }) },
};
