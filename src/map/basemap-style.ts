import type {
  DataDrivenPropertyValueSpecification,
  ExpressionSpecification,
  LayerSpecification,
  StyleSpecification,
} from 'maplibre-gl';
import {
  BASEMAP_ATTRIBUTION,
  BASEMAP_FONT_MEDIUM,
  BASEMAP_FONT_REGULAR,
  BASEMAP_MAXZOOM,
  BASEMAP_MINZOOM,
  BASEMAP_PATH,
  BASEMAP_TILE_TEMPLATE,
  BASEMAP_TILEJSON_PATH,
  SOURCE_LAYERS as L,
} from './basemap-tileset';
import { BASEMAP_PALETTE as C } from './basemap-palette';

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

type RoadClass = keyof typeof C.road;

const classIs = (...classes: string[]): ExpressionSpecification => [
  'match',
  ['get', 'class'],
  classes,
  true,
  false,
];

/** Line width (px) per zoom: exponential so major roads grow faster than minor ones when zooming in. */
const widths: Record<RoadClass, number[]> = {
  motorway: [9, 1, 12, 2.2, 14, 5, 16, 12, 18, 28],
  trunk: [9, 0.9, 12, 2, 14, 4.5, 16, 11, 18, 26],
  primary: [9, 0.6, 12, 1.6, 14, 4, 16, 10, 18, 24],
  secondary: [10, 0.4, 12, 1.1, 14, 3, 16, 8, 18, 19],
  tertiary: [11, 0.4, 13, 1, 14, 2, 16, 6, 18, 14],
  residential: [12, 0.3, 14, 1, 16, 4, 18, 10],
  service: [13, 0.3, 15, 0.8, 16, 2, 18, 6],
};

/** Linear zoom ramp over flat `zoom, value, zoom, value …` stops. */
const lin = (...stops: number[]): ExpressionSpecification =>
  ['interpolate', ['linear'], ['zoom'], ...stops] as ExpressionSpecification;

/**
 * Exponential (base 1.5) zoom ramp, so widths feel constant on the ground, with every value multiplied
 * by a data expression (["zoom"] must stay the top-level input).
 */
const expTimes = (stops: number[], factor: ExpressionSpecification): ExpressionSpecification =>
  [
    'interpolate',
    ['exponential', 1.5],
    ['zoom'],
    ...stops.map((v, i): number | ExpressionSpecification => (i % 2 === 0 ? v : ['*', v, factor])),
  ] as ExpressionSpecification;

// prettier-ignore
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
 * Chinese names: the PBF glyphs (Noto Sans) hold no CJK, so MapLibre draws those locally with the
 * stack's CSS fonts — "Noto Sans SC", self-hosted via @fontsource/noto-sans-sc (see basemap-tileset.ts).
 * Glyphs are drawn once and cached: await `loadBasemapFonts()` (basemap-fonts.ts) before creating the
 * map, or early labels stay boxes. Passing `localIdeographFontFamily: '"Noto Sans SC", sans-serif'` is
 * harmless; never pass `false` (CJK would then be looked up in the PBFs and come out blank).
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
      paint: {
        'fill-color': C.green,
        'fill-opacity': lin(10, 0.5, 14, 0.85),
      },
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
        'line-width': expTimes(
          [11, 0.6, 14, 2, 16, 5],
          ['match', ['get', 'class'], ['river', 'canal'], 1, 0.5],
        ),
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
        'line-width': lin(12, 0.5, 16, 1.2),
        'line-opacity': lin(12, 0, 13, 0.7),
        'line-dasharray': [3, 2],
      },
    },
    ...ROAD_ORDER.map((cls): LayerSpecification => ({
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
        'line-width': expTimes(widths[cls], ['case', ['to-boolean', ['get', 'link']], 0.6, 1]),
        'line-opacity': ['case', ['to-boolean', ['get', 'tunnel']], 0.45, 1],
      },
    })),
    {
      // A soft glow under the dashes keeps district limits legible from across the room.
      id: 'basemap-district-boundary-glow',
      type: 'line',
      ...src,
      'source-layer': L.districts,
      paint: {
        'line-color': C.district,
        'line-width': lin(9, 3, 14, 8),
        'line-opacity': 0.12,
        'line-blur': 2,
      },
    },
    {
      id: 'basemap-district-boundary',
      type: 'line',
      ...src,
      'source-layer': L.districts,
      layout: { 'line-join': 'round' },
      paint: {
        'line-color': C.district,
        'line-width': lin(9, 1, 14, 2, 16, 2.5),
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
        'circle-radius': lin(15, 1.5, 18, 4),
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
        'text-font': BASEMAP_FONT_REGULAR,
        'text-size': 11,
        'text-letter-spacing': 0.2,
      },
      paint: { 'text-color': C.waterLabel, 'text-halo-color': C.halo, 'text-halo-width': 1 },
    },
    // Major road names from z13, the rest from z15, so the names never outnumber the roads.
    ...(
      [
        ['basemap-road-label-major', 13, classIs('motorway', 'trunk', 'primary', 'secondary')],
        ['basemap-road-label-minor', 15, ['!', classIs('motorway', 'trunk', 'primary', 'secondary')]],
      ] satisfies [string, number, ExpressionSpecification][]
    ).map(([id, minzoom, cls]): LayerSpecification => ({
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
        'text-font': BASEMAP_FONT_REGULAR,
        'text-size': lin(13, 10, 16, 13, 18, 15),
        'text-max-angle': 30,
        'text-padding': 4,
      },
      paint: { 'text-color': C.roadLabel, 'text-halo-color': C.halo, 'text-halo-width': 1.2 },
    })),
    {
      id: 'basemap-street-label',
      type: 'symbol',
      ...src,
      'source-layer': L.streetLabels,
      minzoom: 12.5,
      layout: {
        'text-field': name,
        'text-font': BASEMAP_FONT_REGULAR,
        'text-size': lin(12.5, 11, 15, 13, 17, 15),
        'text-letter-spacing': 0.1,
        'text-max-width': 6,
        'text-padding': 6,
      },
      paint: {
        'text-color': C.streetLabel,
        'text-halo-color': C.halo,
        'text-halo-width': 1.4,
        'text-opacity': lin(12.5, 0, 13, 1),
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
        'text-font': BASEMAP_FONT_MEDIUM,
        'text-size': lin(9, 13, 11, 16, 13, 20, 15, 24),
        'text-letter-spacing': lang === 'en' ? 0.05 : 0.3,
        'text-max-width': 8,
        'text-allow-overlap': false,
      },
      paint: {
        'text-color': C.districtLabel,
        'text-halo-color': C.halo,
        'text-halo-width': 2,
        'text-opacity': lin(13.5, 1, 15, 0),
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
