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
  /** Drops items the store's `keep` rule no longer keeps (e.g. events aged out of the live window). */
  prune(now: number): number;
}

export interface TopicStoreOptions<T> {
  /** `newer(a, b)`: whether `a` may replace `b` (e.g. by version), so a late duplicate never rolls state back. */
  newer?: (a: T, b: T) => boolean;
  /** Which items the store holds at time `now`; others are dropped on arrival and by `prune`. */
  keep?: (item: T, now: number) => boolean;
  /** The clock `keep` is evaluated with (server-corrected time on the wall). */
  now?: () => number;
}

export const RECENT_MAX = 50;

export function createTopicStore<T>(
  key: (item: T) => string,
  newerOrOptions: ((a: T, b: T) => boolean) | TopicStoreOptions<T> = {},
): TopicStore<T> {
  const opts: TopicStoreOptions<T> =
    typeof newerOrOptions === 'function' ? { newer: newerOrOptions } : newerOrOptions;
  const newer = opts.newer ?? (() => true);
  const keep = opts.keep ?? null;
  const clock = opts.now ?? Date.now;
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
      const now = clock();
      for (const it of items) if (keep === null || keep(it, now)) map.set(key(it), it);
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
      const s = store.getState();
      const map = s.items;
      const now = keep === null ? 0 : clock();
      let recent: string[] | null = null;
      for (const it of items) {
        const k = key(it);
        const prev = map.get(k);
        if (prev !== undefined && !newer(it, prev)) continue;
        if (keep !== null && !keep(it, now)) {
          if (prev !== undefined) map.delete(k);
          continue;
        }
        if (prev === undefined) (recent ??= s.recent.slice()).push(k);
        map.set(k, it);
      }
      for (const k of removes) map.delete(k);
      if (recent !== null && recent.length > RECENT_MAX) recent = recent.slice(-RECENT_MAX);
      store.setState({
        rev: s.rev + 1,
        seq: toSeq,
        lastServerTime: serverTime,
        ...(recent !== null ? { recent } : {}),
      });
    },
    prune(now) {
      if (keep === null) return 0;
      const s = store.getState();
      let dropped = 0;
      for (const [k, it] of s.items) {
        if (!keep(it, now)) {
          s.items.delete(k);
          dropped++;
        }
      }
      if (dropped > 0) store.setState({ rev: s.rev + 1 });
      return dropped;
    },
  };
}
