import { sql, type Transaction } from 'kysely';
import type { Dialect } from './migrations';
import type { Database } from './schema';

/**
 * Serializes transactions that write the same items, for the rest of the calling transaction. A write reads the
 * stored version, decides, then upserts: on PostgreSQL two nodes (or two pooled connections) doing that for one
 * new event or one sensor at once would both decide "changed" and store the same reading twice under two
 * sequence numbers — a duplicate on every live client. Transaction-scoped advisory locks on the items' keys, taken
 * in one statement in hash order (so two writers never wait on each other crosswise), make the second writer read
 * what the first committed. SQLite runs one write transaction at a time: nothing to do.
 */
export async function lockKeys(
  trx: Transaction<Database>,
  dialect: Dialect,
  keys: readonly string[],
): Promise<void> {
  if (dialect !== 'postgres' || keys.length === 0) return;
  await sql`select pg_advisory_xact_lock(h) from (
      select distinct hashtextextended(k, 0) as h from unnest(${[...keys]}::text[]) as k order by h
    ) as ordered`.execute(trx);
}
