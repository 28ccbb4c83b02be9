import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { VideoUrl } from '../contract/auth';
import { VideoLayout, type VideoLayoutInput } from '../contract/video';
import { getJson, sendJson } from './http';

export const videoKeys = {
  all: ['video'] as const,
  urls: () => [...videoKeys.all, 'url'] as const,
  url: (cameraId: string) => [...videoKeys.urls(), cameraId] as const,
  layouts: () => [...videoKeys.all, 'layouts'] as const,
};

/** A signed URL is renewed this long before it expires, so a reconnect always has a valid one at hand. */
export const URL_RENEW_MARGIN_MS = 30_000;

const renewIn = (url: VideoUrl | undefined, now = Date.now()): number =>
  url ? Math.max(1000, Date.parse(url.expiresAt) - URL_RENEW_MARGIN_MS - now) : 0;

/**
 * The camera's stream URL, signed for this session (POST /api/video/:id/url; every issue is audited). Kept fresh:
 * re-requested shortly before it expires, timed to its own expiry rather than polled, and only while a player
 * holds it. A playing stream never needs the new URL (URLs are checked when a stream connects); a reconnect
 * does. Tiles showing the same camera share one URL.
 */
export function useStreamUrl(cameraId: string | null) {
  return useQuery({
    queryKey: videoKeys.url(cameraId ?? ''),
    queryFn: () => sendJson('POST', `/api/video/${encodeURIComponent(cameraId!)}/url`, {}, VideoUrl),
    enabled: cameraId !== null,
    staleTime: (q) => renewIn(q.state.data),
    refetchInterval: (q) => (q.state.data ? renewIn(q.state.data) : false),
    // A URL is personal and short-lived: nothing to keep once no player holds it.
    gcTime: 0,
    // The player decides about retries: it knows whether an error is worth one (NOT_FOUND is not).
    retry: false,
  });
}

export function useVideoLayouts(enabled = true) {
  return useQuery({
    queryKey: videoKeys.layouts(),
    queryFn: ({ signal }) => getJson('/api/video/layouts', z.array(VideoLayout), signal),
    enabled,
  });
}

export function useSaveLayout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (layout: VideoLayoutInput) => sendJson('POST', '/api/video/layouts', layout, VideoLayout),
    onSettled: () => qc.invalidateQueries({ queryKey: videoKeys.layouts() }),
  });
}

export function useDeleteLayout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      sendJson(
        'DELETE',
        `/api/video/layouts/${encodeURIComponent(id)}`,
        {},
        z.object({ ok: z.literal(true), deleted: z.boolean() }),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: videoKeys.layouts() }),
  });
}
