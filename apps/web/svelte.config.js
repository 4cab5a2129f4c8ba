import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
export default {
  preprocess: vitePreprocess(),
  kit: {
    // Mounted inside the API's Fastify server (apps/api/src/server.ts) from build/handler.js.
    adapter: adapter({ out: 'build' }),
    // Every page's Content-Security-Policy: no inline script but SvelteKit's own start-up script,
    // which 'auto' marks with a fresh nonce per page (a hash if one were prerendered). Inline
    // styles stay allowed: Svelte writes style attributes (bar widths, indents). The other
    // headers (nosniff, referrer policy, HSTS) come from the API's security-headers plugin.
    // Keep apps/api/src/plugins/security-headers.ts WEB_FALLBACK_CSP in step.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none'],
      },
    },
  },
};
