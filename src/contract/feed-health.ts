import { z } from 'zod';
import { SourceId } from './source';
import { UtcInstant } from './time';

/** Per-source health: what the wall shows so a dead feed is never mistaken for a quiet city. */
export const FeedState = z.enum(['healthy', 'stale', 'down', 'waiting']);
export type FeedState = z.infer<typeof FeedState>;

export const FeedHealth = z.object({
  source: SourceId,
  state: FeedState,
  connected: z.boolean(),
  lastMessageAt: UtcInstant.nullable(),
  /**
   * Polled sources only: when the source last answered a poll, even with nothing new. A quiet night is not a
   * dead feed, so staleness counts from the later of this and `lastMessageAt`.
   */
  lastPolledAt: UtcInstant.nullable().optional(),
  /** Records per minute over the last five minutes. */
  ratePerMin: z.number().nonnegative(),
  /** Seconds between a record's source time and its arrival, latest record. */
  lagSeconds: z.number().nullable(),
  /** Expected gap between messages; stale after `staleAfterMs`. */
  expectedIntervalMs: z.number().int().positive(),
  staleAfterMs: z.number().int().positive(),
  received: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicates: z.number().int().nonnegative(),
  quarantined: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
});
export type FeedHealth = z.infer<typeof FeedHealth>;
