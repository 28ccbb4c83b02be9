import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  PublishedWarning,
  PublishedWarningList,
  WarningPreview,
  type WarningDraftInput,
} from '../contract/console';
import { getJson, sendJson } from './http';

export const warningKeys = {
  all: ['warnings'] as const,
  published: () => [...warningKeys.all, 'published'] as const,
};

export function usePublishedWarnings() {
  return useQuery({
    queryKey: warningKeys.published(),
    queryFn: ({ signal }) => getJson('/api/warnings/published', PublishedWarningList, signal),
  });
}

export function usePreviewWarning() {
  return useMutation({
    mutationFn: (d: WarningDraftInput) => sendJson('POST', '/api/warnings/preview', d, WarningPreview),
  });
}

/** Publish (Alert), or Update / Cancel an earlier message by its id. */
export function usePublishWarning() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      req:
        | { kind: 'alert'; draft: WarningDraftInput }
        | { kind: 'update'; id: string; draft: WarningDraftInput }
        | { kind: 'cancel'; id: string; reason: string },
    ) => {
      switch (req.kind) {
        case 'alert':
          return sendJson('POST', '/api/warnings', req.draft, PublishedWarning);
        case 'update':
          return sendJson(
            'POST',
            `/api/warnings/${encodeURIComponent(req.id)}/update`,
            req.draft,
            PublishedWarning,
          );
        case 'cancel':
          return sendJson(
            'POST',
            `/api/warnings/${encodeURIComponent(req.id)}/cancel`,
            { reason: req.reason },
            PublishedWarning,
          );
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: warningKeys.published() }),
  });
}
