import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import type { SafeHideItem } from '../contract/safe-mode';
import { ResolvedTarget, TourRecord, TourSummary, type SceneTarget, type Tour } from '../contract/tour';
import { getJson, sendJson } from './http';

export const tourKeys = {
  all: ['tours'] as const,
  list: () => [...tourKeys.all, 'list'] as const,
  detail: (id: string) => [...tourKeys.all, 'detail', id] as const,
};

export function useTours() {
  return useQuery({
    queryKey: tourKeys.list(),
    queryFn: ({ signal }) => getJson('/api/tours', z.array(TourSummary), signal),
  });
}

/** A tour as stored (the city pack's until saved). Read once per page: a tour changes when someone saves it. */
export function useTour(id: string) {
  return useQuery({
    queryKey: tourKeys.detail(id),
    queryFn: ({ signal }) => getJson(`/api/tours/${encodeURIComponent(id)}`, TourRecord, signal),
    staleTime: Infinity,
  });
}

/** Saves a tour over the version it was edited from (a newer save in between fails with VERSION_CONFLICT). */
export function useSaveTour() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ tour, version }: { tour: Tour; version: number }) =>
      sendJson('PUT', `/api/tours/${encodeURIComponent(tour.id)}`, { tour, version }, TourRecord),
    onSuccess: (saved) => {
      qc.setQueryData(tourKeys.detail(saved.tour.id), saved);
      void qc.invalidateQueries({ queryKey: tourKeys.list() });
    },
  });
}

/** Drops the saved tour: the city pack's file is the tour again. */
export function useResetTour() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      sendJson(
        'DELETE',
        `/api/tours/${encodeURIComponent(id)}`,
        undefined,
        z.object({ ok: z.literal(true), record: TourRecord.nullable() }),
      ),
    onSuccess: (res, id) => {
      if (res.record) qc.setQueryData(tourKeys.detail(id), res.record);
      void qc.invalidateQueries({ queryKey: tourKeys.list() });
    },
  });
}

/** The query of GET /api/tour-target for a scene's target (not for `view`, which needs no server). */
export function targetQuery(
  target: Exclude<SceneTarget, { kind: 'view' }>,
  opts: { hide: readonly SafeHideItem[]; safe: boolean },
): string {
  const q = new URLSearchParams({ kind: target.kind });
  switch (target.kind) {
    case 'district':
      q.set('code', target.code);
      break;
    case 'event':
      q.set('id', target.id);
      break;
    case 'bbox':
      q.set('bbox', target.bbox.join(','));
      break;
    case 'live':
      q.set('ref', target.ref);
      if (target.category) q.set('category', target.category);
      if (target.sensorType) q.set('sensorType', target.sensorType);
      break;
  }
  if (opts.safe) {
    q.set('safe', '1');
    if (opts.hide.length > 0) q.set('hide', opts.hide.join(','));
  }
  return q.toString();
}

/**
 * Resolves a scene's target now (server-side: the store's current picture, the caller's districts, safe mode's hide
 * list). Called each time a scene is shown, never cached: that is what keeps a tour from going stale.
 */
export function resolveTarget(
  target: Exclude<SceneTarget, { kind: 'view' }>,
  opts: { hide: readonly SafeHideItem[]; safe: boolean },
  signal?: AbortSignal,
): Promise<ResolvedTarget> {
  return getJson(`/api/tour-target?${targetQuery(target, opts)}`, ResolvedTarget, signal);
}
