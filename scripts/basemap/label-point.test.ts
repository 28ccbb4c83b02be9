import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { clipRing, labelPoint } from './label-point';

describe('labelPoint', () => {
  // A U shape whose centroid falls in the empty notch.
  const u: Polygon = {
    type: 'Polygon',
    coordinates: [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ],
  };

  it('lands inside a concave polygon, away from its edges', () => {
    const [x, y] = labelPoint(u, [-10, -10, 10, 10])!;
    const inNotch = x > 1 && x < 2 && y > 1;
    expect(inNotch).toBe(false);
    expect(x).toBeGreaterThan(0);
    expect(x).toBeLessThan(3);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(3);
  });

  it('stays inside the view when the polygon extends beyond it', () => {
    const [x, y] = labelPoint(u, [2.2, 0, 10, 10])!;
    expect(x).toBeGreaterThanOrEqual(2.2);
    expect(x).toBeLessThanOrEqual(3);
    expect(y).toBeGreaterThan(0);
  });

  it('returns null when the polygon is outside the view', () => {
    expect(labelPoint(u, [5, 5, 6, 6])).toBeNull();
  });

  it('clips a ring to a box', () => {
    const ring = clipRing(
      [
        [0, 0],
        [4, 0],
        [4, 4],
        [0, 4],
        [0, 0],
      ],
      [1, 1, 2, 2],
    );
    expect(ring).toHaveLength(4);
    for (const [x, y] of ring) {
      expect(x).toBeGreaterThanOrEqual(1);
      expect(x).toBeLessThanOrEqual(2);
      expect(y).toBeGreaterThanOrEqual(1);
      expect(y).toBeLessThanOrEqual(2);
    }
  });
});
