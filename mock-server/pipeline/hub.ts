import type { Topic, TopicItem } from '../../src/contract/live';

export interface Change<T extends Topic> {
  topic: T;
  /** Items with the sequence number of their change, ascending. */
  items: { seq: number; item: TopicItem[T] }[];
}

type Listener = (change: Change<Topic>) => void;

/**
 * In-process fan-out of stored changes to the live gateway. Publishing happens after the store commits,
 * so nothing reaches a client that a restart could lose.
 */
export class Hub {
  private readonly listeners = new Set<Listener>();

  publish<T extends Topic>(change: Change<T>): void {
    if (change.items.length === 0) return;
    for (const l of this.listeners) l(change as Change<Topic>);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
