import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useStreamUrl } from '../api/video';
import { CodedError, type ErrorCode } from '../contract/errors';
import type { EngineFailure } from './flv-engine';
import {
  decide,
  FIRST_FRAME_MS,
  STALL_MS,
  type Decision,
  type Failure,
  type PlayerState,
} from './playback-policy';
import { emitTiming, type PlaybackTiming } from './playback-timing';

/** A camera the platform reports offline while we thought it online: asked again this often. */
const OFFLINE_RECHECK_MS = 30_000;

export interface Playback {
  state: PlayerState;
  /** The catalogue code behind `error`/`offline` (and the last refusal while reconnecting). */
  code: ErrorCode | null;
  /** Failures in a row since the last picture. */
  attempt: number;
  /** Try again now (the error tile's button). */
  retry(): void;
  /**
   * Changes with every attempt: the player keys its <video> with it, so each attempt gets a fresh element
   * (mpegts.js loses a new player's errors on an element a destroyed player was attached to).
   */
  attemptKey: number;
}

interface Shown {
  state: PlayerState;
  code: ErrorCode | null;
}

const shownOf = (d: Decision, f: Failure): Shown =>
  d.state === 'offline'
    ? { state: 'offline', code: 'CAMERA_OFFLINE' }
    : d.state === 'error'
      ? { state: 'error', code: d.code }
      : { state: 'reconnecting', code: f.kind === 'refused' || f.kind === 'url' ? f.code : null };

const urlFailure = (err: unknown): Failure => ({
  kind: 'url',
  code: err instanceof CodedError ? err.code : 'INTERNAL',
});

/**
 * Plays an online `camera` in `videoRef` (the caller remounts this per camera and per online flag): gets a signed
 * URL (kept fresh by the query), loads the engine chunk on first use, and turns every failure into what the tile
 * shows and the next step (playback-policy.ts): reconnect with backoff, renew the URL, show the offline
 * placeholder, or show the error and wait.
 */
export function usePlayback(videoRef: RefObject<HTMLVideoElement | null>, cameraId: string): Playback {
  const url = useStreamUrl(cameraId);
  const [shown, setShown] = useState<Shown>({ state: 'loading', code: null });
  const [attempts, setAttempts] = useState(0);
  const [run, setRun] = useState(0);
  const failures = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const openedAt = useRef<number | null>(null);
  const urlNow = useRef<string | null>(null);
  const refetch = url.refetch;

  const clearRetry = () => {
    if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    retryTimer.current = null;
  };
  const schedule = useCallback(
    (d: Decision) => {
      clearRetry();
      const ms = d.state === 'offline' ? OFFLINE_RECHECK_MS : d.state === 'error' ? d.retryInMs : d.retryInMs;
      if (ms === null) return;
      const renew = d.state === 'reconnecting' && d.renewUrl;
      retryTimer.current = setTimeout(() => {
        retryTimer.current = null;
        if (renew) void refetch().then(() => setRun((r) => r + 1));
        else setRun((r) => r + 1);
      }, ms);
    },
    [refetch],
  );
  /** A failure of a stream attempt (called from engine and frame callbacks, never during render). */
  const fail = useCallback(
    (f: Failure) => {
      const d = decide(f, failures.current++);
      setAttempts(failures.current);
      setShown(shownOf(d, f));
      schedule(d);
    },
    [schedule],
  );
  useEffect(() => clearRetry, []);

  // The URL request failed: what the tile shows follows from the error (below); the retry is scheduled here.
  useEffect(() => {
    if (!url.isError) return;
    schedule(decide(urlFailure(url.error), failures.current++));
  }, [url.isError, url.error, url.errorUpdatedAt, schedule]);

  // Declared before the attempt effect, so an attempt started in the same commit reads the current URL.
  useEffect(() => {
    urlNow.current = url.data?.url ?? null;
  }, [url.data]);

  const hasUrl = url.data !== undefined;
  useEffect(() => {
    const video = videoRef.current;
    if (!hasUrl || !video || urlNow.current === null) return;
    openedAt.current ??= performance.now();
    let cancelled = false;
    let engine: { destroy(): void } | null = null;
    let frameHandle: number | null = null;
    let stall: ReturnType<typeof setTimeout> | null = null;
    const timing: PlaybackTiming = {
      cameraId,
      openedAt: openedAt.current,
      connectAt: performance.now(),
      firstBytesAt: null,
      firstFrameAt: null,
    };
    const cleanup = () => {
      cancelled = true;
      video.removeEventListener('loadeddata', markPlaying);
      if (stall !== null) clearTimeout(stall);
      if (frameHandle !== null) video.cancelVideoFrameCallback(frameHandle);
      engine?.destroy();
      engine = null;
    };
    const stop = (f: Failure) => {
      if (cancelled) return;
      cleanup();
      fail(f);
    };
    // The watchdog: no new decoded frame for STALL_MS (FIRST_FRAME_MS before the first: the gateway may be
    // starting an encoder on a busy machine) is a broken stream. Decoded frames are counted, not callbacks: on a
    // page busy drawing (a software-rendered wall map) frame callbacks come late while video still decodes.
    let decoded = 0;
    const armStall = (ms = STALL_MS) => {
      if (stall !== null) clearTimeout(stall);
      stall = setTimeout(() => {
        const now = video.getVideoPlaybackQuality().totalVideoFrames;
        // A hidden page draws no frames: not a stall.
        if (now > decoded || document.visibilityState !== 'visible') {
          decoded = now;
          armStall();
        } else stop({ kind: 'broken' });
      }, ms);
    };
    let playing = false;
    const markPlaying = () => {
      if (cancelled || playing) return;
      playing = true;
      armStall();
      failures.current = 0;
      setAttempts(0);
      setShown({ state: 'playing', code: null });
    };
    // The first frame presented (requestVideoFrameCallback) is the measured milestone; the first frame decoded
    // ('loadeddata') also means playing: on a page too busy to composite for a while it comes first.
    const onFrame = (now: number) => {
      frameHandle = null;
      if (cancelled) return;
      timing.firstFrameAt = now;
      emitTiming(timing, video);
      markPlaying();
    };
    video.addEventListener('loadeddata', markPlaying);
    void import('./flv-engine').then(
      (m) => {
        if (cancelled) return;
        engine = m.startEngine(video, urlNow.current!, {
          onFirstBytes: (at) => {
            timing.firstBytesAt = at;
          },
          onFailure: (f: EngineFailure) => stop(f.kind === 'refused' ? { kind: 'refused', code: f.code } : f),
        });
        frameHandle = video.requestVideoFrameCallback(onFrame);
        armStall(FIRST_FRAME_MS);
      },
      () => stop({ kind: 'broken' }), // the chunk did not load (server restarting): retried like a broken stream
    );
    return cleanup;
    // `run` starts a new attempt; the URL is read from a ref (a renewed URL never restarts a playing stream).
  }, [videoRef, cameraId, hasUrl, run, fail]);

  const retry = useCallback(() => {
    clearRetry();
    failures.current = 0;
    setAttempts(0);
    setShown({ state: 'loading', code: null });
    if (url.isError) void refetch();
    setRun((r) => r + 1);
  }, [url.isError, refetch]);

  // A failed URL request shows as its decision says (until the scheduled retry brings a URL).
  const view: Shown = url.isError ? shownOf(decide(urlFailure(url.error), 0), urlFailure(url.error)) : shown;
  return { state: view.state, code: view.code, attempt: attempts, retry, attemptKey: run };
}
