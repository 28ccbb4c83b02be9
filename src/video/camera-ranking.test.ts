import { describe, expect, it } from 'vitest';
import { bearingDeg, distanceM, pickCamera, rankCameras, type RankableCamera } from './camera-ranking';

const EVENT = { lon: 121.4737, lat: 31.2304 };
/** A point `m` metres from the event towards `bearing` (flat approximation: fine at street scale). */
const at = (m: number, bearing: number) => ({
  lon:
    EVENT.lon + (m * Math.sin((bearing * Math.PI) / 180)) / (111_320 * Math.cos((EVENT.lat * Math.PI) / 180)),
  lat: EVENT.lat + (m * Math.cos((bearing * Math.PI) / 180)) / 111_320,
});
const cam = (
  id: string,
  m: number,
  from: number,
  direction: number | null,
  online = true,
): RankableCamera => ({
  id,
  location: at(m, from),
  online,
  direction,
});

describe('ranking the cameras for an event', () => {
  it('measures distance and bearing on the ground', () => {
    expect(distanceM(EVENT, at(100, 90))).toBeCloseTo(100, 0);
    expect(bearingDeg(at(100, 270), EVENT)).toBeCloseTo(90, 0); // from the west, the event lies east
  });

  it('prefers a camera looking at the event over a nearer one looking away', () => {
    // 150 m west, looking east (at the event) vs 80 m north, looking north (away).
    const facing = cam('facing', 150, 270, 90);
    const away = cam('away', 80, 0, 0);
    const ranked = rankCameras(EVENT, [away, facing]);
    expect(ranked.map((r) => [r.camera.id, r.offAxisDeg])).toEqual([
      ['facing', 0],
      ['away', 180],
    ]);
    expect(ranked[0]!.distanceM).toBe(150);
  });

  it('orders by distance when directions are unknown, puts online cameras first, honours range and limit', () => {
    const ranked = rankCameras(
      EVENT,
      [
        cam('far', 400, 10, null),
        cam('near-offline', 30, 10, null, false),
        cam('near', 60, 200, null),
        cam('out-of-range', 900, 10, null),
      ],
      { maxM: 800, limit: 3 },
    );
    expect(ranked.map((r) => r.camera.id)).toEqual(['near', 'far', 'near-offline']);
    expect(rankCameras(EVENT, [cam('off', 10, 0, null, false)], { onlineOnly: true })).toEqual([]);
  });

  it('ignores direction for a camera right at the event', () => {
    const ranked = rankCameras(EVENT, [cam('beside', 15, 0, 0), cam('facing', 60, 270, 90)]);
    expect(ranked[0]!.camera.id).toBe('beside');
  });
});

describe('picking a camera on the map', () => {
  const project = ([lon, lat]: [number, number]): [number, number] => [lon * 1000, -lat * 1000];
  const cams = [
    { id: 'a', location: { lon: 0.1, lat: 0.1 } },
    { id: 'b', location: { lon: 0.11, lat: 0.1 } },
  ];
  it('returns the camera drawn nearest to the click within the radius, else nothing', () => {
    expect(pickCamera(cams, [108, -100], project, 6)?.id).toBe('b');
    expect(pickCamera(cams, [103, -100], project, 6)?.id).toBe('a');
    expect(pickCamera(cams, [150, -100], project, 6)).toBeNull();
  });
});
