import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useStreamUrl } from '../api/video';
import { CodedError, type ErrorCode } from '../contract/errors';
import type { EngineFailure } from './flv-engine';
import { decide, STALL_MS, type Failure, type PlayerState } from './playback-policy';
import { emitTiming, type PlaybackTiming } from './playback-timing';

/** A camera the platform reports offline while we thought it online: asked again this often. */
const OFFLINE_RECHECK_MS = 30_000;

export interface Playback {
  state: PlayerState;
  /** The catalogue code behind `error` (and the last refusal while reconnecting). */
  code: ErrorCode | null;
  /** Failures in a row since the last picture. */
  attempt: number;
  /** Try again now (the error tile's button). */
  retry(): void;
}

/**
 * Plays `camera` in `videoRef`: gets a signed URL (kept fresh by the query), loads the engine chunk on first use,
 * and turns every failure into the state the tile shows and the next step (policy in playback-policy.ts):
 * reconnect with backoff, renew the URL, show the offline placeholder, or show the error and wait.
 */
export function usePlayback(
  videoRef: RefObject<HTMLVideoElement | null>,
  camera: { id: string; online: boolean },
): Playback {
  const url = useStreamUrl(camera.online ? camera.id : null);
  const [state, setState] = useState<PlayerState>(camera.online ? 'loading' : 'offline');
  const [code, setCode] = useState<ErrorCode | null>(null);
  const [run, setRun] = useState(0);
  const attempt = useRef(0);
  const retryTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const openedAt = useRef(performance.now());
  const urlNow = useRef<string | null>(null);
  urlNow.current = url.data?.url ?? null;
  const refetch = url.refetch;

  const clearRetry = () => {
    if (retryTimer.current !== null) clearTimeout(retryTimer.current);
    retryTimer.current = null;
  };
  const schedule = useCallback(
    (ms: number, renewUrl: boolean) => {
      clearRetry();
      retryTimer.current = setTimeout(() => {
        retryTimer.current = null;
        if (renewUrl) void refetch().then(() => setRun((r) => r + 1));
        else setRun((r) => r + 1);
      }, ms);
    },
    [refetch],
  );
  const fail = useCallback(
    (f: Failure) => {
      const d = decide(f, attempt.current++);
      if (d.state === 'offline') {
        setState('offline');
        setCode('CAMERA_OFFLINE');
        schedule(OFFLINE_RECHECK_MS, false);
      } else if (d.state === 'error') {
        setState('error');
        setCode(d.code);
        if (d.retryInMs !== null) schedule(d.retryInMs, false);
      } else {
        setState('reconnecting');
        if (f.kind === 'refused' || f.kind === 'url') setCode(f.code);
        schedule(d.retryInMs, d.renewUrl);
      }
    },
    [schedule],
  );

  // A new camera, or the camera back online: start over.
  useEffect(() => {
    attempt.current = 0;
    openedAt.current = performance.now();
    setState(camera.online ? 'loading' : 'offline');
    setCode(camera.online ? null : 'CAMERA_OFFLINE');
    return clearRetry;
  }, [camera.id, camera.online]);

  useEffect(() => {
    if (!url.isError) return;
    const err = url.error;
    fail({ kind: 'url', code: err instanceof CodedError ? err.code : 'INTERNAL' });
  }, [url.isError, url.error, url.errorUpdatedAt, fail]);

  const hasUrl = url.data !== undefined;
  useEffect(() => {
    const video = videoRef.current;
    if (!camera.online || !hasUrl || !video || urlNow.current === null) return;
    let cancelled = false;
    let engine: { destroy(): void } | null = null;
    let frameHandle: number | null = null;
    let stall: ReturnType<typeof setTimeout> | null = null;
    const timing: PlaybackTiming = {
      cameraId: camera.id,
      openedAt: openedAt.current,
      connectAt: performance.now(),
      firstBytesAt: null,
      firstFrameAt: null,
    };
    const armStall = () => {
      if (stall !== null) clearTimeout(stall);
      stall = setTimeout(() => {
        // A hidden page draws no frames: not a stall.
        if (document.visibilityState === 'visible') stop({ kind: 'broken' });
        else armStall();
      }, STALL_MS);
    };
    const onFrame = (now: number) => {
      if (cancelled) return;
      if (timing.firstFrameAt === null) {
        timing.firstFrameAt = now;
        attempt.current = 0;
        setState('playing');
        setCode(null);
        emitTiming(timing, video);
      }
      armStall();
      frameHandle = video.requestVideoFrameCallback(onFrame);
    };
    const stop = (f: Failure) => {
      if (cancelled) return;
      cleanup();
      fail(f);
    };
    const cleanup = () => {
      cancelled = true;
      if (stall !== null) clearTimeout(stall);
      if (frameHandle !== null) video.cancelVideoFrameCallback(frameHandle);
      engine?.destroy();
      engine = null;
    };
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
        armStall();
      },
      () => stop({ kind: 'broken' }), // the chunk did not load (server restarting): retried like a broken stream
    );
    return cleanup;
    // `run` restarts the attempt; the URL itself is read from a ref (a renewed URL never restarts a playing stream).
  }, [videoRef, camera.id, camera.online, hasUrl, run, fail]);

  const retry = useCallback(() => {
    clearRetry();
    attempt.current = 0;
    setState('loading');
    setCode(null);
    if (url.isError) void refetch();
    setRun((r) => r + 1);
  }, [url.isError, refetch]);

  return { state, code, attempt: attempt.current, retry };
}
