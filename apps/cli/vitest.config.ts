import { defineProject } from 'vitest/config';

// Its own config, so `vitest run` in this folder does not pick up the workspace's. The server
// commands' tests start the real server (a fresh embedded database): give them time.
export default defineProject({ test: { name: '@ccmm/cli', testTimeout: 60_000, hookTimeout: 120_000 } });
