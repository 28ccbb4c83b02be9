import { round6 } from './osm';
import type { BBox } from './label-point';
import type { LayerInput } from './tiles';

export interface TileJson {
  tilejson: '3.0.0';
  name: string;
  description: string;
  version: string;
  attribution: string;
  scheme: 'xyz';
  /** Relative to tiles.json: the style (src/map/basemap-style.ts) supplies the absolute template. */
  tiles: string[];
  minzoom: number;
  maxzoom: number;
  bounds: BBox;
  center: [number, number, number];
  vector_layers: {
    id: string;
    description: string;
    minzoom: number;
    maxzoom: number;
    fields: Record<string, string>;
  }[];
  /**
   * Every non-ASCII character of every label, for `loadBasemapFonts()`: MapLibre draws CJK with a local
   * web font and caches the result, so the font subsets must be loaded before the first label appears.
   */
  label_chars: string;
}

const DESCRIPTIONS: Record<string, string> = {
  water: 'water polygons (OSM via Geofabrik)',
  waterway: 'rivers, canals, streams (lines)',
  green: 'parks, forest, grass',
  roads: 'OSM highways; class normalized to motorway/trunk/primary/secondary/tertiary/residential/service',
  signals: 'highway=traffic_signals nodes',
  districts: '区 polygons (GB/T 2260 code)',
  streets: '街道/镇 polygons (9-digit code, parent district)',
  district_labels: 'one label point per district, inside the city view',
  street_labels: 'one label point per 街道/镇',
};

const LABEL_KEYS = ['name', 'name_en'];

/** Sorted distinct non-ASCII characters of the label properties. */
export function labelChars(inputs: LayerInput[]): string {
  const set = new Set<string>();
  for (const input of inputs) {
    for (const f of input.features) {
      for (const k of LABEL_KEYS) {
        const v = f.properties?.[k];
        if (typeof v === 'string') for (const ch of v) if (ch.codePointAt(0)! > 0x7f) set.add(ch);
      }
    }
  }
  return [...set].sort().join('');
}

/** TileJSON 3.0 describing the generated pyramid; fields are collected from the features actually written. */
export function tileJson(p: {
  name: { 'zh-CN': string; en: string };
  center: [number, number];
  zoom: number;
  bounds: BBox;
  inputs: LayerInput[];
  template: string;
  attribution: string;
  minzoom: number;
  maxzoom: number;
}): TileJson {
  const layers = new Map<string, { minzoom: number; fields: Record<string, string> }>();
  for (const input of p.inputs) {
    const l = layers.get(input.layer) ?? { minzoom: input.minzoom, fields: {} };
    l.minzoom = Math.min(l.minzoom, input.minzoom);
    for (const f of input.features) {
      for (const [k, v] of Object.entries(f.properties ?? {})) {
        l.fields[k] = typeof v === 'number' ? 'Number' : typeof v === 'boolean' ? 'Boolean' : 'String';
      }
    }
    layers.set(input.layer, l);
  }
  return {
    tilejson: '3.0.0',
    name: `${p.name.en} basemap`,
    description: `Offline vector basemap of ${p.name['zh-CN']} (${p.name.en}), built by scripts/build-basemap.ts`,
    version: '1.0.0',
    attribution: p.attribution,
    scheme: 'xyz',
    tiles: [p.template],
    minzoom: p.minzoom,
    maxzoom: p.maxzoom,
    bounds: p.bounds,
    center: [
      round6(p.center[0]),
      round6(p.center[1]),
      Math.min(p.maxzoom, Math.max(p.minzoom, Math.round(p.zoom))),
    ],
    vector_layers: [...layers].map(([id, l]) => ({
      id,
      description: DESCRIPTIONS[id] ?? id,
      minzoom: l.minzoom,
      maxzoom: p.maxzoom,
      fields: Object.fromEntries(Object.entries(l.fields).sort(([a], [b]) => a.localeCompare(b))),
    })),
    label_chars: labelChars(p.inputs),
  };
}
