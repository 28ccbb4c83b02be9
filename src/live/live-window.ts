import type { Event } from '../contract/event';

/**
 * The wall holds the live set of events: every open event plus those closed in the last day. The server
 * applies the same rule to the snapshot (`LiveFilter.closedWithinHours`); the client prunes what ages out
 * as time passes, which is safe for resume: pruning changes what the client holds, never its sequence
 * number, and any later change to a pruned event arrives as a normal upsert with a recent `updatedAt`.
 */
export const LIVE_WINDOW_HOURS = 24;
const HOUR_MS = 3_600_000;

export function inLiveWindow(
  e: Pick<Event, 'status' | 'updatedAt'>,
  now: number,
  hours = LIVE_WINDOW_HOURS,
): boolean {
  return e.status !== 'closed' || Date.parse(e.updatedAt) >= now - hours * HOUR_MS;
}
