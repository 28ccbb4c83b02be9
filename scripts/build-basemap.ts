/**
 * Builds the offline basemap of a city pack from its `source/` copy (never from ../shared):
 *   public/basemap/tiles/{z}/{x}/{y}.pbf + public/basemap/tiles.json   (vector tiles the SPA draws)
 *   mock-server/city-packs/<city>/generated/{roads,signals}.json        (the simulators' road network)
 * Incremental: a hash of every input and of this script's code is stamped; an unchanged build is skipped.
 *
 *   tsx scripts/build-basemap.ts [--city shanghai] [--force]
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FeatureCollection } from 'geojson';
import {
  BASEMAP_ATTRIBUTION,
  BASEMAP_MARGIN_DEG,
  BASEMAP_MAXZOOM,
  BASEMAP_MINZOOM,
  BASEMAP_TILE_TEMPLATE,
} from '../src/map/basemap-tileset';
import type { BBox } from './basemap/label-point';
import { layerInputs, roadNetwork } from './basemap/layers';
import { parseOsm, round6 } from './basemap/osm';
import { buildTiles, tileRange } from './basemap/tiles';
import { buildGridCells } from './build-grid-cells';
import { tileJson } from './basemap/tilejson';

const ROOT = join(import.meta.dirname, '..');

export interface BuildOptions {
  city: string;
  force: boolean;
  /** Where `public/basemap` lives; tests point this at a temp dir. */
  publicDir: string;
  packsDir: string;
  log: (msg: string) => void;
}

export interface BuildResult {
  skipped: boolean;
  tiles: number;
  bytes: number;
  roads: number;
  signals: number;
  ms: number;
}

interface PackManifest {
  name: { 'zh-CN': string; en: string };
  center: [number, number];
  zoom: number;
  bounds: BBox;
  files: { districts: string; streets: string; districtCodes: string; streetCodes: string; roads: string };
}

/** Source files by convention under `source/`; division files come from pack.json. */
interface InputFiles {
  osm: string;
  water: string;
  waterways: string;
  green: string;
  districts: string;
  streets: string;
  districtCodes: string;
  streetCodes: string;
  manifest: string;
}

function inputFiles(packDir: string, m: PackManifest): InputFiles {
  const src = join(packDir, 'source');
  const one = (dir: string, test: (f: string) => boolean, what: string): string => {
    const hit = existsSync(join(src, dir)) ? readdirSync(join(src, dir)).filter(test).sort()[0] : undefined;
    if (!hit) throw new Error(`${join(src, dir)}: no ${what} file`);
    return join(src, dir, hit);
  };
  return {
    osm: one('osm', (f) => f.endsWith('.osm'), '*.osm'),
    water: one('basemap', (f) => /water_polygons.*\.geojson$/.test(f), '*water_polygons*.geojson'),
    waterways: one('basemap', (f) => /waterways.*\.geojson$/.test(f), '*waterways*.geojson'),
    green: one('basemap', (f) => /green.*\.geojson$/.test(f), '*green*.geojson'),
    districts: join(packDir, m.files.districts),
    streets: join(packDir, m.files.streets),
    districtCodes: join(packDir, m.files.districtCodes),
    streetCodes: join(packDir, m.files.streetCodes),
    manifest: join(packDir, 'pack.json'),
  };
}

/** The build's own code: a change to any of it must rebuild. */
function codeFiles(): string[] {
  const dir = join(ROOT, 'scripts', 'basemap');
  const own = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(dir, f));
  return [join(ROOT, 'scripts', 'build-basemap.ts'), join(ROOT, 'src', 'map', 'basemap-tileset.ts'), ...own];
}

