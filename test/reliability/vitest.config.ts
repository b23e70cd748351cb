import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the slow parts of issue 12's suite (restarts, load). Each file starts the stacks
 * it needs (a data directory, emulators restarted mid-run), so there is no shared global setup, and files run
 * one at a time: they measure the system under their own load, not each other's.
 */
export default defineConfig({
  // The repository root, as for the main config: the packages resolve from there.
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    name: 'reliability',
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR' },
  },
});
