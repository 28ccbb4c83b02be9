import { timecodeDelay } from '../../contract/video';
import { readVideoTimecode } from '../../video/frame-timecode';
import { onPlaybackTiming, type PlaybackTiming } from '../../video/playback-timing';
import { act, wallActions as A, type VideoWallStore } from './wall-store';

/** What `/video?bench=1` exposes to bench/video.bench.ts (playwright drives it). */
export interface VideoBenchHook {
  /** Puts `cameraId` on tile 0; resolves at its first decoded frame with the milestones (performance.now()). */
  open(cameraId: string): Promise<PlaybackTiming & { requestedAt: number }>;
  /** Empties tile 0 (the player leaves: its stream's idle clock starts). */
  close(): void;
  /** Glass-to-glass delay of the next `frames` frames of tile 0, ms: shown time minus burned-in capture time. */
  delays(frames: number): Promise<number[]>;
}

export function installVideoBenchHook(store: VideoWallStore): void {
  act(store, A.setGrid, 1);
  const hook: VideoBenchHook = {
    open(cameraId) {
      return new Promise((resolve) => {
        const requestedAt = performance.now();
        const off = onPlaybackTiming((t) => {
          if (t.cameraId !== cameraId) return;
          off();
          resolve({ ...t, requestedAt });
        });
        act(store, A.assign, 0, cameraId);
      });
    },
    close() {
      act(store, A.assign, 0, null);
    },
    delays(frames) {
      const video = document.querySelector<HTMLVideoElement>('[data-tile="0"] video');
      if (!video) return Promise.reject(new Error('no video on tile 0'));
      const canvas = document.createElement('canvas');
      const out: number[] = [];
      return new Promise((resolve) => {
        const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
          const code = readVideoTimecode(video, canvas);
          // The frame reaches the glass at its expected display time (performance clock → epoch).
          if (code !== null) out.push(timecodeDelay(code, performance.timeOrigin + meta.expectedDisplayTime));
          if (out.length >= frames) resolve(out);
          else video.requestVideoFrameCallback(onFrame);
        };
        video.requestVideoFrameCallback(onFrame);
      });
    },
  };
  (window as unknown as { __cityBrainVideo: VideoBenchHook }).__cityBrainVideo = hook;
}
