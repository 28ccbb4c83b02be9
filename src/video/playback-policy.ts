import type { ErrorCode } from '../contract/errors';

/** What a player tile shows. */
export type PlayerState = 'offline' | 'loading' | 'playing' | 'reconnecting' | 'error';

/** Why a stream attempt did not (or no longer) play. */
export type Failure =
  /** The stream URL could not be had (POST /api/video/:id/url). */
  | { kind: 'url'; code: ErrorCode }
  /** The media route refused the stream with this catalogue code (null: it sent none). */
  | { kind: 'refused'; code: ErrorCode | null }
  /** Connection failed or broke, media undecodable, or no new frame for a while. */
  | { kind: 'broken' }
  /** The server ended the stream (camera went offline, stream stopped, server restarting). */
  | { kind: 'ended' };

export type Decision =
  | { state: 'offline' }
  /** Shown with the code's message; retried after `retryInMs` when that may help, else on the user's click. */
  | { state: 'error'; code: ErrorCode; retryInMs: number | null }
  | { state: 'reconnecting'; retryInMs: number; renewUrl: boolean };

/** Reconnect delays: 1 s, 2 s, 4 s, 8 s, then every 10 s (a server restart takes a few seconds). */
export function backoffMs(attempt: number): number {
  return Math.min(10_000, 1000 * 2 ** Math.max(0, attempt));
}

/** All channels busy: try again now and then, the message stays up meanwhile. */
const CAPACITY_RETRY_MS = 15_000;

/** Codes retrying cannot fix: the tile shows them until the user asks again. */
const FINAL: ReadonlySet<ErrorCode> = new Set([
  'FORBIDDEN',
  'FORBIDDEN_DISTRICT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'BAD_REQUEST',
]);

/**
 * What to do after a failure, the `attempt`-th in a row (0 for the first since the last picture). Pure: the
 * player unit's states follow from it, and the unit test walks every case.
 */
export function decide(f: Failure, attempt: number): Decision {
  switch (f.kind) {
    case 'ended':
    case 'broken':
      return { state: 'reconnecting', retryInMs: backoffMs(attempt), renewUrl: false };
    case 'url':
    case 'refused': {
      const code = f.code;
      if (code === 'CAMERA_OFFLINE') return { state: 'offline' };
      if (code === 'VIDEO_CAPACITY') return { state: 'error', code, retryInMs: CAPACITY_RETRY_MS };
      if (code === 'SIGNED_URL_EXPIRED' || code === 'SIGNED_URL_INVALID') {
        // A fresh URL fixes it at once; a second refusal in a row waits like any other failure.
        return { state: 'reconnecting', retryInMs: attempt === 0 ? 0 : backoffMs(attempt), renewUrl: true };
      }
      if (code !== null && FINAL.has(code)) return { state: 'error', code, retryInMs: null };
      return { state: 'reconnecting', retryInMs: backoffMs(attempt), renewUrl: f.kind === 'url' };
    }
  }
}

/** A playing stream that decodes no new frame for this long is treated as broken (the watchdog)… */
export const STALL_MS = 6000;
/** …and a stream that shows no first frame this long after connecting (longer than the gateway's start timeout). */
export const FIRST_FRAME_MS = 15_000;
