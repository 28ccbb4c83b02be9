import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import {
  BASEMAP_ATTRIBUTION,
  BASEMAP_MAXZOOM,
  BASEMAP_MINZOOM,
  BASEMAP_PATH,
  BASEMAP_TILE_TEMPLATE,
  BASEMAP_TILEJSON_PATH,
  SOURCE_LAYERS as L,
} from './basemap-tileset';

export { BASEMAP_ATTRIBUTION } from './basemap-tileset';

export const BASEMAP_SOURCE_ID = 'basemap';
/**
 * The first label layer: deck.gl layers interleaved with `beforeId: BASEMAP_FIRST_LABEL_LAYER` sit above
 * roads and boundaries but under the names, so traffic colours never hide where things are.
 */
export const BASEMAP_FIRST_LABEL_LAYER = 'basemap-waterway-label';

export interface BasemapStyleOptions {
  lang?: 'zh-CN' | 'en';
}

// A calm, low-contrast navy palette: the basemap is the stage, live data is the actor.
const C = {
  background: '#0b1220',
  water: '#0d2744',
  waterway: '#113054',
  green: '#0e2a2c',
  street: '#2b3c57',
  district: '#5a78a3',
  signal: '#5f7597',
  roadLabel: '#7d91b0',
  streetLabel: '#6a82a6',
  districtLabel: '#a8bbd8',
  halo: '#0b1220',
  road: {
    service: '#131d30',
    residential: '#1a263d',
    tertiary: '#213049',
    secondary: '#293b58',
    primary: '#344c72',
    trunk: '#3d5986',
    motorway: '#456499',
  },
} as const;

type RoadClass = keyof typeof C.road;

const classIs = (...classes: string[]): ExpressionSpecification => [
  'match',
  ['get', 'class'],
  classes,
  true,
  false,
];

/** Line width (px) per zoom: exponential so major roads grow faster than minor ones when zooming in. */
const widths: Record<RoadClass, [number, number][]> = {
  motorway: [[9, 1], [12, 2.2], [14, 5], [16, 12], [18, 28]],
  trunk: [[9, 0.9], [12, 2], [14, 4.5], [16, 11], [18, 26]],
  primary: [[9, 0.6], [12, 1.6], [14, 4], [16, 10], [18, 24]],
  secondary: [[10, 0.4], [12, 1.1], [14, 3], [16, 8], [18, 19]],
  tertiary: [[11, 0.4], [13, 1], [14, 2], [16, 6], [18, 14]],
  residential: [[12, 0.3], [14, 1], [16, 4], [18, 10]],
  service: [[13, 0.3], [15, 0.8], [16, 2], [18, 6]],
};

const byZoom = (stops: [number, number][], base = 1.5): ExpressionSpecification =>
  ['interpolate', ['exponential', base], ['zoom'], ...stops.flat()] as ExpressionSpecification;

/** Like byZoom with each stop multiplied by a data expression (["zoom"] must stay the top-level input). */
const byZoomTimes = (stops: [number, number][], factor: ExpressionSpecification, base = 1.5): ExpressionSpecification =>
  ['interpolate', ['exponential', base], ['zoom'], ...stops.flatMap(([z, w]) => [z, ['*', w, factor]])] as ExpressionSpecification;

const ROAD_ORDER: RoadClass[] = ['service', 'residential', 'tertiary', 'secondary', 'primary', 'trunk', 'motorway'];
const ROAD_MINZOOM: Record<RoadClass, number> = {
  service: 13,
  residential: 12,
  tertiary: 11,
  secondary: 10,
  primary: 9,
  trunk: 9,
  motorway: 9,
};

/**
 * The offline basemap style. Everything is fetched from `origin` (the app's own server): tiles,
 * glyphs and sprite — no remote URL, so the wall works on an isolated network.
 *
 * The PBF glyphs (Noto Sans) hold no CJK: create the map with
 * `localIdeographFontFamily: '"Noto Sans SC", sans-serif'` (self-hosted via @fontsource/noto-sans-sc)
 * so Chinese names render with the local font instead of boxes.
 */
