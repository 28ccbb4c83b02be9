/**
 * Builds a city pack's unit grid (万米单元网格) from its 街道 polygons (never from ../shared):
 *   mock-server/city-packs/<city>/generated/grid-cells.geojson
 * Each 街道 polygon, clipped to the pack bounds, is cut by a lattice of squares of `grid.cellSizeM`; every
 * non-empty piece is one cell. Its 15-digit code is the 9-digit 街道 code + a 3-digit 社区 segment + a 3-digit
 * sequence. The pack has no 社区 polygons, so the 社区 segment numbers blocks of n×n squares inside the 街道
 * (pack.json `grid.communitySegment: "synthetic"` says so).
 * Incremental like the basemap: a hash of the inputs, this script and the geometry libraries is stamped.
 *
 *   tsx scripts/build-grid-cells.ts [--city shanghai] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import area from '@turf/area';
import intersect from '@turf/intersect';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

const ROOT = join(import.meta.dirname, '..');
/** Pieces smaller than this are slivers where a 街道 boundary grazes a square: not a cell anyone patrols. */
const MIN_CELL_AREA_M2 = 500;
const METRES_PER_DEGREE_LAT = 111_320;

export interface GridBuildOptions {
  city: string;
  force: boolean;
  packsDir: string;
  log: (msg: string) => void;
}

export interface GridBuildResult {
  skipped: boolean;
  cells: number;
  streets: number;
  bytes: number;
  ms: number;
}

interface Manifest {
  bounds: [number, number, number, number];
  focusDistricts: string[];
  files: { streets: string; gridCells?: string };
  grid?: { cellSizeM: number; communityBlock: number };
}

type Poly = Feature<Polygon | MultiPolygon>;

