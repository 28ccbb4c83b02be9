import { execFileSync } from 'node:child_process';
import { PG_URL, postgresReachable, TEST_DATABASE_URL } from './helpers/test-store';

/** Tests use the generated road network: build it (incremental, skipped when up to date) before any test. */
export default async function setup(): Promise<void> {
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/build-basemap.ts'], { stdio: 'inherit' });
  await announceStore();
}

/**
 * Says which store the suite runs against, so a run is never silently on the wrong one. Under `npm run test:pg`
 * (TEST_DATABASE_URL set) an unreachable server fails the run at once instead of skipping anything.
 */
async function announceStore(): Promise<void> {
  if (TEST_DATABASE_URL) {
    if (!(await postgresReachable(TEST_DATABASE_URL))) {
      throw new Error(`TEST_DATABASE_URL is set but no PostgreSQL answers at ${TEST_DATABASE_URL}`);
    }
    process.stdout.write(
      `\n  ▶ store under test: PostgreSQL at ${TEST_DATABASE_URL} (a schema per test server)\n\n`,
    );
    return;
  }
  const pg = await postgresReachable(PG_URL);
  process.stdout.write(
    `\n  ▶ store under test: embedded SQLite (npm run test:pg runs the suite on PostgreSQL)\n` +
      (pg
        ? `  ▶ PostgreSQL-specific tests run against ${PG_URL}\n\n`
        : `  ▶ PostgreSQL-specific tests are SKIPPED: no PostgreSQL at ${PG_URL}\n\n`),
  );
}
