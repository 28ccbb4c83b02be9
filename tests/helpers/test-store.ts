import { basename } from 'node:path';
import pg from 'pg';

/**
 * Which store the suite runs against: the embedded SQLite (default) or PostgreSQL when
 * TEST_DATABASE_URL is set (`npm run test:pg`). Each test server gets its own PostgreSQL schema, named
 * after its data directory so a restart on the same directory finds the same data.
 */
export const TEST_DATABASE_URL = process.env['TEST_DATABASE_URL'];

export function storeEnv(dataDir: string): Record<string, string> {
  if (!TEST_DATABASE_URL) return {};
  return { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schemaFor(dataDir) };
}

export function schemaFor(dataDir: string): string {
  return `t_${basename(dataDir)
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

export async function dropSchema(dataDir: string): Promise<void> {
  if (!TEST_DATABASE_URL) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schemaFor(dataDir)} cascade`);
  } finally {
    await client.end();
  }
}

/** Whether a PostgreSQL server answers at `url` (for tests that need one and must say so when absent). */
export async function postgresReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (err) {
    console.warn(`PostgreSQL not reachable at ${url}: ${(err as Error).message}`);
    return false;
  }
}
