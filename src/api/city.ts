import { useQuery } from '@tanstack/react-query';
import { CityInfo } from '../contract/rest';
import { getJson } from './http';

export const cityKeys = { info: () => ['city', 'info'] as const };

/** The city pack's public facts (centre, bounds, districts): server state, cached for the session. */
export function useCity() {
  return useQuery({
    queryKey: cityKeys.info(),
    queryFn: ({ signal }) => getJson('/api/city', CityInfo, signal),
    staleTime: Infinity,
  });
}
