import type { TopicItem } from '../../src/contract/live';
import type { StateTopic, StatesRepo } from '../store/states-repo';
import type { Hub } from './hub';

type Change = { seq: number; item: TopicItem[StateTopic] };

interface Batch {
  topic: StateTopic;
  size: number;
  callers: {
    items: readonly TopicItem[StateTopic][];
    resolve: (changed: Change[]) => void;
    reject: (err: unknown) => void;
  }[];
}

/** Most items one merged transaction takes (a traffic minute batch is ~4,200). */
const MAX_BATCH_ITEMS = 20_000;

/**
 * How connectors record entity states (road segments, cameras, sensors, workers, warnings): stored first,
 * then published to live clients. Resolves once durable with the items that actually changed.
 *
 * Writes run one transaction at a time (so a topic's numbers reach the hub in order), and puts of one topic that
 * queue up behind a transaction in flight are merged into the next one (group commit): when the store slows down —
 * a loaded PostgreSQL, a busy node — the queue turns into fewer, larger transactions instead of a growing backlog.
 */
export class StateWriter {
  private readonly queue: Batch[] = [];
  private running = false;

  constructor(
    private readonly repo: StatesRepo,
    private readonly hub: Hub,
  ) {}

  put<T extends StateTopic>(
    topic: T,
    items: readonly TopicItem[T][],
  ): Promise<{ seq: number; item: TopicItem[T] }[]> {
    return new Promise<Change[]>((resolve, reject) => {
      const last = this.queue[this.queue.length - 1];
      const caller = { items, resolve, reject };
      if (last && last.topic === topic && last.size + items.length <= MAX_BATCH_ITEMS) {
        last.callers.push(caller);
        last.size += items.length;
      } else {
        this.queue.push({ topic, size: items.length, callers: [caller] });
      }
      if (!this.running) void this.drain();
    }) as Promise<{ seq: number; item: TopicItem[T] }[]>;
  }

  private async drain(): Promise<void> {
    this.running = true;
    for (let batch = this.queue.shift(); batch; batch = this.queue.shift()) {
      const { topic, callers } = batch;
      try {
        const changed = await this.repo.upsert(
          topic,
          callers.flatMap((c) => c.items),
        );
        this.hub.publish({ topic, items: changed });
        // Each caller learns which of its own items changed the store (the stored item is the caller's object; a
        // copy only when the store had to clean it, then matched by id and time if no other caller sent that id).
        const byItem = new Map<unknown, Change>(changed.map((c) => [c.item, c]));
        const byKey = new Map(changed.map((c) => [`${c.item.id} ${c.item.updatedAt}`, c]));
        const callersOf = new Map<string, number>();
        for (const c of callers)
          for (const it of c.items) callersOf.set(it.id, (callersOf.get(it.id) ?? 0) + 1);
        for (const c of callers) {
          c.resolve(
            c.items.flatMap((it) => {
              const hit =
                byItem.get(it) ??
                (callersOf.get(it.id) === 1 ? byKey.get(`${it.id} ${it.updatedAt}`) : undefined);
              return hit ? [hit] : [];
            }),
          );
        }
      } catch (err) {
        for (const c of callers) c.reject(err);
      }
    }
    this.running = false;
  }

  get<T extends StateTopic>(topic: T, id: string): Promise<TopicItem[T] | null> {
    return this.repo.get(topic, id);
  }

  all<T extends StateTopic>(topic: T): Promise<TopicItem[T][]> {
    return this.repo.all(topic);
  }
}
