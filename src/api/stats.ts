import { useQuery } from '@tanstack/react-query';
import type { StoreApi } from 'zustand/vanilla';
import { EventsHourly } from '../contract/stats';
import { DistrictTrafficResponse } from '../contract/traffic';
import { LIVE } from '../live/stores';
import type { TopicState } from '../live/topic-store';
import { getJson } from './http';
import { useInvalidateOnLive } from './live-invalidation';

export const statsKeys = {
  all: ['stats'] as const,
  eventsHourly: (hours: number, district: string | null) =>
    [...statsKeys.all, 'events-hourly', hours, district] as const,
  trafficDistricts: () => ['traffic', 'districts'] as const,
};

/** Re-fetches at most this often while events keep changing (a chart of hours needs no more). */
export const HOURLY_MIN_REFRESH_MS = 30_000;
/** The traffic police report once a minute; the district index follows their batches. */
export const TRAFFIC_MIN_REFRESH_MS = 10_000;

/** Events reported/closed per hour (GET /api/stats/events-hourly), refreshed by live event deltas. */
export function useEventsHourly(hours: number, district: string | null) {
  const key = statsKeys.eventsHourly(hours, district);
  useInvalidateOnLive(LIVE.events.store as StoreApi<TopicState<unknown>>, key, HOURLY_MIN_REFRESH_MS);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => {
      const q = new URLSearchParams({ hours: String(hours), ...(district ? { district } : {}) });
      return getJson(`/api/stats/events-hourly?${q}`, EventsHourly, signal);
    },
    staleTime: HOURLY_MIN_REFRESH_MS,
  });
}

/**
 * The congestion index per district (GET /api/traffic/districts: length- and class-weighted on the server),
 * refreshed by live traffic deltas. District scope is the server's (a focused display subscribes with its
 * district, the server cuts REST answers to the caller's districts).
 */
export function useTrafficDistricts() {
  const key = statsKeys.trafficDistricts();
  useInvalidateOnLive(LIVE.traffic.store as StoreApi<TopicState<unknown>>, key, TRAFFIC_MIN_REFRESH_MS);
  return useQuery({
    queryKey: key,
    queryFn: ({ signal }) => getJson('/api/traffic/districts', DistrictTrafficResponse, signal),
    staleTime: TRAFFIC_MIN_REFRESH_MS,
  });
}
