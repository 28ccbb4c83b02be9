import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from './migrations';

/**
 * The store's clock in epoch milliseconds, as an SQL expression. Leases and node samples are timed by the one
 * clock every node shares (the database's), never by a node's own, which may be off. The dialect difference
 * lives here and nowhere else; `dialect-parity.test.ts` runs it on both stores.
 */
export function storeNowMs(dialect: Dialect): RawBuilder<number> {
  return dialect === 'postgres'
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`
    : sql<number>`cast(unixepoch('subsec') * 1000 as integer)`;
}
