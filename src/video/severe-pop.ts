import type { Camera } from '../contract/entities';
import type { Event } from '../contract/event';
import { rankCameras } from './camera-ranking';

/** An event pops its nearest camera on the wall when it is this severe (I 特别重大, II 重大)… */
const POP_SEVERITIES: ReadonlySet<Event['severity']> = new Set(['I', 'II']);
/** …and a camera within this distance sees it. */
export const POP_MAX_M = 500;

/** Whether a newly seen event should pop a camera: severe, still open, not acknowledged. */
export function popsCamera(e: Event): boolean {
  return POP_SEVERITIES.has(e.severity) && e.status !== 'closed' && !e.acknowledgedAt;
}

/** The camera to pop for `e`: the best ranked online camera near it (view direction included), if any. */
export function cameraFor(e: Event, cameras: Iterable<Camera>): Camera | null {
  return rankCameras(e.location, cameras, { limit: 1, maxM: POP_MAX_M, onlineOnly: true })[0]?.camera ?? null;
}
