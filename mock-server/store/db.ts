import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { migrationProvider, type Dialect } from './migrations';
import type { Database } from './schema';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** Human-readable location for the start-up banner. */
  location: string;
  /** This store's identity (the live protocol's events epoch). */
  storeId: string;
  close(): Promise<void>;
}

/**
 * Opens the embedded SQLite store in `dataDir` (or in memory for ':memory:') and migrates it to the latest
 * schema. WAL keeps readers (snapshots, REST) from blocking the intake writer.
 */
export async function openSqlite(dataDir: string): Promise<Db> {
  const inMemory = dataDir === ':memory:';
  const file = inMemory ? ':memory:' : join(dataDir, 'city-brain.sqlite');
  if (!inMemory) mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL under WAL: a commit survives a process crash; only an OS crash can lose the last transactions.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // 64 MiB page cache (the default is 2 MiB): the console's queue reads rows all over a large events table, and
  // re-reading them through the OS for every query cost several times the query (bench/console-queue.bench.ts).
  sqlite.pragma('cache_size = -65536');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  await migrate(kysely, 'sqlite');
  return {
    kysely,
    dialect: 'sqlite',
    location: file,
    storeId: await readStoreId(kysely),
    close: () => kysely.destroy(),
  };
}

/**
 * Opens a PostgreSQL store (production) and migrates it. `schema`, when given, is created if missing and
 * used as the search path — tests get an isolated schema per server. The pool is bounded (`poolSize`).
 */
export async function openPostgres(
  url: string,
  opts: { schema?: string | undefined; poolSize?: number; onPoolError?: (err: Error) => void } = {},
): Promise<Db> {
  const { schema, poolSize = 10 } = opts;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`bad schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`create schema if not exists ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle pooled connection that the server drops (restart, failover) is reported here and replaced on the next
  // checkout; without a listener the pool's 'error' event would end the process.
  pool.on('error', (err) => opts.onPoolError?.(err));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrate(kysely, 'postgres', schema);
  return {
    kysely,
    dialect: 'postgres',
    location: redact(url) + (schema ? ` (schema ${schema})` : ''),
    storeId: await readStoreId(kysely),
    close: () => kysely.destroy(),
  };
}

/** The configured store: PostgreSQL when `databaseUrl` is set, else the embedded SQLite file in `dataDir`. */
export function openStore(
  c: {
    DATA_DIR: string;
    DATABASE_URL?: string | undefined;
    DATABASE_SCHEMA?: string | undefined;
    DATABASE_POOL_SIZE?: number | undefined;
  },
  onPoolError?: (err: Error) => void,
): Promise<Db> {
  return c.DATABASE_URL
    ? openPostgres(c.DATABASE_URL, {
        schema: c.DATABASE_SCHEMA,
        ...(c.DATABASE_POOL_SIZE ? { poolSize: c.DATABASE_POOL_SIZE } : {}),
        ...(onPoolError ? { onPoolError } : {}),
      })
    : openSqlite(c.DATA_DIR);
}

// int8 (bigint: sequence numbers, counts) as JS numbers: ours stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}

export async function migrate(kysely: Kysely<Database>, dialect: Dialect, schema?: string): Promise<void> {
  // With a schema, Kysely's own bookkeeping tables live in it too (its existence check sees every schema).
  const migrator = new Migrator({
    db: kysely,
    provider: migrationProvider(dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
    // Features land in parallel with their own migration numbers; a store that already ran a later
    // number must still run an earlier one that arrived after it (each migration is independent).
    allowUnorderedMigrations: true,
  });
  let { error, results } = await migrator.migrateToLatest();
  // Kysely's existence check lists the tables of every schema; another schema dropped meanwhile (a test server's,
  // cleaned up while this one starts) fails that listing with "schema/relation … does not exist" before any
  // migration ran: ask again.
  for (let i = 0; i < 20 && error && !results?.length && droppedElsewhere(error, schema); i++) {
    await new Promise((r) => setTimeout(r, Math.min(250, 25 * (i + 1))));
    ({ error, results } = await migrator.migrateToLatest());
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`store migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, {
      cause: error,
    });
  }
}

/** PostgreSQL's "schema does not exist" (3F000) or "relation does not exist" (42P01) about another schema than ours. */
function droppedElsewhere(error: unknown, schema: string | undefined): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if ((e.code !== '3F000' && e.code !== '42P01') || typeof e.message !== 'string') return false;
  return !(schema && (e.message.includes(`"${schema}"`) || e.message.includes(`"${schema}.`)));
}

async function readStoreId(kysely: Kysely<Database>): Promise<string> {
  const row = await kysely
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'store_id')
    .executeTakeFirstOrThrow();
  return row.value;
}

const STATEMENT_CACHE_MAX = 500;

/**
 * Kysely prepares every query anew; with better-sqlite3 a prepared statement is reusable, and the intake's
 * chunked inserts repeat the same SQL text. Caching statements by text cut ~25% off bulk writes (bench).
 * Safe here: Kysely's SQLite driver runs one query at a time on its single connection.
 */
function withStatementCache(db: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        if (cache.size >= STATEMENT_CACHE_MAX) cache.clear();
        stmt = db.prepare(sql);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}
