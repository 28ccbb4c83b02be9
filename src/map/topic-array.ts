import type { StoreApi } from 'zustand/vanilla';
import type { TopicState } from '../live/topic-store';

/**
 * The items of a small live topic (cameras, sensors, workers, warnings: thousands, not 100k) as an array
 * that keeps its identity until the store's `rev` moves, so deck.gl re-evaluates accessors only then.
 */
export function topicArray<T>(store: StoreApi<TopicState<T>>) {
  let rev = -1;
  let items: T[] = [];
  return {
    get(): { items: T[]; rev: number } {
      const s = store.getState();
      if (s.rev !== rev) {
        items = [...s.items.values()];
        rev = s.rev;
      }
      return { items, rev };
    },
  };
}

/** Subscribes to a store's `rev` only. */
export function onRev<T>(store: StoreApi<TopicState<T>>, onChange: () => void): () => void {
  return store.subscribe((s, prev) => {
    if (s.rev !== prev.rev) onChange();
  });
}
