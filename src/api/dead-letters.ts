import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DeadLetterPage, DeadLetterReplay } from '../contract/rest';
import type { SourceId } from '../contract/source';
import { getJson, sendJson } from './http';

export const deadLetterKeys = {
  all: () => ['dead-letters'] as const,
  page: (source: SourceId | null, offset: number) => ['dead-letters', source, offset] as const,
};

export const DEAD_LETTER_PAGE = 20;

/** One page of the dead-letter store (newest first), optionally of one source. */
export const useDeadLetters = (source: SourceId | null, offset: number) =>
  useQuery({
    queryKey: deadLetterKeys.page(source, offset),
    queryFn: ({ signal }) =>
      getJson(
        `/api/dead-letters?limit=${DEAD_LETTER_PAGE}&offset=${offset}${source ? `&source=${source}` : ''}`,
        DeadLetterPage,
        signal,
      ),
  });

/** Re-submits a dead letter (after a code-table fix); the list is refetched with its outcome. */
export const useReplayDeadLetter = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => sendJson('POST', `/api/dead-letters/${id}/replay`, {}, DeadLetterReplay),
    onSuccess: () => qc.invalidateQueries({ queryKey: deadLetterKeys.all() }),
  });
};
