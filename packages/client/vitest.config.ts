import { defineProject } from 'vitest/config';

// Its own config, so `vitest run` in this folder does not pick up the workspace's. The tests
// build the API document from the app and start the real server: give them time.
export default defineProject({ test: { name: '@ccmm/client', testTimeout: 120_000, hookTimeout: 120_000 } });
