import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import area from '@turf/area';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GridCellCollection } from '../src/contract/map-data';
import { buildGridCells, type GridBuildResult } from './build-grid-cells';

const PACK = join(import.meta.dirname, '../mock-server/city-packs/shanghai');

// Builds into a temp copy of the pack (source/ linked) so the test never touches the repo's outputs.
describe('build-grid-cells', () => {
  let tmp: string;
  let packsDir: string;
  let first: GridBuildResult;
  let cells: GridCellCollection;
  const logs: string[] = [];
  const opts = (force = false) => ({ city: 'shanghai', force, packsDir, log: (m: string) => logs.push(m) });

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'grid-cells-'));
    packsDir = join(tmp, 'packs');
    mkdirSync(join(packsDir, 'shanghai'), { recursive: true });
    copyFileSync(join(PACK, 'pack.json'), join(packsDir, 'shanghai', 'pack.json'));
    symlinkSync(join(PACK, 'source'), join(packsDir, 'shanghai', 'source'), 'dir');
    first = buildGridCells(opts());
    cells = GridCellCollection.parse(
      JSON.parse(readFileSync(join(packsDir, 'shanghai', 'generated', 'grid-cells.geojson'), 'utf8')),
    );
  }, 60_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('cuts every 街道 in the bounds into cells coded 街道 + 社区 + sequence, unique', () => {
    expect(first.skipped).toBe(false);
    expect(cells.features).toHaveLength(first.cells);
    expect(first.cells).toBeGreaterThan(1000);
    const codes = cells.features.map((f) => f.properties.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const f of cells.features) {
      expect(f.id).toBe(f.properties.code);
      expect(f.properties.code.slice(0, 9)).toBe(f.properties.street);
      expect(f.properties.code.slice(9, 12)).toBe(f.properties.community);
      expect(f.properties.street.slice(0, 6)).toBe(f.properties.district);
    }
  });

  it('makes cells of roughly 300–500 m squares (never larger than one square), within the pack bounds', () => {
    const pack = JSON.parse(readFileSync(join(PACK, 'pack.json'), 'utf8')) as {
      bounds: [number, number, number, number];
      grid: { cellSizeM: number };
    };
    const full = pack.grid.cellSizeM ** 2;
    const areas = cells.features.map((f) => f.properties.areaM2).sort((a, b) => a - b);
    expect(areas.at(-1)!).toBeLessThan(full * 1.02);
    expect(areas[Math.floor(areas.length / 2)]!).toBeGreaterThan(300 * 300 * 0.5);
    const [w, s, e, n] = pack.bounds;
    for (const f of cells.features) {
      const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
      for (const [x, y] of rings.flat()) {
        expect(x).toBeGreaterThanOrEqual(w - 1e-6);
        expect(x).toBeLessThanOrEqual(e + 1e-6);
        expect(y).toBeGreaterThanOrEqual(s - 1e-6);
        expect(y).toBeLessThanOrEqual(n + 1e-6);
      }
    }
  });

  it('keeps each cell inside its 街道 and covers the 街道 (slivers aside)', () => {
    const streets = JSON.parse(
      readFileSync(join(PACK, 'source/boundaries/shanghai_subdistricts_8districts.geojson'), 'utf8'),
    ) as FeatureCollection<Polygon | MultiPolygon, { code9: string }>;
    const byCode = new Map(streets.features.map((f) => [f.properties.code9, f]));
    // Whole squares (4 corners, closed) lie inside their 街道: their centre is in its polygon.
    let checked = 0;
    for (const f of cells.features) {
      if (f.geometry.type !== 'Polygon' || f.geometry.coordinates[0]!.length !== 5) continue;
      const ring = f.geometry.coordinates[0]!.slice(0, 4);
      const cx = ring.reduce((a, p) => a + p[0]!, 0) / 4;
      const cy = ring.reduce((a, p) => a + p[1]!, 0) / 4;
      expect(booleanPointInPolygon([cx, cy], byCode.get(f.properties.street)!)).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
    // The cells of a 街道 wholly inside the bounds add up to its area.
    const nanjingEast = cells.features.filter((f) => f.properties.street === '310101002');
    const sum = nanjingEast.reduce((a, f) => a + f.properties.areaM2, 0);
    expect(sum / area(byCode.get('310101002')!)).toBeGreaterThan(0.98);
  });

  it('skips an up-to-date build and rebuilds when an input changes', () => {
    expect(buildGridCells(opts()).skipped).toBe(true);
    const manifest = join(packsDir, 'shanghai', 'pack.json');
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { grid: { cellSizeM: number } };
    m.grid.cellSizeM = 500;
    writeFileSync(manifest, JSON.stringify(m));
    const rebuilt = buildGridCells(opts());
    expect(rebuilt.skipped).toBe(false);
    expect(rebuilt.cells).toBeLessThan(first.cells);
  }, 60_000);
});