function inputHash(files: string[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  for (const pkg of ['geojson-vt', 'vt-pbf', 'fast-xml-parser']) {
    const meta = JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as {
      version: string;
    };
    h.update(`${pkg}@${meta.version}\0`);
  }
  return h.digest('hex');
}

/** `code,"name",...` rows of the GB/T 2260 tables (no embedded commas or quotes in these files). */
function readCodeCsv(path: string, into: Map<string, string>): void {
  const [header, ...rows] = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const cols = (header ?? '').split(',').map((c) => c.trim());
  const ci = cols.indexOf('code');
  const ni = cols.indexOf('name');
  if (ci < 0 || ni < 0) throw new Error(`${path}: needs "code" and "name" columns`);
  for (const row of rows) {
    const cells = row.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (cells[ci] && cells[ni]) into.set(cells[ci], cells[ni]);
  }
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const kb = (n: number): string => `${(n / 1024).toFixed(0)} kB`;

export function buildBasemap(opts: BuildOptions): BuildResult {
  const t0 = performance.now();
  const { log } = opts;
  const packDir = join(opts.packsDir, opts.city);
  const manifest = readJson<PackManifest>(join(packDir, 'pack.json'));
  const files = inputFiles(packDir, manifest);
  const hash = inputHash([...Object.values(files), ...codeFiles()]);

  const tilesDir = join(opts.publicDir, 'basemap', 'tiles');
  const tileJsonPath = join(opts.publicDir, 'basemap', 'tiles.json');
  const roadsPath = join(packDir, manifest.files.roads);
  const genDir = dirname(roadsPath);
  const signalsPath = join(genDir, 'signals.json');
  const stampPath = join(genDir, 'basemap.stamp.json');
  const outputs = [tilesDir, tileJsonPath, roadsPath, signalsPath];
  if (!opts.force && existsSync(stampPath) && outputs.every((p) => existsSync(p))) {
    const stamp = readJson<BuildResult & { hash: string }>(stampPath);
    if (stamp.hash === hash) {
      log(`basemap up to date (${opts.city}: ${stamp.tiles} tiles, ${kb(stamp.bytes)})`);
      return { ...stamp, skipped: true, ms: performance.now() - t0 };
    }
  }

  const lap = (() => {
    let t = performance.now();
    return (stage: string): void => {
      const now = performance.now();
      log(`  ${stage} (${Math.round(now - t)} ms)`);
      t = now;
    };
  })();
  log(`building basemap for ${opts.city} from ${relative(ROOT, join(packDir, 'source')) || packDir}`);
  const osm = parseOsm(readFileSync(files.osm, 'utf8'));
  lap(
    `parsed OSM: ${osm.nodeCount} nodes, ${osm.wayCount} ways → ${osm.roads.length} roads, ${osm.signals.length} signals`,
  );

  const codeNames = new Map<string, string>();
  readCodeCsv(files.districtCodes, codeNames);
  readCodeCsv(files.streetCodes, codeNames);
  const [w, s, e, n] = manifest.bounds;
  const m = BASEMAP_MARGIN_DEG;
  const tileBounds: BBox = [round6(w - m), round6(s - m), round6(e + m), round6(n + m)];
  const inputs = layerInputs({
    osm,
    water: readJson<FeatureCollection>(files.water),
    waterways: readJson<FeatureCollection>(files.waterways),
    green: readJson<FeatureCollection>(files.green),
    districts: readJson<FeatureCollection>(files.districts),
    streets: readJson<FeatureCollection>(files.streets),
    codeNames,
    labelView: manifest.bounds,
  });
  lap(
    `prepared ${inputs.length} layer inputs (${inputs.reduce((a, i) => a + i.features.length, 0)} features)`,
  );

  // Write into a sibling dir and swap, so a dev server never serves a half-written pyramid.
  const tmpDir = `${tilesDir}.tmp`;
  rmSync(tmpDir, { recursive: true, force: true });
  const perZoom = new Map<number, { tiles: number; bytes: number; expected: number }>();
  for (let z = BASEMAP_MINZOOM; z <= BASEMAP_MAXZOOM; z++) {
    const r = tileRange(tileBounds, z);
    perZoom.set(z, { tiles: 0, bytes: 0, expected: (r.x1 - r.x0 + 1) * (r.y1 - r.y0 + 1) });
  }
  let tiles = 0;
  let bytes = 0;
  for (const t of buildTiles(inputs, tileBounds, BASEMAP_MINZOOM, BASEMAP_MAXZOOM)) {
    const dir = join(tmpDir, String(t.z), String(t.x));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${t.y}.pbf`), t.data);
    const zs = perZoom.get(t.z)!;
    zs.tiles++;
    zs.bytes += t.data.byteLength;
    tiles++;
    bytes += t.data.byteLength;
  }
  rmSync(tilesDir, { recursive: true, force: true });
  renameSync(tmpDir, tilesDir);
  for (const [z, zs] of perZoom) {
    const gap = zs.tiles < zs.expected ? `, ${zs.expected - zs.tiles} empty (not written)` : '';
    log(`    z${z}: ${zs.tiles} tiles, ${kb(zs.bytes)}${gap}`);
  }
  lap(`wrote ${tiles} tiles, ${kb(bytes)} → ${relative(ROOT, tilesDir)}`);

  writeFileSync(
    tileJsonPath,
    `${JSON.stringify(
      tileJson({
        name: manifest.name,
        center: manifest.center,
        zoom: manifest.zoom,
        bounds: tileBounds,
        inputs,
        template: BASEMAP_TILE_TEMPLATE,
        attribution: BASEMAP_ATTRIBUTION,
        minzoom: BASEMAP_MINZOOM,
        maxzoom: BASEMAP_MAXZOOM,
      }),
      null,
      2,
    )}\n`,
  );
  mkdirSync(genDir, { recursive: true });
  const roads = roadNetwork(osm);
  writeFileSync(roadsPath, JSON.stringify(roads));
  const signals = osm.signals.map(([lon, lat]) => [round6(lon), round6(lat)]);
  writeFileSync(signalsPath, JSON.stringify(signals));
  lap(`wrote tiles.json, ${roads.length} roads → ${relative(ROOT, roadsPath)}, ${signals.length} signals`);

  const result: BuildResult = {
    skipped: false,
    tiles,
    bytes,
    roads: roads.length,
    signals: signals.length,
    ms: 0,
  };
  result.ms = Math.round(performance.now() - t0);
  writeFileSync(
    stampPath,
    `${JSON.stringify({ hash, ...result, builtAt: new Date().toISOString() }, null, 2)}\n`,
  );
  log(`basemap built in ${(result.ms / 1000).toFixed(1)} s`);
  return result;
}

function main(argv: string[]): void {
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  try {
    buildBasemap({
      city: arg('--city') ?? 'shanghai',
      force: argv.includes('--force'),
      publicDir: join(ROOT, 'public'),
      packsDir: join(ROOT, 'mock-server', 'city-packs'),
      log: (msg) => console.log(msg),
    });
    // The unit grid is cut from the same pack's 街道 polygons; it has its own stamp and is skipped when current.
    buildGridCells({
      city: arg('--city') ?? 'shanghai',
      force: argv.includes('--force'),
      packsDir: join(ROOT, 'mock-server', 'city-packs'),
      log: (msg) => console.log(msg),
    });
  } catch (err) {
    console.error(`build-basemap failed: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) main(process.argv.slice(2));
