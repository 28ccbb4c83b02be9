/**
 * When each stream attempt reached its milestones (performance.now(), ms): opened (the camera was put on the
 * tile, URL request included), connected (stream request sent), first bytes, first decoded frame shown
 * (requestVideoFrameCallback). Published for monitoring and the bench; players do not depend on listeners.
 */
export interface PlaybackTiming {
  cameraId: string;
  openedAt: number;
  connectAt: number;
  firstBytesAt: number | null;
  firstFrameAt: number | null;
}

type Listener = (timing: PlaybackTiming, video: HTMLVideoElement) => void;
const listeners = new Set<Listener>();

export function onPlaybackTiming(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emitTiming(timing: PlaybackTiming, video: HTMLVideoElement): void {
  for (const l of listeners) l({ ...timing }, video);
}
