import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (pure domain, handlers with mocked AWS clients, the synthesized template) and
 * `integration` (everything through one local stack that test/global-setup.ts starts on free ports).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/**/*.test.ts',
            'services/**/*.test.ts',
            'infra/**/*.test.ts',
            'test/unit/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
          env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One local stack serves every file; files run in parallel on it, isolated by unique ids.
          fileParallelism: true,
        },
      },
    ],
  },
});
