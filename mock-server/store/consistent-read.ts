import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * A read-only transaction whose statements all see one snapshot. PostgreSQL's default READ COMMITTED would
 * let a snapshot's rows and its sequence number come from different moments (a client would then miss a
 * change); REPEATABLE READ fixes that. SQLite transactions are already serializable (the level is ignored).
 */
export function consistentRead<T>(
  db: Kysely<Database>,
  read: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().setIsolationLevel('repeatable read').execute(read);
}
