import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Flatbush from 'flatbush';
import type { CityPack, Road } from '../../city-packs/load';
import type { Random } from '../../simulation/random';

/** A camera of the simulated platform before it gets its id: where it stands and what it looks at. */
export interface PlacedCamera {
  name: string;
  lon: number;
  lat: number;
  /** GB/T 2260 district it stands in. */
  district: string;
  /** GB/T 28181 DirectionType (1 东 2 西 3 南 4 北 5 东南 6 东北 7 西南 8 西北). */
  directionType: number;
  address: string;
}

/** Metres per degree at Shanghai's latitude (equirectangular, fine at intersection scale). */
const M_PER_DEG_LAT = 111_320;
const mPerDegLon = (lat: number) => 111_320 * Math.cos((lat * Math.PI) / 180);
/** Signal nodes closer than this belong to one intersection. */
const SAME_INTERSECTION_M = 35;
/** Roads within this distance of a signal meet there. */
const ROAD_REACH_M = 30;
/** Corner offset of a pole-mounted camera from the intersection centre. */
const CORNER_OFFSET_M = 14;
/** Corners: name, offset direction (east, north), and the DirectionType looking back at the intersection. */
const CORNERS: [string, number, number, number][] = [
  ['东北角', 1, 1, 7],
  ['东南角', 1, -1, 8],
  ['西南角', -1, -1, 6],
  ['西北角', -1, 1, 5],
];

/**
 * Cameras at signalised intersections of the real road network (OSM traffic signals of the city pack), named
 * the way Chinese video platforms name them: "静安区南京西路/石门一路东南角".
 */
export function placeCameras(pack: CityPack, rnd: Random, count: number): PlacedCamera[] {
  const signals = JSON.parse(readFileSync(join(pack.dir, 'generated', 'signals.json'), 'utf8')) as [
    number,
    number,
  ][];
  const roads = roadIndex(pack.roads);
  const intersections: { lon: number; lat: number; names: [string, string] }[] = [];
  for (const [lon, lat] of signals) {
    if (intersections.some((i) => metres(i.lon, i.lat, lon, lat) < SAME_INTERSECTION_M)) continue;
    const names = roads.namesNear(lon, lat);
    if (names.length >= 2) intersections.push({ lon, lat, names: [names[0]!, names[1]!] });
  }
  const order = shuffle(intersections, rnd);
  const out: PlacedCamera[] = [];
  // One camera per intersection first; a second corner at the same ones when the city has fewer.
  for (let round = 0; out.length < count && round < CORNERS.length; round++) {
    for (const x of order) {
      if (out.length >= count) break;
      const [corner, east, north, directionType] = CORNERS[(hash(x.names.join()) + round) % CORNERS.length]!;
      const d = CORNER_OFFSET_M / Math.SQRT2;
      const lon = x.lon + (east * d) / mPerDegLon(x.lat);
      const lat = x.lat + (north * d) / M_PER_DEG_LAT;
      const district = pack.locate(lon, lat).district;
      if (!district || !pack.manifest.focusDistricts.includes(district)) continue;
      const districtName = pack.codeNames.get(district) ?? '';
      out.push({
        name: `${districtName}${x.names[0]}/${x.names[1]}${corner}`,
        lon: Math.round(lon * 1e6) / 1e6,
        lat: Math.round(lat * 1e6) / 1e6,
        district,
        directionType,
        address: `上海市${districtName}${x.names[0]}与${x.names[1]}交叉口${corner}`,
      });
    }
  }
  return out;
}

/** Road segments in an R-tree, answering "which named roads pass within reach of this point". */
function roadIndex(roads: readonly Road[]) {
  const segs: { name: string; a: [number, number]; b: [number, number] }[] = [];
  for (const r of roads) {
    if (!r.name) continue;
    for (let i = 0; i + 1 < r.coords.length; i++)
      segs.push({ name: r.name, a: r.coords[i]!, b: r.coords[i + 1]! });
  }
  const index = new Flatbush(Math.max(segs.length, 1));
  for (const s of segs)
    index.add(
      Math.min(s.a[0], s.b[0]),
      Math.min(s.a[1], s.b[1]),
      Math.max(s.a[0], s.b[0]),
      Math.max(s.a[1], s.b[1]),
    );
  if (segs.length === 0) index.add(0, 0, 0, 0);
  index.finish();
  return {
    namesNear(lon: number, lat: number): string[] {
      const dLon = ROAD_REACH_M / mPerDegLon(lat);
      const dLat = ROAD_REACH_M / M_PER_DEG_LAT;
      const best = new Map<string, number>();
      for (const i of index.search(lon - dLon, lat - dLat, lon + dLon, lat + dLat)) {
        const s = segs[i];
        if (!s) continue;
        const m = segmentMetres(lon, lat, s.a, s.b);
        if (m <= ROAD_REACH_M && m < (best.get(s.name) ?? Infinity)) best.set(s.name, m);
      }
      return [...best.entries()].sort((x, y) => x[1] - y[1]).map(([name]) => name);
    },
  };
}

function segmentMetres(lon: number, lat: number, a: [number, number], b: [number, number]): number {
  const kx = mPerDegLon(lat);
  const [px, py] = [(lon - a[0]) * kx, (lat - a[1]) * M_PER_DEG_LAT];
  const [vx, vy] = [(b[0] - a[0]) * kx, (b[1] - a[1]) * M_PER_DEG_LAT];
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (px * vx + py * vy) / len2));
  return Math.hypot(px - t * vx, py - t * vy);
}

function metres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return Math.hypot((lon2 - lon1) * mPerDegLon(lat1), (lat2 - lat1) * M_PER_DEG_LAT);
}

function shuffle<T>(items: readonly T[], rnd: Random): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rnd.int(0, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}
