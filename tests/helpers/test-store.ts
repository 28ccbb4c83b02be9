import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openPostgres, openSqlite, type Db } from '../../mock-server/store/db';

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

/**
 * Where PostgreSQL-specific tests (dialect parity, concurrent commits on a pool, leases, the doorbell) look for a
 * server: TEST_PG_URL, else TEST_DATABASE_URL, else the machine's default. They run in plain `npm test` too when it answers, and
 * are skipped with a visible "skipped: no PostgreSQL at …" when it does not.
 */
export const PG_URL =
  process.env['TEST_PG_URL'] ?? TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | null = null;
/** Whether PG_URL answers (asked once per test file). */
export function pgAvailable(): Promise<boolean> {
  reachable ??= postgresReachable(PG_URL);
  return reachable;
}

/** The title suffix of a PostgreSQL-specific suite when the server is absent: the skip says why. */
export const NO_PG = `skipped: no PostgreSQL at ${PG_URL}`;

/** A fresh PostgreSQL store in a schema of its own (dropped by `close`). */
export async function openPgTestStore(poolSize = 10): Promise<Db> {
  const schema = `t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const db = await openPostgres(PG_URL, { schema, poolSize });
  return {
    ...db,
    async close() {
      await db.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh store for a repo-level test: PostgreSQL under `npm run test:pg`, else an in-memory SQLite. */
export function openTestStore(): Promise<Db> {
  return TEST_DATABASE_URL ? openPgTestStore() : openSqlite(':memory:');
}

/**
 * `describe` for a PostgreSQL-specific suite: runs when PG_URL answers, else is skipped under a title that says
 * so ("… — skipped: no PostgreSQL at …"), next to the start-up banner and the warning of `postgresReachable`.
 */
export async function describeWithPostgres(title: string, body: () => void): Promise<void> {
  if (await pgAvailable()) describe(title, body);
  else describe.skip(`${title} — ${NO_PG}`, body);
}
