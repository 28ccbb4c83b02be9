import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests drive Debian's Chromium (no browser download) against the built app served by the real
 * server on 127.0.0.1, with simulators on and a fresh data directory per run.
 */
const PORT = Number(process.env['E2E_PORT'] ?? 8765);
const DATA_DIR = mkdtempSync(join(tmpdir(), 'city-brain-e2e-'));
/** The hotline intake key of the e2e server (tests/e2e/fixtures.ts has the same value). */
const E2E_HOTLINE_KEY = 'e2e-hotline-intake-key-0001';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--enable-unsafe-swiftshader',
      ],
    },
    viewport: { width: 1920, height: 1080 },
    // Pulses and glows drawn still: with software WebGL on two cores, animation doubled what an idle page cost
    // and slowed every test. wall.spec.ts runs the wall with motion, as it is deployed.
    reducedMotion: 'reduce',
  },
  webServer: {
    // The server's log goes to a file next to the screenshots, to read when a test fails.
    command:
      'mkdir -p test-results && exec node --import tsx mock-server/main.ts > test-results/e2e-server.log 2>&1',
    url: `http://127.0.0.1:${PORT}/api/server`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR,
      // Another build directory (e.g. one not rebuilt by a parallel `vite build`) when E2E_STATIC_DIR is set.
      STATIC_DIR: process.env['E2E_STATIC_DIR'] ?? 'dist',
      SIM_RATE: '20',
      LOG_LEVEL: 'warn',
      // A known hotline key, so the XSS test can push work orders like the 12345 platform does.
      INTAKE_KEYS: `hotline=${E2E_HOTLINE_KEY}`,
    },
  },
});
