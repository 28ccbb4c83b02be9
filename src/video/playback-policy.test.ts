import { describe, expect, it } from 'vitest';
import { backoffMs, decide } from './playback-policy';

describe('what the player does after a failure', () => {
  it('reconnects a broken or ended stream with growing backoff, capped at 10 s', () => {
    expect(decide({ kind: 'ended' }, 0)).toEqual({ state: 'reconnecting', retryInMs: 1000, renewUrl: false });
    expect(decide({ kind: 'broken' }, 3)).toEqual({
      state: 'reconnecting',
      retryInMs: 8000,
      renewUrl: false,
    });
    expect(backoffMs(12)).toBe(10_000);
  });

  it('renews an expired or foreign URL at once, then backs off if the new one is refused too', () => {
    expect(decide({ kind: 'refused', code: 'SIGNED_URL_EXPIRED' }, 0)).toEqual({
      state: 'reconnecting',
      retryInMs: 0,
      renewUrl: true,
    });
    expect(decide({ kind: 'refused', code: 'SIGNED_URL_INVALID' }, 2)).toEqual({
      state: 'reconnecting',
      retryInMs: 4000,
      renewUrl: true,
    });
  });

  it('shows the offline placeholder for CAMERA_OFFLINE, and the capacity message with a slow retry', () => {
    expect(decide({ kind: 'refused', code: 'CAMERA_OFFLINE' }, 0)).toEqual({ state: 'offline' });
    expect(decide({ kind: 'refused', code: 'VIDEO_CAPACITY' }, 5)).toEqual({
      state: 'error',
      code: 'VIDEO_CAPACITY',
      retryInMs: 15_000,
    });
  });

  it('stops at codes a retry cannot fix, and retries server trouble', () => {
    for (const code of ['FORBIDDEN_DISTRICT', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED'] as const) {
      expect(decide({ kind: 'url', code }, 0)).toEqual({ state: 'error', code, retryInMs: null });
    }
    expect(decide({ kind: 'refused', code: 'VIDEO_START_FAILED' }, 1)).toMatchObject({
      state: 'reconnecting',
      retryInMs: 2000,
    });
    expect(decide({ kind: 'url', code: 'INTERNAL' }, 0)).toMatchObject({
      state: 'reconnecting',
      renewUrl: true,
    });
    expect(decide({ kind: 'refused', code: null }, 0)).toMatchObject({ state: 'reconnecting' });
  });
});
