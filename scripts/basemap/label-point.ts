import type { MultiPolygon, Polygon, Position } from 'geojson';

export type BBox = [number, number, number, number];
type Ring = Position[];

/**
 * Where to put a division's name: the pole of inaccessibility (the interior point farthest from the
 * edge, as in mapbox/polylabel) of the polygon's largest part inside `view`. Clipping to the view first
 * keeps e.g. Pudong's label inside the map instead of out at sea; a centroid could fall outside a
 * concave polygon. Returns null when nothing of the polygon lies in the view.
 */
export function labelPoint(geom: Polygon | MultiPolygon, view: BBox): [number, number] | null {
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  let best: Ring[] | null = null;
  let bestArea = 0;
  for (const poly of polys) {
    const outer = clipRing(poly[0] ?? [], view);
    if (outer.length < 3) continue;
    const area = Math.abs(ringArea(outer));
    if (area > bestArea) {
      bestArea = area;
      const holes = poly
        .slice(1)
        .map((ring) => clipRing(ring, view))
        .filter((r) => r.length >= 3);
      best = [outer, ...holes];
    }
  }
  if (!best) return null;
  // Work in a local equirectangular frame so distances are isotropic at this latitude.
  const lat0 = ((view[1] + view[3]) / 2) * (Math.PI / 180);
  const k = Math.cos(lat0);
  const rings = best.map((r) => r.map(([x, y]) => [x! * k, y!] as [number, number]));
  const [x, y] = poleOfInaccessibility(rings);
  return [x / k, y];
}

/** Sutherland–Hodgman clip of a closed ring to an axis-aligned box (fine for label placement). */
export function clipRing(ring: Ring, [w, s, e, n]: BBox): Ring {
  const edges: [(p: Position) => boolean, (a: Position, b: Position) => Position][] = [
    [(p) => p[0]! >= w, (a, b) => lerpX(a, b, w)],
    [(p) => p[0]! <= e, (a, b) => lerpX(a, b, e)],
    [(p) => p[1]! >= s, (a, b) => lerpY(a, b, s)],
    [(p) => p[1]! <= n, (a, b) => lerpY(a, b, n)],
  ];
  let out = ring.slice(0, ring.length > 1 && samePoint(ring[0]!, ring[ring.length - 1]!) ? -1 : undefined);
  for (const [inside, cut] of edges) {
    const input = out;
    out = [];
    for (let i = 0; i < input.length; i++) {
      const cur = input[i]!;
      const prev = input[(i + input.length - 1) % input.length]!;
      if (inside(cur)) {
        if (!inside(prev)) out.push(cut(prev, cur));
        out.push(cur);
      } else if (inside(prev)) out.push(cut(prev, cur));
    }
    if (out.length === 0) break;
  }
  return out;
}

function lerpX(a: Position, b: Position, x: number): Position {
  const t = (x - a[0]!) / (b[0]! - a[0]!);
  return [x, a[1]! + t * (b[1]! - a[1]!)];
}
function lerpY(a: Position, b: Position, y: number): Position {
  const t = (y - a[1]!) / (b[1]! - a[1]!);
  return [a[0]! + t * (b[0]! - a[0]!), y];
}
const samePoint = (a: Position, b: Position): boolean => a[0] === b[0] && a[1] === b[1];

function ringArea(ring: Ring): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  }
  return a / 2;
}

interface Cell {
  x: number;
  y: number;
  h: number;
  d: number;
  max: number;
}

/** Grid-refinement search for the interior point farthest from the polygon's edges (polylabel). */
function poleOfInaccessibility(rings: [number, number][][]): [number, number] {
  const outer = rings[0]!;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of outer) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  const size = Math.min(maxX - minX, maxY - minY);
  if (size === 0) return [minX, minY];
  // Relative precision: a label needs ~1/1000 of the polygon's size, whatever its units.
  const precision = size / 1000;
  const cell = (x: number, y: number, h: number): Cell => {
    const d = signedDistance(x, y, rings);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  const queue = new MaxHeap();
  for (let x = minX; x < maxX; x += size) {
    for (let y = minY; y < maxY; y += size) queue.push(cell(x + size / 2, y + size / 2, size / 2));
  }
  let best = cell((minX + maxX) / 2, (minY + maxY) / 2, 0);
  for (let c = queue.pop(); c; c = queue.pop()) {
    if (c.d > best.d) best = c;
    // No cell left can beat the best by more than the precision: done.
    if (c.max - best.d <= precision) continue;
    const h = c.h / 2;
    for (const [dx, dy] of [
      [-h, -h],
      [h, -h],
      [-h, h],
      [h, h],
    ] as const)
      queue.push(cell(c.x + dx, c.y + dy, h));
  }
  return [best.x, best.y];
}

/** Binary max-heap of cells by their potential (`max`). */
class MaxHeap {
  private readonly a: Cell[] = [];
  push(c: Cell): void {
    const a = this.a;
    let i = a.push(c) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]!.max >= c.max) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = c;
  }
  pop(): Cell | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const m = r < a.length && a[r]!.max > a[l]!.max ? r : l;
      if (a[m]!.max <= last.max) break;
      a[i] = a[m]!;
      i = m;
    }
    a[i] = last;
    return top;
  }
}

/** Distance to the nearest edge, positive inside the polygon (even-odd over all rings). */
function signedDistance(x: number, y: number, rings: [number, number][][]): number {
  let inside = false;
  let minSq = Infinity;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [ax, ay] = ring[i]!;
      const [bx, by] = ring[j]!;
      if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      minSq = Math.min(minSq, segDistSq(x, y, ax, ay, bx, by));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(minSq);
}

function segDistSq(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let x = ax;
  let y = ay;
  let dx = bx - x;
  let dy = by - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((px - x) * dx + (py - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = bx;
      y = by;
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = px - x;
  dy = py - y;
  return dx * dx + dy * dy;
}
