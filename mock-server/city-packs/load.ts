import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import {
  CityManagementCodeTable,
  CityPackManifest,
  CorrelationTable,
  GridCodeTable,
  HotlineCodeTable,
  TrafficCodeTable,
  IotThresholdTable,
  Open311CodeTable,
  VideoAlarmCodeTable,
} from '../../src/contract/city-pack';
import { GridCellFeature, type GridCellCollection } from '../../src/contract/map-data';
import { SafeModeConfig } from '../../src/contract/safe-mode';
import type { CityInfo } from '../../src/contract/rest';
import { bboxOf, DivisionIndex, type Division } from '../geo/division-index';

export const CITY_PACKS_DIR = join(import.meta.dirname, '.');

const RoadFile = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    nameEn: z.string().optional().nullable(),
    class: z.string(),
    coords: z.array(z.tuple([z.number(), z.number()])).min(2),
    lengthM: z.number().nonnegative(),
  }),
);
export type Road = z.infer<typeof RoadFile>[number];

/**
 * The generated unit grid: properties checked in full, geometry by type only (like the boundary files).
 * Checking each of ~150k coordinate pairs with zod cost more than the rest of loading the pack.
 */
const GridCellFile = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: GridCellFeature.shape.id,
      properties: GridCellFeature.shape.properties,
      geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
    }),
  ),
});

const BoundaryFile = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      properties: z.record(z.string(), z.unknown()),
      geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.unknown()) }),
    }),
  ),
});

export interface CityPack {
  dir: string;
  manifest: CityPackManifest;
  districts: DivisionIndex;
  streets: DivisionIndex;
  /** GB/T 2260 names of every known district and 街道 code, including those without polygons. */
  codeNames: Map<string, string>;
  roads: Road[];
  /** Roads by id (the traffic police's segment ids are our road ids). */
  roadById: ReadonlyMap<string, Road>;
  codeTables: {
    hotline: HotlineCodeTable;
    iot: IotThresholdTable;
    videoAlarms: VideoAlarmCodeTable;
    cityManagement: CityManagementCodeTable;
    grid: GridCodeTable;
    traffic: TrafficCodeTable;
    /** Open311 GeoReport v2 services (the duty console's standard API). */
    open311: Open311CodeTable;
    /** Which reports may be one incident (pipeline/correlate.ts); empty rules when the pack has no table. */
    correlation: CorrelationTable;
  };
  /** Unit-grid cells generated from the 街道 polygons (`npm run build:basemap`), served to the wall as is. */
  gridCells: GridCellCollection;
  /** Cell codes, for checking a source's grid code without a geometry lookup. */
  gridCodes: ReadonlySet<string>;
  info: CityInfo;
  /** The 街道 and district containing a WGS-84 point (街道 polygons first: they are the newer, finer source). */
  locate(lon: number, lat: number): { district: string | null; street: string | null };
  /** The unit-grid cell containing a WGS-84 point, or null outside every cell. */
  locateGrid(lon: number, lat: number): string | null;
}

export class CityPackError extends Error {
  override name = 'CityPackError';
}

