import type { LonLat } from '../contract/geo';

/** What ranking needs of a camera (a catalogue Camera or an event detail's NearbyCamera). */
export interface RankableCamera {
  id: string;
  location: LonLat;
  online: boolean;
  /** Degrees clockwise from north the camera looks, when the catalogue says. */
  direction: number | null;
}

export interface RankedCamera<T> {
  camera: T;
  distanceM: number;
  /** Degrees between where the camera looks and where the target is (null: direction unknown). */
  offAxisDeg: number | null;
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = Math.PI / 180;

/** Great-circle distance, metres (haversine: street scale). */
export function distanceM(a: LonLat, b: LonLat): number {
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Initial bearing from `a` to `b`, degrees clockwise from north. */
export function bearingDeg(a: LonLat, b: LonLat): number {
  const y = Math.sin((b.lon - a.lon) * rad) * Math.cos(b.lat * rad);
  const x =
    Math.cos(a.lat * rad) * Math.sin(b.lat * rad) -
    Math.sin(a.lat * rad) * Math.cos(b.lat * rad) * Math.cos((b.lon - a.lon) * rad);
  return (Math.atan2(y, x) / rad + 360) % 360;
}

/**
 * How far a camera effectively is from the target: its distance, shortened when it looks at the target (within
 * half of a typical 90° field of view), lengthened when it looks away. A camera 150 m away pointing at an event
 * shows more of it than one 80 m away with its back to it. Unknown direction sits in between. Closer than
 * `NEAR_M` direction does not matter (the target fills any view, or a PTZ turns).
 */
const NEAR_M = 25;
function effectiveM(distance: number, offAxis: number | null): number {
  if (distance <= NEAR_M) return distance;
  if (offAxis === null) return distance * 0.8;
  if (offAxis <= 45) return distance * 0.5;
  if (offAxis <= 90) return distance;
  return distance * 1.6;
}

/**
 * Cameras ordered for an event at `target`: online ones first, then by effective distance (view direction
 * included where the catalogue has it); at most `limit`, within `maxM`.
 */
export function rankCameras<T extends RankableCamera>(
  target: LonLat,
  cameras: Iterable<T>,
  opts: { limit?: number; maxM?: number; onlineOnly?: boolean } = {},
): RankedCamera<T>[] {
  const { limit = Infinity, maxM = Infinity, onlineOnly = false } = opts;
  const out: (RankedCamera<T> & { key: number })[] = [];
  for (const camera of cameras) {
    if (onlineOnly && !camera.online) continue;
    const d = distanceM(camera.location, target);
    if (d > maxM) continue;
    let offAxis: number | null = null;
    if (camera.direction !== null) {
      const diff = Math.abs(bearingDeg(camera.location, target) - camera.direction) % 360;
      offAxis = diff > 180 ? 360 - diff : diff;
    }
    out.push({
      camera,
      distanceM: Math.round(d),
      offAxisDeg: offAxis === null ? null : Math.round(offAxis),
      key: effectiveM(d, offAxis),
    });
  }
  out.sort((a, b) => Number(b.camera.online) - Number(a.camera.online) || a.key - b.key);
  return out.slice(0, limit).map(({ key: _key, ...r }) => r);
}

/** The camera drawn nearest to a click on the map (screen pixels), if one is within `radiusPx`. */
export function pickCamera<T extends { location: LonLat }>(
  cameras: Iterable<T>,
  click: [number, number],
  project: (lonLat: [number, number]) => [number, number],
  radiusPx: number,
): T | null {
  let best: T | null = null;
  let bestD2 = radiusPx * radiusPx;
  for (const c of cameras) {
    const [x, y] = project([c.location.lon, c.location.lat]);
    const d2 = (x - click[0]) ** 2 + (y - click[1]) ** 2;
    if (d2 <= bestD2) {
      best = c;
      bestD2 = d2;
    }
  }
  return best;
}
