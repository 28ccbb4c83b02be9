import type { Road } from '../city-packs/load';
import type { Random } from './random';

/** A random point on the road network, weighted by road length, with its road. */
export function randomRoadPoint(
  roads: readonly Road[],
  rnd: Random,
): { road: Road; lon: number; lat: number } {
  const road = rnd.weighted(roads, (r) => r.lengthM);
  const i = rnd.int(0, road.coords.length - 2);
  const [x1, y1] = road.coords[i]!;
  const [x2, y2] = road.coords[i + 1]!;
  const t = rnd.next();
  return { road, lon: x1 + (x2 - x1) * t, lat: y1 + (y2 - y1) * t };
}
