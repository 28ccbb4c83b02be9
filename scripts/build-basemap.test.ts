import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latToTileY, lonToTileX } from './basemap/tiles';
import { buildBasemap, type BuildResult } from './build-basemap';

const PACK = join(import.meta.dirname, '../mock-server/city-packs/shanghai');

// Builds into a temp copy of the pack (source/ linked, not copied) so the test never touches the repo's outputs.
describe('build-basemap', () => {
  let tmp: string;
  let publicDir: string;
  let packsDir: string;
  let first: BuildResult;
  const logs: string[] = [];
  const opts = () => ({
    city: 'shanghai',
    force: false,
    publicDir,
    packsDir,
    log: (m: string) => logs.push(m),
  });

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'basemap-'));
    publicDir = join(tmp, 'public');
    packsDir = join(tmp, 'packs');
    mkdirSync(join(packsDir, 'shanghai'), { recursive: true });
    copyFileSync(join(PACK, 'pack.json'), join(packsDir, 'shanghai', 'pack.json'));
    symlinkSync(join(PACK, 'source'), join(packsDir, 'shanghai', 'source'), 'dir');
    first = buildBasemap(opts());
  }, 60_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes a z9..z16 pyramid, tiles.json and the road network quickly', () => {
    expect(first.skipped).toBe(false);
    expect(first.tiles).toBeGreaterThan(1000);
    expect(first.bytes).toBeLessThan(10 * 1024 * 1024);
    expect(first.ms).toBeLessThan(30_000);
    const tj = JSON.parse(readFileSync(join(publicDir, 'basemap', 'tiles.json'), 'utf8'));
    expect(tj).toMatchObject({
      tilejson: '3.0.0',
      tiles: ['tiles/{z}/{x}/{y}.pbf'],
      minzoom: 9,
      maxzoom: 16,
    });
    expect(tj.attribution).toContain('OpenStreetMap contributors');
    // Every Chinese label character is listed so the SPA can load the font subsets up front.
    for (const ch of '黄浦区延安东路南京东路街道') expect(tj.label_chars).toContain(ch);
    expect(tj.vector_layers.map((l: { id: string }) => l.id)).toEqual(
      expect.arrayContaining([
        'water',
        'waterway',
        'green',
        'roads',
        'signals',
        'districts',
        'streets',
        'district_labels',
        'street_labels',
      ]),
    );
    const roads = JSON.parse(readFileSync(join(packsDir, 'shanghai', 'generated', 'roads.json'), 'utf8'));
    expect(roads.length).toBe(first.roads);
    expect(roads[0]).toEqual({
      id: expect.stringMatching(/^osm-way-/),
      name: expect.any(String),
      nameEn: expect.anything(),
      class: expect.any(String),
      coords: expect.any(Array),
      lengthM: expect.any(Number),
    });
    const signals = JSON.parse(readFileSync(join(packsDir, 'shanghai', 'generated', 'signals.json'), 'utf8'));
    expect(signals.length).toBeGreaterThan(1000);
  });

  it('decodes a central z14 tile (People’s Square) with the expected layers', () => {
    const [lon, lat, z] = [121.4737, 31.2304, 14];
    const x = lonToTileX(lon, z);
    const y = latToTileY(lat, z);
    const file = join(publicDir, 'basemap', 'tiles', String(z), String(x), `${y}.pbf`);
    const tile = new VectorTile(new Pbf(readFileSync(file)));
    expect(Object.keys(tile.layers)).toEqual(
      expect.arrayContaining(['roads', 'green', 'districts', 'streets', 'signals', 'street_labels']),
    );
    const roads = tile.layers['roads']!;
    const names = new Set<string>();
    for (let i = 0; i < roads.length; i++) {
      const p = roads.feature(i).properties;
      expect(['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service']).toContain(
        p['class'],
      );
      if (typeof p['name'] === 'string') names.add(p['name']);
    }
    expect(names).toContain('延安东路');
    const districts = tile.layers['districts']!;
    const codes = new Set(
      Array.from({ length: districts.length }, (_, i) => districts.feature(i).properties['code']),
    );
    expect(codes).toContain('310101');
    // Geometry round-trips to WGS-84 near the requested point.
    const g = roads.feature(0).toGeoJSON(x, y, z).geometry;
    const [glon, glat] = (
      g.type === 'LineString'
        ? g.coordinates[0]
        : g.type === 'MultiLineString'
          ? g.coordinates[0]![0]
          : [0, 0]
    ) as number[];
    expect(Math.abs(glon! - lon)).toBeLessThan(0.05);
    expect(Math.abs(glat! - lat)).toBeLessThan(0.05);
  });

  it('puts the Huangpu district label inside the city view', () => {
    const dir = join(publicDir, 'basemap', 'tiles', '9');
    expect(existsSync(dir)).toBe(true);
    const [x, y] = [lonToTileX(121.48, 9), latToTileY(31.23, 9)];
    const tile = new VectorTile(new Pbf(readFileSync(join(dir, String(x), `${y}.pbf`))));
    const labels = tile.layers['district_labels']!;
    const huangpu = Array.from({ length: labels.length }, (_, i) => labels.feature(i)).find(
      (f) => f.properties['code'] === '310101',
    );
    expect(huangpu?.properties['name']).toBe('黄浦区');
    const pt = huangpu!.toGeoJSON(x, y, 9).geometry;
    expect(pt.type).toBe('Point');
    const [plon, plat] = (pt as { coordinates: number[] }).coordinates;
    expect(plon).toBeGreaterThan(121.45);
    expect(plon).toBeLessThan(121.51);
    expect(plat).toBeGreaterThan(31.19);
    expect(plat).toBeLessThan(31.25);
  });

  it('skips an unchanged build', () => {
    logs.length = 0;
    const second = buildBasemap(opts());
    expect(second.skipped).toBe(true);
    expect(second.tiles).toBe(first.tiles);
    expect(logs.join('\n')).toContain('basemap up to date');
  });
});
