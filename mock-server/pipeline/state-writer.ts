import type { TopicItem } from '../../src/contract/live';
import type { StateTopic, StatesRepo } from '../store/states-repo';
import type { Hub } from './hub';

/**
 * How connectors record entity states (road segments, cameras, sensors, workers, warnings): stored first,
 * then published to live clients. Resolves once durable with the items that actually changed.
 */
export class StateWriter {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly repo: StatesRepo,
    private readonly hub: Hub,
  ) {}

  put<T extends StateTopic>(
    topic: T,
    items: readonly TopicItem[T][],
  ): Promise<{ seq: number; item: TopicItem[T] }[]> {
    // Serialized so each topic's sequence numbers reach the hub in order.
    const run = this.chain.then(async () => {
      const changed = await this.repo.upsert(topic, items);
      this.hub.publish({ topic, items: changed });
      return changed;
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  get<T extends StateTopic>(topic: T, id: string): Promise<TopicItem[T] | null> {
    return this.repo.get(topic, id);
  }

  all<T extends StateTopic>(topic: T): Promise<TopicItem[T][]> {
    return this.repo.all(topic);
  }
}
