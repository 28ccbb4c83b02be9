import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export interface Division {
  code: string;
  name: string;
  nameEn: string;
  /** The parent district for a 街道. */
  parent: string | null;
  feature: Feature<Polygon | MultiPolygon>;
}

/**
 * Point-in-polygon lookup of divisions: an R-tree (flatbush) of the polygons' bounding boxes narrows a
 * point to a few candidates, then an exact test. Boundaries are WGS-84, like every normalized location.
 */
export class DivisionIndex {
  private readonly index: Flatbush;
  constructor(private readonly divisions: Division[]) {
    this.index = new Flatbush(Math.max(divisions.length, 1));
    for (const d of divisions) {
      const [w, s, e, n] = bboxOf(d.feature.geometry);
      this.index.add(w, s, e, n);
    }
    if (divisions.length === 0) this.index.add(0, 0, 0, 0);
    this.index.finish();
  }

  /** The division containing the point, or null outside all of them. */
  locate(lon: number, lat: number): Division | null {
    for (const i of this.index.search(lon, lat, lon, lat)) {
      const d = this.divisions[i];
      if (d && booleanPointInPolygon([lon, lat], d.feature)) return d;
    }
    return null;
  }

  get all(): readonly Division[] {
    return this.divisions;
  }
}

/** [west, south, east, north] of a (multi)polygon. */
export function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
  for (const ring of rings) {
    for (const [x, y] of ring as [number, number][]) {
      if (x < w) w = x;
      if (x > e) e = x;
      if (y < s) s = y;
      if (y > n) n = y;
    }
  }
  return [w, s, e, n];
}
