import GeoJSONVT, { type LegacyFeature } from 'geojson-vt';
import type { Feature, FeatureCollection } from 'geojson';
import { fromGeojsonVt } from 'vt-pbf';
import type { BBox } from './label-point';

/** One input to a source layer; several inputs may feed the same layer from different zooms. */
export interface LayerInput {
  layer: string;
  /** First zoom whose tiles carry these features (lower zooms stay light, e.g. no residential roads). */
  minzoom: number;
  features: Feature[];
}

export interface TileOutput {
  z: number;
  x: number;
  y: number;
  data: Uint8Array;
}

const EXTENT = 4096;

export function lonToTileX(lon: number, z: number): number {
  return Math.floor(((lon + 180) / 360) * 2 ** z);
}

export function latToTileY(lat: number, z: number): number {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
}

/** Inclusive tile ranges intersecting the bounds at zoom z — what MapLibre requests for a source with these bounds. */
export function tileRange([w, s, e, n]: BBox, z: number): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: lonToTileX(w, z), x1: lonToTileX(e, z), y0: latToTileY(n, z), y1: latToTileY(s, z) };
}

/**
 * Cuts every layer input into z/x/y MVT tiles with geojson-vt (which simplifies per zoom and drops
 * sub-pixel polygons) and encodes them with vt-pbf. Only tiles with at least one feature are returned.
 */
export function* buildTiles(
  inputs: LayerInput[],
  bounds: BBox,
  minzoom: number,
  maxzoom: number,
): Generator<TileOutput> {
  const indexed = inputs
    .filter((i) => i.features.length > 0)
    .map((i) => ({
      ...i,
      index: new GeoJSONVT({ type: 'FeatureCollection', features: i.features } as FeatureCollection, {
        maxZoom: maxzoom,
        // Index deep enough that most tiles are cut while indexing rather than drilled down per request.
        indexMaxZoom: Math.min(maxzoom, 10),
        tolerance: 3,
        extent: EXTENT,
        buffer: 64,
      }),
    }));
  for (let z = minzoom; z <= maxzoom; z++) {
    const { x0, x1, y0, y1 } = tileRange(bounds, z);
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const layers: Record<string, { features: LegacyFeature[] }> = {};
        let count = 0;
        for (const input of indexed) {
          if (z < input.minzoom) continue;
          const tile = input.index.getTile(z, x, y);
          if (!tile || tile.features.length === 0) continue;
          const bucket = (layers[input.layer] ??= { features: [] });
          for (const f of tile.features) bucket.features.push(f);
          count += tile.features.length;
        }
        if (count === 0) continue;
        yield { z, x, y, data: fromGeojsonVt(layers, { version: 2, extent: EXTENT }) };
      }
    }
  }
}

/** Drops null/empty properties: MVT has no null, and absent keys keep tiles small and `coalesce` simple. */
export function cleanProps(props: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(props)) {
    if (v === null || v === undefined || v === '' || v === false) continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}
