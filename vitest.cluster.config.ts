import { defineConfig } from 'vitest/config';

/**
 * `npm run test:cluster`: two real server processes on the machine's PostgreSQL, Redis and Mosquitto, one killed
 * mid-stream (tests/cluster). Kept out of `npm test`: it needs those services and a couple of minutes.
 */
export default defineConfig({
  test: {
    include: ['tests/cluster/**/*.test.ts'],
    environment: 'node',
    testTimeout: 360_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    globalSetup: ['tests/global-setup.ts'],
  },
});
