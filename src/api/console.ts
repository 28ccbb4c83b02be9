import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { z } from 'zod';
import {
  BatchActionResult,
  ConsoleConfig,
  EventActionResult,
  EventDetail,
  QueueCounts,
  QueuePage,
  SavedView,
  VersionConflict,
  type BatchActionRequest,
  type EventActionRequest,
  type SavedViewInput,
} from '../contract/console';
import { ApiError, CodedError } from '../contract/errors';
import type { Event } from '../contract/event';
import { eventsStore } from '../live/stores';
import { csrfHeaders, getJson, sendJson } from './http';

/** Queue query parameters as the URL carries them (strings only, so the key is stable and serializable). */
export type QueueParams = Record<string, string>;

export const consoleKeys = {
  all: ['console'] as const,
  queues: () => [...consoleKeys.all, 'queue'] as const,
  queue: (q: QueueParams) => [...consoleKeys.queues(), q] as const,
  counts: () => [...consoleKeys.all, 'counts'] as const,
  details: () => [...consoleKeys.all, 'detail'] as const,
  detail: (id: string) => [...consoleKeys.details(), id] as const,
  config: () => [...consoleKeys.all, 'config'] as const,
  views: () => [...consoleKeys.all, 'views'] as const,
};

export function useQueue(q: QueueParams) {
  return useQuery({
    queryKey: consoleKeys.queue(q),
    queryFn: ({ signal }) => getJson(`/api/console/queue?${new URLSearchParams(q)}`, QueuePage, signal),
    placeholderData: (prev) => prev,
  });
}

export function useCounts() {
  return useQuery({
    queryKey: consoleKeys.counts(),
    queryFn: ({ signal }) => getJson('/api/console/counts', QueueCounts, signal),
  });
}

export function useEventDetail(id: string | null) {
  return useQuery({
    queryKey: consoleKeys.detail(id ?? ''),
    queryFn: ({ signal }) => getJson(`/api/console/events/${encodeURIComponent(id!)}`, EventDetail, signal),
    enabled: id !== null,
  });
}

export function useConsoleConfig() {
  return useQuery({
    queryKey: consoleKeys.config(),
    queryFn: ({ signal }) => getJson('/api/console/config', ConsoleConfig, signal),
    staleTime: Infinity,
  });
}

export function useSavedViews() {
  return useQuery({
    queryKey: consoleKeys.views(),
    queryFn: ({ signal }) => getJson('/api/console/views', z.array(SavedView), signal),
  });
}

export function useSaveView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: SavedViewInput) => sendJson('POST', '/api/console/views', v, SavedView),
    onSuccess: () => qc.invalidateQueries({ queryKey: consoleKeys.views() }),
  });
}

export function useDeleteView() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      sendJson(
        'DELETE',
        `/api/console/views/${encodeURIComponent(id)}`,
        {},
        z.object({ ok: z.literal(true) }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: consoleKeys.views() }),
  });
}

/** A 409 VERSION_CONFLICT, with the event as it is now and the version the officer had seen. */
export class ConflictError extends CodedError {
  constructor(
    readonly current: Event,
    readonly seen: number,
    message: string,
  ) {
    super('VERSION_CONFLICT', message);
  }
}

async function postAction(id: string, body: EventActionRequest): Promise<EventActionResult> {
  const res = await fetch(`/api/events/${encodeURIComponent(id)}/actions`, {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json', ...csrfHeaders() },
    body: JSON.stringify(body),
  });
  const parsed: unknown = await res.json().catch(() => null);
  if (res.ok) return EventActionResult.parse(parsed);
  const conflict = VersionConflict.safeParse(parsed);
  if (conflict.success && conflict.data.error.code === 'VERSION_CONFLICT')
    throw new ConflictError(conflict.data.current, body.version, conflict.data.error.message);
  const err = ApiError.safeParse(parsed);
  if (err.success) throw new CodedError(err.data.error.code, err.data.error.message, err.data.error.details);
  throw new CodedError('INTERNAL', `HTTP ${res.status}`);
}

/**
 * Puts a newer version of the event into its open detail at once (the refetch follows). With `allowedActions`
 * (an action's result) the actions are swapped in the same update: a key pressed the moment the status changes
 * must find the new state's actions, not be dropped against the old ones.
 */
function applyEvent(qc: QueryClient, e: Event, allowedActions?: EventDetail['allowedActions']): void {
  qc.setQueryData<EventDetail>(consoleKeys.detail(e.id), (d) =>
    d && d.event.version < e.version ? { ...d, event: e, ...(allowedActions ? { allowedActions } : {}) } : d,
  );
}

/** One lifecycle action; the detail and queue are refreshed from the server afterwards (and by the live delta). */
export function useEventAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: EventActionRequest }) => postAction(id, body),
    onSuccess: (r) => applyEvent(qc, r.event, r.allowedActions),
    onError: (err) => {
      if (err instanceof ConflictError) applyEvent(qc, err.current);
    },
    onSettled: (_r, _e, v) => {
      void qc.invalidateQueries({ queryKey: consoleKeys.detail(v.id) });
      void qc.invalidateQueries({ queryKey: consoleKeys.queues() });
      void qc.invalidateQueries({ queryKey: consoleKeys.counts() });
    },
  });
}

export function useBatchAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BatchActionRequest) =>
      sendJson('POST', '/api/events/actions/batch', body, BatchActionResult),
    onSettled: () => qc.invalidateQueries({ queryKey: consoleKeys.all }),
  });
}

export function useAcknowledge() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      sendJson('POST', `/api/events/${encodeURIComponent(id)}/acknowledge`, {}, z.unknown()),
    onSettled: (_r, _e, id) => qc.invalidateQueries({ queryKey: consoleKeys.detail(id) }),
  });
}

/** Acknowledges a red/orange warning's alarm (the wall's banner waits for it). */
export function useAcknowledgeWarning() {
  return useMutation({
    mutationFn: (id: string) =>
      sendJson('POST', `/api/warnings/${encodeURIComponent(id)}/acknowledge`, {}, z.unknown()),
  });
}

/** The queue and counts refresh at most this often while events keep changing (a busy city changes constantly). */
export const QUEUE_REFRESH_MS = 1000;

/**
 * Live changes → server state: every event delta invalidates the queue and counts (throttled), and at once the
 * detail of an open event whose live version moved past what is cached. No polling: deltas drive it.
 */
export function useLiveConsoleInvalidation(): void {
  const qc = useQueryClient();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = eventsStore.subscribe((s, prev) => {
      if (s.rev === prev.rev) return;
      for (const q of qc.getQueryCache().findAll({ queryKey: consoleKeys.details() })) {
        const d = q.state.data as EventDetail | undefined;
        const live = d ? s.items.get(d.event.id) : undefined;
        if (d && live && live.version > d.event.version)
          void qc.invalidateQueries({ queryKey: q.queryKey, exact: true });
      }
      timer ??= setTimeout(() => {
        timer = null;
        void qc.invalidateQueries({ queryKey: consoleKeys.queues() });
        void qc.invalidateQueries({ queryKey: consoleKeys.counts() });
      }, QUEUE_REFRESH_MS);
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [qc]);
}