/** Loads and validates a city pack; every problem names the file and field. */
export function loadCityPack(id: string, root = CITY_PACKS_DIR): CityPack {
  const dir = join(root, id);
  const manifest = parseFile(join(dir, 'pack.json'), CityPackManifest);
  const codeNames = new Map<string, string>();
  for (const file of [manifest.files.districtCodes, manifest.files.streetCodes]) {
    for (const row of readCsv(join(dir, file))) {
      const code = row['code'];
      const name = row['name'];
      if (code && name) codeNames.set(code, name);
    }
  }
  const districtFeatures = parseFile(join(dir, manifest.files.districts), BoundaryFile).features;
  const districts = new DivisionIndex(
    districtFeatures.map((f) => toDivision(f, String(f.properties['gb_code']), null, codeNames)),
  );
  const streetFeatures = parseFile(join(dir, manifest.files.streets), BoundaryFile).features;
  const streets = new DivisionIndex(
    streetFeatures.map((f) =>
      toDivision(f, String(f.properties['code9']), String(f.properties['district_code']), codeNames),
    ),
  );
  const roadsPath = join(dir, manifest.files.roads);
  let roads: Road[];
  try {
    roads = parseFile(roadsPath, RoadFile);
  } catch (err) {
    throw new CityPackError(
      `${roadsPath}: ${(err as Error).message} (run "npm run build:basemap" to generate it)`,
    );
  }
  const hotline = parseFile(join(dir, 'code-tables', 'hotline.json'), HotlineCodeTable);
  const iot = parseFile(join(dir, 'code-tables', 'iot-thresholds.json'), IotThresholdTable);
  const videoAlarms = parseFile(join(dir, 'code-tables', 'video-alarms.json'), VideoAlarmCodeTable);
  const cityManagement = parseFile(join(dir, 'code-tables', 'city-management.json'), CityManagementCodeTable);
  const gridTable = parseFile(join(dir, 'code-tables', 'grid.json'), GridCodeTable);
  const traffic = parseFile(join(dir, 'code-tables', 'traffic.json'), TrafficCodeTable);
  const open311 = parseFile(join(dir, 'code-tables', 'open311.json'), Open311CodeTable);
  const correlationPath = join(dir, 'code-tables', 'correlation.json');
  // Optional: a city without the table correlates nothing (every report stays its own incident).
  const correlation = existsSync(correlationPath)
    ? parseFile(correlationPath, CorrelationTable)
    : { rules: {}, dedupedSources: [], sources: {}, extentM: 0, otherStreetFactor: 1, maxScore: 2 };
  const gridCellsPath = join(dir, manifest.files.gridCells);
  let gridCells: GridCellCollection;
  try {
    gridCells = parseFile(gridCellsPath, GridCellFile) as GridCellCollection;
  } catch (err) {
    throw new CityPackError(`${(err as Error).message} (run "npm run build:basemap" to generate it)`);
  }
  const grid = new DivisionIndex(
    gridCells.features.map((f) => ({
      code: f.properties.code,
      name: f.properties.code,
      nameEn: f.properties.code,
      parent: f.properties.street,
      feature: f as unknown as Division['feature'],
    })),
  );
  const safeModePath = join(dir, 'safe-mode.json');
  // Optional: a city without the file hides no layers in safe mode (personal data is still removed).
  const safeMode = existsSync(safeModePath) ? parseFile(safeModePath, SafeModeConfig) : { hide: [] };
  const focus = new Set(manifest.focusDistricts);
  const info: CityInfo = {
    id: manifest.id,
    name: manifest.name,
    timezone: manifest.timezone,
    center: manifest.center,
    zoom: manifest.zoom,
    bounds: manifest.bounds,
    districts: districts.all
      .filter((d) => focus.has(d.code))
      .map((d) => ({ code: d.code, name: d.name, nameEn: d.nameEn, bbox: bboxOf(d.feature.geometry) })),
    streets: streets.all
      .filter((s) => s.parent !== null && focus.has(s.parent))
      .map((s) => ({ code: s.code, name: s.name, district: s.parent ?? '' })),
    safeMode,
  };
  const locate = (lon: number, lat: number) => {
    const street = streets.locate(lon, lat);
    return {
      district: street?.parent ?? districts.locate(lon, lat)?.code ?? null,
      street: street?.code ?? null,
    };
  };
  return {
    dir,
    manifest,
    districts,
    streets,
    codeNames,
    roads,
    roadById: new Map(roads.map((r) => [r.id, r])),
    codeTables: { hotline, iot, videoAlarms, cityManagement, grid: gridTable, traffic, open311, correlation },
    gridCells,
    gridCodes: new Set(gridCells.features.map((f) => f.properties.code)),
    info,
    locate,
    locateGrid: (lon, lat) => grid.locate(lon, lat)?.code ?? null,
  };
}

function toDivision(
  f: z.infer<typeof BoundaryFile>['features'][number],
  code: string,
  parent: string | null,
  codeNames: Map<string, string>,
): Division {
  const name = codeNames.get(code) ?? String(f.properties['name'] ?? code);
  const nameEn = String(f.properties['name_en'] ?? name).replace(/ District$/, '');
  return { code, name, nameEn, parent, feature: f as unknown as Division['feature'] };
}

function parseFile<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CityPackError(`${path}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CityPackError(`${path}: ${issues}`);
  }
  return parsed.data;
}

function readCsv(path: string): Record<string, string>[] {
  try {
    return parseCsv(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<
      string,
      string
    >[];
  } catch (err) {
    throw new CityPackError(`${path}: ${(err as Error).message}`);
  }
}
