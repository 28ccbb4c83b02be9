/** CAP area geometry → WGS-84 [lon, lat] rings (our order; CAP writes latitude first). */
export type Ring = [number, number][];

/** The contract's limit per ring (`Ring` in src/contract/entities.ts). */
export const MAX_RING_POINTS = 5000;
/** Vertices of the polygon a CAP circle is drawn as (the map has no circle primitive). */
const CIRCLE_VERTICES = 48;
const EARTH_RADIUS_KM = 6371.0088;

const pair = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)$/;

/**
 * CAP polygon "lat,lon lat,lon …" (CAP 1.2 §3.3.5.2: WGS-84, at least four pairs, first = last) → ring.
 * Returns the reason when it is not one: a garbled polygon is refused, not guessed.
 */
export function parseCapPolygon(text: string): { ring: Ring } | { error: string } {
  const tokens = text.trim().split(/\s+/);
  if (tokens.length < 4)
    return { error: `a polygon needs at least 4 coordinate pairs, got ${tokens.length}` };
  if (tokens.length > MAX_RING_POINTS) return { error: `a polygon has at most ${MAX_RING_POINTS} pairs` };
  const ring: Ring = [];
  for (const t of tokens) {
    const m = pair.exec(t);
    if (!m) return { error: `"${t.slice(0, 40)}" is not a "lat,lon" pair` };
    const lat = Number(m[1]);
    const lon = Number(m[2]);
    if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { error: `"${t}" is outside WGS-84 (lat first)` };
    ring.push([lon, lat]);
  }
  const [first, last] = [ring[0]!, ring[ring.length - 1]!];
  if (first[0] !== last[0] || first[1] !== last[1])
    return { error: 'the first and last pairs must be equal' };
  return { ring };
}

/** CAP circle "lat,lon radius-km" → a closed ring, or null for a zero radius (a point draws nothing). */
export function parseCapCircle(text: string): { ring: Ring | null } | { error: string } {
  const m = /^(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)$/.exec(text.trim());
  if (!m) return { error: `"${text.slice(0, 60)}" is not "lat,lon radius"` };
  const [lat, lon, km] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180)
    return { error: `circle centre ${lat},${lon} is outside WGS-84` };
  if (km === 0) return { ring: null };
  if (km > 5000) return { error: `circle radius ${km} km is implausible` };
  const ring: Ring = [];
  const d = km / EARTH_RADIUS_KM;
  const [lat1, lon1] = [(lat * Math.PI) / 180, (lon * Math.PI) / 180];
  for (let i = 0; i < CIRCLE_VERTICES; i++) {
    // Destination point along a great circle at each bearing (spherical Earth; metres matter less than shape here).
    const bearing = (2 * Math.PI * i) / CIRCLE_VERTICES;
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
    const lon2 =
      lon1 +
      Math.atan2(
        Math.sin(bearing) * Math.sin(d) * Math.cos(lat1),
        Math.cos(d) - Math.sin(lat1) * Math.sin(lat2),
      );
    ring.push([round6((((lon2 * 180) / Math.PI + 540) % 360) - 180), round6((lat2 * 180) / Math.PI)]);
  }
  ring.push([...ring[0]!]);
  return { ring };
}

/** Mean of a closed ring's vertices (the closing vertex counted once): a label point, not an area centroid. */
export function ringCenter(ring: Ring): [number, number] {
  const n = ring.length - 1;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += ring[i]![0];
    y += ring[i]![1];
  }
  return [round6(x / n), round6(y / n)];
}

export function ringIntersectsBBox(
  ring: Ring,
  [w, s, e, n]: readonly [number, number, number, number],
): boolean {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return minX <= e && maxX >= w && minY <= n && maxY >= s;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
