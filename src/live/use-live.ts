import { useMemo, useSyncExternalStore } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { Event } from '../contract/event';
import type { FeedHealth } from '../contract/feed-health';
import type { Topic, TopicItem } from '../contract/live';
import { connectionStore, type ConnectionState } from './connection-store';
import { eventsStore, healthStore, LIVE } from './stores';
import type { TopicState } from './topic-store';

/** Panels re-derive from a live topic at most this often: numbers on a wall need no more than 1 Hz. */
export const PANEL_REFRESH_MS = 1000;

/** Narrow selectors over the live stores: components re-render only when what they read changes. */
export const useEvents = <T>(selector: (s: TopicState<Event>) => T): T => useStore(eventsStore, selector);
export const useHealth = <T>(selector: (s: TopicState<FeedHealth>) => T): T =>
  useStore(healthStore, selector);
export const useConnection = <T>(selector: (s: ConnectionState) => T): T =>
  useStore(connectionStore, selector);
export const useTopic = <K extends Topic, T>(topic: K, selector: (s: TopicState<TopicItem[K]>) => T): T =>
  useStore(LIVE[topic].store as StoreApi<TopicState<TopicItem[K]>>, selector);

/**
 * A store's `rev` as React sees it, with change notifications throttled to one per `ms` (first change
 * at once, then at most one trailing notification per interval): a burst of deltas costs one render.
 */
export function useThrottledRev(store: StoreApi<TopicState<unknown>>, ms: number): number {
  const subscribe = useMemo(
    () => (onChange: () => void) => {
      let last = -Infinity;
      let timer: ReturnType<typeof setTimeout> | null = null;
      const unsubscribe = store.subscribe((s, prev) => {
        if (s.rev === prev.rev || timer !== null) return;
        const wait = Math.max(0, last + ms - performance.now());
        timer = setTimeout(() => {
          timer = null;
          last = performance.now();
          onChange();
        }, wait);
      });
      return () => {
        unsubscribe();
        if (timer !== null) clearTimeout(timer);
      };
    },
    [store, ms],
  );
  return useSyncExternalStore(subscribe, () => store.getState().rev);
}

/**
 * A value derived from a live topic, recomputed when it changes (throttled, see PANEL_REFRESH_MS) or when
 * `key` changes (the caller's other inputs, e.g. `${minute}|${timezone}`). The Map is mutated in place
 * (see topic-store), so `rev` stands for its contents.
 */
export function useTopicDerived<K extends Topic, T>(
  topic: K,
  derive: (items: ReadonlyMap<string, TopicItem[K]>) => T,
  key: string | number,
  ms = PANEL_REFRESH_MS,
): T {
  const store = LIVE[topic].store as StoreApi<TopicState<unknown>>;
  const rev = useThrottledRev(store, ms);
  return useMemo(
    () => derive(store.getState().items as ReadonlyMap<string, TopicItem[K]>),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rev versions the mutable Map; key covers derive's inputs
    [rev, key, store],
  );
}

export function useEventsDerived<T>(
  derive: (items: ReadonlyMap<string, Event>) => T,
  key: string | number,
): T {
  return useTopicDerived('events', derive, key);
}
