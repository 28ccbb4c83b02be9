import { sql, type Kysely } from 'kysely';
import { FeedHealth } from '../../src/contract/feed-health';
import type { Dialect } from './migrations';
import type { Database } from './schema';
import { storeNowMs } from './store-clock';

/** Each node's latest feed-health sample, so any node can show the whole cluster's feeds. */
export class NodeHealthRepo {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async put(nodeId: string, feeds: readonly FeedHealth[]): Promise<void> {
    const at = storeNowMs(this.dialect);
    await this.db
      .insertInto('node_health')
      .values({ node_id: nodeId, at, data: JSON.stringify(feeds) })
      .onConflict((oc) =>
        oc
          .column('node_id')
          .doUpdateSet({ at: (eb) => eb.ref('excluded.at'), data: (eb) => eb.ref('excluded.data') }),
      )
      .execute();
  }

  /** Samples written within the last `maxAgeMs` (by the store's clock), other than `exceptNode`'s. */
  async fresh(maxAgeMs: number, exceptNode: string): Promise<{ nodeId: string; feeds: FeedHealth[] }[]> {
    const rows = await this.db
      .selectFrom('node_health')
      .select(['node_id', 'data'])
      .where('node_id', '<>', exceptNode)
      .where('at', '>', sql<number>`${storeNowMs(this.dialect)} - ${maxAgeMs}`)
      .execute();
    return rows.map((r) => ({ nodeId: r.node_id, feeds: FeedHealth.array().parse(JSON.parse(r.data)) }));
  }

  /** Deletes samples older than `maxAgeMs` (nodes killed long ago, whose NODE_ID was per process). */
  async prune(maxAgeMs: number): Promise<void> {
    await this.db
      .deleteFrom('node_health')
      .where('at', '<', sql<number>`${storeNowMs(this.dialect)} - ${maxAgeMs}`)
      .execute();
  }

  /** Forgets a node (its clean shutdown): its counts leave the cluster's picture at once. */
  async remove(nodeId: string): Promise<void> {
    await this.db.deleteFrom('node_health').where('node_id', '=', nodeId).execute();
  }
}
