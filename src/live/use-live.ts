import { useMemo } from 'react';
import { useStore } from 'zustand';
import type { Event } from '../contract/event';
import { connectionStore, type ConnectionState } from './connection-store';
import { eventsStore, healthStore } from './stores';
import type { TopicState } from './topic-store';
import type { FeedHealth } from '../contract/feed-health';

/** Narrow selectors over the live stores: components re-render only when what they read changes. */
export const useEvents = <T>(selector: (s: TopicState<Event>) => T): T => useStore(eventsStore, selector);
export const useHealth = <T>(selector: (s: TopicState<FeedHealth>) => T): T =>
  useStore(healthStore, selector);
export const useConnection = <T>(selector: (s: ConnectionState) => T): T =>
  useStore(connectionStore, selector);

/**
 * A value derived from the live events, recomputed when they change (`rev`) or when `key` changes
 * (the caller's other inputs, e.g. `${minute}|${timezone}`). The Map is mutated in place (see
 * topic-store), so `rev` stands for its contents.
 */
export function useEventsDerived<T>(
  derive: (items: ReadonlyMap<string, Event>) => T,
  key: string | number,
): T {
  const rev = useStore(eventsStore, (s) => s.rev);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- rev versions the mutable Map; key covers derive's inputs
  return useMemo(() => derive(eventsStore.getState().items), [rev, key]);
}