export function createBasemapStyle(origin: string, opts: BasemapStyleOptions = {}): StyleSpecification {
  const base = origin.replace(/\/+$/, '');
  const lang = opts.lang ?? 'zh-CN';
  const name: DataDrivenPropertyValueSpecification<string> =
    lang === 'en' ? ['coalesce', ['get', 'name_en'], ['get', 'name']] : ['get', 'name'];
  const src = { source: BASEMAP_SOURCE_ID } as const;

  const layers: LayerSpecification[] = [
    { id: 'basemap-background', type: 'background', paint: { 'background-color': C.background } },
    {
      id: 'basemap-green',
      type: 'fill',
      ...src,
      'source-layer': L.green,
      paint: { 'fill-color': C.green, 'fill-opacity': byZoom([[10, 0.5], [14, 0.85]], 1) },
    },
    { id: 'basemap-water', type: 'fill', ...src, 'source-layer': L.water, paint: { 'fill-color': C.water } },
    {
      id: 'basemap-waterway',
      type: 'line',
      ...src,
      'source-layer': L.waterway,
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': C.waterway,
        'line-width': byZoomTimes([[11, 0.6], [14, 2], [16, 5]], ['match', ['get', 'class'], ['river', 'canal'], 1, 0.5]),
      },
    },
    {
      id: 'basemap-street-boundary',
      type: 'line',
      ...src,
      'source-layer': L.streets,
      minzoom: 12,
      paint: {
        'line-color': C.street,
        'line-width': byZoom([[12, 0.5], [16, 1.2]], 1),
        'line-opacity': byZoom([[12, 0], [13, 0.7]], 1),
        'line-dasharray': [3, 2],
      },
    },
    ...ROAD_ORDER.map(
      (cls): LayerSpecification => ({
        id: `basemap-road-${cls}`,
        type: 'line',
        ...src,
        'source-layer': L.roads,
        minzoom: ROAD_MINZOOM[cls],
        filter: classIs(cls),
        layout: { 'line-cap': 'round', 'line-join': 'round' },
        paint: {
          'line-color': C.road[cls],
          // Ramps are thinner; tunnels fade so the surface network reads first.
          'line-width': byZoomTimes(widths[cls], ['case', ['to-boolean', ['get', 'link']], 0.6, 1]),
          'line-opacity': ['case', ['to-boolean', ['get', 'tunnel']], 0.45, 1],
        },
      }),
    ),
    {
      // A soft glow under the dashes keeps district limits legible from across the room.
      id: 'basemap-district-boundary-glow',
      type: 'line',
      ...src,
      'source-layer': L.districts,
      paint: { 'line-color': C.district, 'line-width': byZoom([[9, 3], [14, 8]], 1), 'line-opacity': 0.12, 'line-blur': 2 },
    },
    {
      id: 'basemap-district-boundary',
      type: 'line',
      ...src,
      'source-layer': L.districts,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': C.district,
        'line-width': byZoom([[9, 1], [14, 2], [16, 2.5]], 1),
        'line-opacity': 0.85,
        'line-dasharray': [4, 2.5],
      },
    },
    {
      id: 'basemap-signals',
      type: 'circle',
      ...src,
      'source-layer': L.signals,
      minzoom: 15,
      paint: {
        'circle-color': C.signal,
        'circle-radius': byZoom([[15, 1.5], [18, 4]], 1),
        'circle-opacity': 0.7,
      },
    },
    {
      id: BASEMAP_FIRST_LABEL_LAYER,
      type: 'symbol',
      ...src,
      'source-layer': L.waterway,
      minzoom: 14,
      filter: ['has', 'name'],
      layout: {
        'symbol-placement': 'line',
        'text-field': name,
        'text-font': ['Noto Sans Regular'],
        'text-size': 11,
        'text-letter-spacing': 0.2,
      },
      paint: { 'text-color': '#3d6a9e', 'text-halo-color': C.halo, 'text-halo-width': 1 },
    },
    // Major road names from z13, the rest from z15, so the names never outnumber the roads.
    ...(
      [
        ['basemap-road-label-major', 13, classIs('motorway', 'trunk', 'primary', 'secondary')],
        ['basemap-road-label-minor', 15, ['!', classIs('motorway', 'trunk', 'primary', 'secondary')]],
      ] as const
    ).map(
      ([id, minzoom, cls]): LayerSpecification => ({
        id,
        type: 'symbol',
        ...src,
        'source-layer': L.roads,
        minzoom,
        filter: ['all', ['has', 'name'], ['!', ['to-boolean', ['get', 'link']]], cls],
        layout: {
          'symbol-placement': 'line',
          'symbol-spacing': 300,
          'text-field': name,
          'text-font': ['Noto Sans Regular'],
          'text-size': byZoom([[13, 10], [16, 13], [18, 15]], 1),
          'text-max-angle': 30,
          'text-padding': 4,
        },
        paint: { 'text-color': C.roadLabel, 'text-halo-color': C.halo, 'text-halo-width': 1.2 },
      }),
    ),
    {
      id: 'basemap-street-label',
      type: 'symbol',
      ...src,
      'source-layer': L.streetLabels,
      minzoom: 12.5,
      layout: {
        'text-field': name,
        'text-font': ['Noto Sans Regular'],
        'text-size': byZoom([[12.5, 11], [15, 13], [17, 15]], 1),
        'text-letter-spacing': 0.1,
        'text-max-width': 6,
        'text-padding': 6,
      },
      paint: {
        'text-color': C.streetLabel,
        'text-halo-color': C.halo,
        'text-halo-width': 1.4,
        'text-opacity': byZoom([[12.5, 0], [13, 1]], 1),
      },
    },
    {
      id: 'basemap-district-label',
      type: 'symbol',
      ...src,
      'source-layer': L.districtLabels,
      maxzoom: 15,
      layout: {
        'text-field': name,
        'text-font': ['Noto Sans Medium'],
        'text-size': byZoom([[9, 13], [11, 16], [13, 20], [15, 24]], 1),
        'text-letter-spacing': lang === 'en' ? 0.05 : 0.3,
        'text-max-width': 8,
        'text-allow-overlap': false,
      },
      paint: {
        'text-color': C.districtLabel,
        'text-halo-color': C.halo,
        'text-halo-width': 2,
        'text-opacity': byZoom([[13.5, 1], [15, 0]], 1),
      },
    },
  ];

  return {
    version: 8,
    name: 'City Brain IOC — dark basemap',
    sources: {
      [BASEMAP_SOURCE_ID]: {
        type: 'vector',
        // Bounds come from tiles.json; its tile template is relative, so the absolute one is given here
        // (inline options take precedence over TileJSON in MapLibre) and the worker needs no base URL.
        url: `${base}${BASEMAP_TILEJSON_PATH}`,
        tiles: [`${base}${BASEMAP_PATH}/${BASEMAP_TILE_TEMPLATE}`],
        minzoom: BASEMAP_MINZOOM,
        maxzoom: BASEMAP_MAXZOOM,
        attribution: BASEMAP_ATTRIBUTION,
      },
    },
    glyphs: `${base}${BASEMAP_PATH}/fonts/{fontstack}/{range}.pbf`,
    sprite: `${base}${BASEMAP_PATH}/sprites/dark`,
    layers,
  };
}
