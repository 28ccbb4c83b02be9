import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import type { TopicState } from '../live/topic-store';

/**
 * Server state computed from what a live topic carries (hourly counts, district indices) is invalidated when
 * that topic changes — never polled on a timer — at most once per `minMs`, so a burst of deltas costs one
 * refetch. The first change after a quiet spell refetches after `minMs` too: the aggregate moves slowly.
 */
export function useInvalidateOnLive(
  store: StoreApi<TopicState<unknown>>,
  key: QueryKey,
  minMs: number,
): void {
  const client = useQueryClient();
  const keyJson = JSON.stringify(key);
  useEffect(() => {
    const queryKey = JSON.parse(keyJson) as QueryKey;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = store.subscribe((s, prev) => {
      if (s.rev === prev.rev || timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        void client.invalidateQueries({ queryKey });
      }, minMs);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [client, store, keyJson, minMs]);
}
