import { sql, type Kysely } from 'kysely';
import { TOPIC_ITEM, type TopicItem } from '../../src/contract/live';
import { consistentRead } from './consistent-read';
import { withoutNul } from './text';
import { lockKeys } from './key-locks';
import type { Dialect } from './migrations';
import type { Database } from './schema';

/** Topics whose items are stored as whole JSON states (everything but events and the in-memory health). */
export type StateTopic = 'traffic' | 'cameras' | 'sensors' | 'workers' | 'warnings';
export const STATE_TOPICS: readonly StateTopic[] = ['traffic', 'cameras', 'sensors', 'workers', 'warnings'];

type Item<T extends StateTopic> = TopicItem[T];

/**
 * Latest state per entity for the state topics. Writes take the topic's next sequence numbers in the same
 * transaction, so a client resumes with `seq > since` exactly as for events. An item whose `updatedAt` is
 * not newer than the stored one is skipped (redeliveries and out-of-order batches change nothing).
 */
export class StatesRepo {
  constructor(
    private readonly db: Kysely<Database>,
    /** PostgreSQL: concurrent writers of one entity take turns (store/key-locks.ts). */
    private readonly dialect: Dialect = 'sqlite',
  ) {}

  async upsert<T extends StateTopic>(
    topic: T,
    input: readonly Item<T>[],
  ): Promise<{ seq: number; item: Item<T> }[]> {
    if (input.length === 0) return [];
    const items = input.map(withoutNul);
    return this.db.transaction().execute(async (trx) => {
      const latest = new Map<string, Item<T>>();
      for (const it of items) {
        const prev = latest.get(it.id);
        if (!prev || prev.updatedAt <= it.updatedAt) latest.set(it.id, it);
      }
      const ids = [...latest.keys()];
      await lockKeys(
        trx,
        this.dialect,
        ids.map((id) => `${topic}:${id}`),
      );
      const stored = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await trx
          .selectFrom('entity_states')
          .select(['id', 'updated_at'])
          .where('topic', '=', topic)
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) stored.set(r.id, r.updated_at);
      }
      const changed = [...latest.values()].filter((it) => {
        const at = stored.get(it.id);
        return at === undefined || at < it.updatedAt;
      });
      if (changed.length === 0) return [];
      const top = await trx
        .updateTable('sequences')
        .set({ value: sql`value + ${changed.length}` })
        .where('topic', '=', topic)
        .returning('value')
        .executeTakeFirstOrThrow();
      let seq = Number(top.value) - changed.length;
      const out = changed.map((item) => ({ seq: ++seq, item }));
      for (let i = 0; i < out.length; i += 500) {
        await trx
          .insertInto('entity_states')
          .values(
            out.slice(i, i + 500).map(({ seq: s, item }) => ({
              topic,
              id: item.id,
              seq: s,
              updated_at: item.updatedAt,
              data: JSON.stringify(item),
            })),
          )
          .onConflict((oc) =>
            oc.columns(['topic', 'id']).doUpdateSet((eb) => ({
              seq: eb.ref('excluded.seq'),
              updated_at: eb.ref('excluded.updated_at'),
              data: eb.ref('excluded.data'),
            })),
          )
          .execute();
      }
      return out;
    });
  }

  async get<T extends StateTopic>(topic: T, id: string): Promise<Item<T> | null> {
    const row = await this.db
      .selectFrom('entity_states')
      .select('data')
      .where('topic', '=', topic)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? parse(topic, row.data) : null;
  }

  async all<T extends StateTopic>(topic: T): Promise<Item<T>[]> {
    const rows = await this.db
      .selectFrom('entity_states')
      .select('data')
      .where('topic', '=', topic)
      .orderBy('seq')
      .execute();
    return rows.map((r) => parse(topic, r.data));
  }

  async currentSeq(topic: StateTopic): Promise<number> {
    const row = await this.db
      .selectFrom('sequences')
      .select('value')
      .where('topic', '=', topic)
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  async snapshot<T extends StateTopic>(topic: T): Promise<{ seq: number; items: Item<T>[] }> {
    return consistentRead(this.db, async (trx) => {
      const rows = await trx
        .selectFrom('entity_states')
        .select('data')
        .where('topic', '=', topic)
        .orderBy('seq')
        .execute();
      const top = await trx
        .selectFrom('sequences')
        .select('value')
        .where('topic', '=', topic)
        .executeTakeFirstOrThrow();
      return { seq: Number(top.value), items: rows.map((r) => parse(topic, r.data)) };
    });
  }

  changesAfter<T extends StateTopic>(topic: T, since: number, limit: number) {
    return stateChangesAfter(this.db, topic, since, limit);
  }

  async changesSince<T extends StateTopic>(
    topic: T,
    since: number,
    limit: number,
  ): Promise<{ toSeq: number; items: Item<T>[] } | null> {
    return consistentRead(this.db, async (trx) => {
      const top = await trx
        .selectFrom('sequences')
        .select('value')
        .where('topic', '=', topic)
        .executeTakeFirstOrThrow();
      if (since > Number(top.value)) return null;
      const rows = await trx
        .selectFrom('entity_states')
        .select('data')
        .where('topic', '=', topic)
        .where('seq', '>', since)
        .orderBy('seq')
        .limit(limit + 1)
        .execute();
      if (rows.length > limit) return null;
      return { toSeq: Number(top.value), items: rows.map((r) => parse(topic, r.data)) };
    });
  }
}

/** The store's changes of `topic` after `since`, with their sequence numbers; paged like EventsRepo.changesAfter. */
export async function stateChangesAfter<T extends StateTopic>(
  db: Kysely<Database>,
  topic: T,
  since: number,
  limit: number,
): Promise<{ toSeq: number; items: { seq: number; item: Item<T> }[] }> {
  // One statement — the rows and the topic's number from one snapshot (a statement's snapshot in PostgreSQL's READ
  // COMMITTED, the read transaction in SQLite) — so the live tail of every node costs one round trip per read.
  const rows = await db
    .selectFrom('entity_states')
    .select((eb) => [
      'seq',
      'data',
      eb.selectFrom('sequences').select('value').where('topic', '=', topic).as('top'),
    ])
    .where('topic', '=', topic)
    .where('seq', '>', since)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows.length > limit ? rows.slice(0, limit) : rows;
  const items = page.map((r) => ({ seq: Number(r.seq), item: parse(topic, r.data) }));
  if (rows.length > limit) return { toSeq: items[items.length - 1]!.seq, items };
  // Nothing after `since` in this snapshot. (Asking for the topic's number in a second statement would see commits
  // the first did not, and skip them.)
  return { toSeq: rows.length > 0 ? Math.max(since, Number(rows[0]!.top)) : since, items };
}

/** Every topic's current sequence number (where each node's live tail starts). */
export async function sequenceHeads(db: Kysely<Database>): Promise<Map<string, number>> {
  const rows = await db.selectFrom('sequences').select(['topic', 'value']).execute();
  return new Map(rows.map((r) => [r.topic, Number(r.value)]));
}

/** Stored JSON is parsed with the topic's contract schema on the way out. */
function parse<T extends StateTopic>(topic: T, data: string): Item<T> {
  return TOPIC_ITEM[topic].parse(JSON.parse(data)) as Item<T>;
}
