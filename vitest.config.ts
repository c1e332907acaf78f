import { defineConfig } from 'vitest/config';
import LongWalksFirst from './src/testing/sequencer.ts';

// Two projects: `server` (API and database tests, run on PGlite and, with DATABASE_URL, on
// PostgreSQL) and `e2e` (Chromium against a real server). Both run against real engines.
export default defineConfig({
  test: {
    sequence: { sequencer: LongWalksFirst },
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['src/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
          // A worker keeps its imports across files (each file builds its own app and database):
          // importing the whole app afresh for every file cost more than the tests themselves.
          isolate: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['src/**/*.e2e.ts'],
          environment: 'node',
          globalSetup: ['src/testing/e2e-setup.ts'],
          setupFiles: ['src/testing/e2e-each.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          // Two workers, each with a server of its own (see e2e-setup.ts), take the files in turn.
          // A worker keeps its process across files, its imports (Playwright, the contracts, OpenCC)
          // loaded once: a fresh process per file spent 5–40 s importing before each file's first test.
          maxWorkers: Number(process.env.E2E_WORKERS ?? 2),
          isolate: false,
          // After the server tests (a project with another worker count runs in a group of its own).
          sequence: { groupOrder: 1 },
          // A page on a loaded 2-core machine may take seconds to settle: poll for up to 10 s.
          expect: { poll: { timeout: 10_000 } },
          // In CI a browser test that failed runs once more before it counts as failed. One that
          // passed on its second try is named in CI's summary as flaky, with its first failure.
          retry: process.env.CI ? 1 : 0,
        },
      },
    ],
  },
});
