import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { EventsHourly } from '../contract/stats';
import { eventsStore } from '../live/stores';
import { getJson } from './http';

export const statsKeys = {
  all: ['stats'] as const,
  eventsHourly: (hours: number, district: string | null) =>
    [...statsKeys.all, 'events-hourly', hours, district] as const,
};

/** Re-fetches at most this often while events keep changing (a chart of hours needs no more). */
export const HOURLY_MIN_REFRESH_MS = 30_000;

/**
 * Events reported/closed per hour (GET /api/stats/events-hourly): server state, cached by TanStack Query and
 * invalidated by live event deltas (throttled) — never polled on a timer.
 */
export function useEventsHourly(hours: number, district: string | null) {
  const client = useQueryClient();
  const key = statsKeys.eventsHourly(hours, district);
  useEffect(() => {
    let last = performance.now();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const invalidate = () => {
      timer = null;
      last = performance.now();
      void client.invalidateQueries({ queryKey: statsKeys.eventsHourly(hours, district) });
    };
    const off = eventsStore.subscribe((s, prev) => {
      if (s.rev === prev.rev || timer !== null) return;
      timer = setTimeout(invalidate, Math.max(0, last + HOURLY_MIN_REFRESH_MS - performance.now()));
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [client, hours, district]);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ hours: String(hours), ...(district ? { district } : {}) });
      return getJson(`/api/stats/events-hourly?${q}`, EventsHourly, signal);
    },
    staleTime: HOURLY_MIN_REFRESH_MS,
  });
}