/** Cell properties, as `GridCellFeature` in src/contract/map-data.ts. */
interface CellProps {
  code: string;
  street: string;
  district: string;
  community: string;
  areaM2: number;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

function libVersion(pkg: string): string {
  return (readJson<{ version: string }>(join(ROOT, 'node_modules', pkg, 'package.json')) ?? {}).version;
}

export function buildGridCells(opts: GridBuildOptions): GridBuildResult {
  const t0 = performance.now();
  const packDir = join(opts.packsDir, opts.city);
  const manifestPath = join(packDir, 'pack.json');
  const m = readJson<Manifest>(manifestPath);
  const streetsPath = join(packDir, m.files.streets);
  const outPath = join(packDir, m.files.gridCells ?? 'generated/grid-cells.geojson');
  const stampPath = join(dirname(outPath), 'grid-cells.stamp.json');
  const hash = createHash('sha256');
  for (const f of [manifestPath, streetsPath, import.meta.filename])
    hash.update(readFileSync(f)).update('\0');
  for (const pkg of ['@turf/intersect', '@turf/area', 'polyclip-ts'])
    hash.update(`${pkg}@${libVersion(pkg)}\0`);
  const digest = hash.digest('hex');
  if (!opts.force && existsSync(outPath) && existsSync(stampPath)) {
    const stamp = readJson<GridBuildResult & { hash: string }>(stampPath);
    if (stamp.hash === digest) {
      opts.log(`grid cells up to date (${opts.city}: ${stamp.cells} cells)`);
      return { ...stamp, skipped: true, ms: performance.now() - t0 };
    }
  }

  const cellSizeM = m.grid?.cellSizeM ?? 400;
  const block = m.grid?.communityBlock ?? 2;
  const [west, south, east, north] = m.bounds;
  const dLat = cellSizeM / METRES_PER_DEGREE_LAT;
  const dLon = cellSizeM / (METRES_PER_DEGREE_LAT * Math.cos((((south + north) / 2) * Math.PI) / 180));
  const cols = Math.ceil((east - west) / dLon);
  const rows = Math.ceil((north - south) / dLat);
  const focus = new Set(m.focusDistricts);
  const streets = readJson<FeatureCollection>(streetsPath).features.filter(
    (f): f is Poly =>
      (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') &&
      focus.has(String(f.properties?.['district_code'])),
  );

  const features: Feature<Polygon | MultiPolygon, CellProps>[] = [];
  let streetsWithCells = 0;
  for (const street of [...streets].sort((a, b) => code9(a).localeCompare(code9(b)))) {
    const [sw, ss, se, sn] = bboxOf(street.geometry);
    const i0 = Math.max(0, Math.floor((sw - west) / dLon));
    const i1 = Math.min(cols - 1, Math.floor((se - west) / dLon));
    const j0 = Math.max(0, Math.floor((ss - south) / dLat));
    const j1 = Math.min(rows - 1, Math.floor((sn - south) / dLat));
    // Pieces grouped by synthetic 社区 block, numbered north-west first like a map reads.
    const blocks = new Map<string, { bi: number; bj: number; cells: { i: number; j: number; g: Poly }[] }>();
    for (let j = j1; j >= j0; j--) {
      for (let i = i0; i <= i1; i++) {
        const x0 = west + i * dLon;
        const y0 = south + j * dLat;
        const square: Poly = {
          type: 'Feature',
          properties: {},
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [x0, y0],
                [Math.min(x0 + dLon, east), y0],
                [Math.min(x0 + dLon, east), Math.min(y0 + dLat, north)],
                [x0, Math.min(y0 + dLat, north)],
                [x0, y0],
              ],
            ],
          },
        };
        const piece = intersect({ type: 'FeatureCollection', features: [square, street] });
        if (!piece || area(piece) < MIN_CELL_AREA_M2) continue;
        const key = `${Math.floor(j / block)}:${Math.floor(i / block)}`;
        const b = blocks.get(key) ?? { bi: Math.floor(i / block), bj: Math.floor(j / block), cells: [] };
        b.cells.push({ i, j, g: piece });
        blocks.set(key, b);
      }
    }
    if (blocks.size === 0) continue;
    if (blocks.size > 999) throw new Error(`${code9(street)}: more than 999 社区 blocks; raise cellSizeM`);
    streetsWithCells++;
    const ordered = [...blocks.values()].sort((a, b) => b.bj - a.bj || a.bi - b.bi);
    ordered.forEach((b, bIndex) => {
      const community = String(bIndex + 1).padStart(3, '0');
      b.cells.forEach((c, cIndex) => {
        const code = `${code9(street)}${community}${String(cIndex + 1).padStart(3, '0')}`;
        features.push({
          type: 'Feature',
          id: code,
          properties: {
            code,
            street: code9(street),
            district: String(street.properties?.['district_code']),
            community,
            areaM2: Math.round(area(c.g)),
          },
          geometry: roundGeometry(c.g.geometry),
        });
      });
    });
  }

  const text = JSON.stringify({ type: 'FeatureCollection', features });
  mkdirSync(dirname(outPath), { recursive: true });
  // Written beside and renamed, so a running server never reads half a file.
  writeFileSync(`${outPath}.tmp`, text);
  renameSync(`${outPath}.tmp`, outPath);
  const result: GridBuildResult = {
    skipped: false,
    cells: features.length,
    streets: streetsWithCells,
    bytes: Buffer.byteLength(text),
    ms: Math.round(performance.now() - t0),
  };
  writeFileSync(stampPath, `${JSON.stringify({ hash: digest, ...result }, null, 2)}\n`);
  opts.log(
    `grid cells: ${result.cells} cells in ${result.streets} 街道 (${cellSizeM} m squares) → ${relative(ROOT, outPath)}, ${(result.bytes / 1024).toFixed(0)} kB, ${result.ms} ms`,
  );
  return result;
}

function code9(f: Poly): string {
  const c = String(f.properties?.['code9'] ?? '');
  if (!/^\d{9}$/.test(c))
    throw new Error(`街道 feature without a 9-digit code9: ${JSON.stringify(f.properties)}`);
  return c;
}

function bboxOf(g: Polygon | MultiPolygon): [number, number, number, number] {
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

/** 6 decimals (~0.1 m), dropping points that rounding made repeat. */
function roundGeometry(g: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const ring = (r: Position[]): Position[] => {
    const out: Position[] = [];
    for (const [x, y] of r) {
      const p: Position = [Math.round(x! * 1e6) / 1e6, Math.round(y! * 1e6) / 1e6];
      const last = out[out.length - 1];
      if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
    }
    return out;
  };
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map(ring) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((p) => p.map(ring)) };
}

function main(argv: string[]): void {
  const i = argv.indexOf('--city');
  try {
    buildGridCells({
      city: i >= 0 ? (argv[i + 1] ?? 'shanghai') : 'shanghai',
      force: argv.includes('--force'),
      packsDir: join(ROOT, 'mock-server', 'city-packs'),
      log: (msg) => console.log(msg),
    });
  } catch (err) {
    console.error(`build-grid-cells failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) main(process.argv.slice(2));
