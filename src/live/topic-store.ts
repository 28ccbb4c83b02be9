import { createStore, type StoreApi } from 'zustand/vanilla';

/**
 * The live picture of one topic. The Map is mutated in place and `rev` bumps once per applied batch:
 * copying a 100k-entry Map per delta would cost more than the delta. Readers select `rev` (or derived
 * values) and read `items` when it changes.
 */
export interface TopicState<T> {
  items: Map<string, T>;
  rev: number;
  /** Sequence number of the last applied snapshot or delta; -1 before the first snapshot. */
  seq: number;
  epoch: string | null;
  /** Server time of the last message, for freshness. */
  lastServerTime: string | null;
  /** Keys first seen in the latest batches, newest last (bounded), for "new" highlighting. */
  recent: string[];
}

export interface TopicStore<T> {
  store: StoreApi<TopicState<T>>;
  replace(items: readonly T[], seq: number, epoch: string, serverTime: string): void;
  upsert(items: readonly T[], removes: readonly string[], toSeq: number, serverTime: string): void;
}

const RECENT_MAX = 50;

/** `newer(a, b)`: whether `a` may replace `b` (e.g. by version), so a late duplicate never rolls state back. */
export function createTopicStore<T>(
  key: (item: T) => string,
  newer: (a: T, b: T) => boolean = () => true,
): TopicStore<T> {
  const store = createStore<TopicState<T>>(() => ({
    items: new Map(),
    rev: 0,
    seq: -1,
    epoch: null,
    lastServerTime: null,
    recent: [],
  }));
  return {
    store,
    replace(items, seq, epoch, serverTime) {
      const map = new Map<string, T>();
      for (const it of items) map.set(key(it), it);
      store.setState((s) => ({
        items: map,
        rev: s.rev + 1,
        seq,
        epoch,
        lastServerTime: serverTime,
        recent: [],
      }));
    },
    upsert(items, removes, toSeq, serverTime) {
      store.setState((s) => {
        const recent = s.recent.slice();
        for (const it of items) {
          const k = key(it);
          const prev = s.items.get(k);
          if (prev !== undefined && !newer(it, prev)) continue;
          if (prev === undefined) recent.push(k);
          s.items.set(k, it);
        }
        for (const k of removes) s.items.delete(k);
        return {
          items: s.items,
          rev: s.rev + 1,
          seq: toSeq,
          lastServerTime: serverTime,
          recent: recent.length > RECENT_MAX ? recent.slice(-RECENT_MAX) : recent,
        };
      });
    },
  };
}
