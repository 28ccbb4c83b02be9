import { sql, type Kysely } from 'kysely';
import type { Dialect } from './migrations';
import type { Database } from './schema';
import { storeNowMs } from './store-clock';

export interface Lease {
  holder: string;
  /** Bumped at every change of holder (fencing token). */
  term: number;
  /** Epoch ms by the store's clock. */
  expiresAt: number;
}

/**
 * Named leases in the store: at most one holder per name until its lease expires (by the store's clock). Taking
 * and renewing are one statement — an upsert that only overwrites the row when the caller already holds it or
 * the lease has expired — so two nodes racing for an expired lease cannot both win.
 */
export class LeasesRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Takes or renews `name` for `ttlMs`; the lease when `holder` has it afterwards, null when another does. */
  async acquire(name: string, holder: string, ttlMs: number): Promise<Lease | null> {
    const now = storeNowMs(this.dialect);
    const row = await this.db
      .insertInto('leases')
      .values({ name, holder, expires_at: sql<number>`${now} + ${ttlMs}`, term: 1 })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet({
            holder: (eb) => eb.ref('excluded.holder'),
            expires_at: (eb) => eb.ref('excluded.expires_at'),
            term: sql<number>`case when leases.holder = excluded.holder then leases.term else leases.term + 1 end`,
          })
          .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<', now)])),
      )
      .returning(['holder', 'term', 'expires_at'])
      .executeTakeFirst();
    return row ? { holder: row.holder, term: Number(row.term), expiresAt: Number(row.expires_at) } : null;
  }

  /** Gives `name` up at once (a clean shutdown), so another node need not wait for the lease to expire. */
  async release(name: string, holder: string): Promise<void> {
    await this.db
      .updateTable('leases')
      .set({ expires_at: 0 })
      .where('name', '=', name)
      .where('holder', '=', holder)
      .execute();
  }

  async get(name: string): Promise<Lease | null> {
    const row = await this.db
      .selectFrom('leases')
      .select(['holder', 'term', 'expires_at'])
      .where('name', '=', name)
      .executeTakeFirst();
    return row ? { holder: row.holder, term: Number(row.term), expiresAt: Number(row.expires_at) } : null;
  }
}
