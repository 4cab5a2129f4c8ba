import { defineProject } from 'vitest/config';

// Its own config, so `vitest run` in this folder does not pick up the workspace's.
export default defineProject({ test: { name: '@ccmm/db' } });
