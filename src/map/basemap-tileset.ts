/**
 * The contract between `scripts/build-basemap.ts` (which writes the tiles) and `basemap-style.ts`
 * (which draws them): where the tiles live, their zoom range and source-layer names. City-agnostic —
 * the bounds come from the city pack and reach the map through `/basemap/tiles.json`.
 */

/** Served from the app's origin: `public/basemap/` in the repo, `/basemap/` over HTTP. */
export const BASEMAP_PATH = '/basemap';
export const BASEMAP_TILEJSON_PATH = `${BASEMAP_PATH}/tiles.json`;
export const BASEMAP_TILE_TEMPLATE = 'tiles/{z}/{x}/{y}.pbf';

export const BASEMAP_MINZOOM = 9;
/** MapLibre overzooms the z16 tiles beyond this; z16 already keeps every OSM vertex. */
export const BASEMAP_MAXZOOM = 16;
/** Tiles cover the city pack's bounds plus this margin (degrees), matching the basemap source clip. */
export const BASEMAP_MARGIN_DEG = 0.03;

export const BASEMAP_ATTRIBUTION = '© OpenStreetMap contributors, geoBoundaries';

/**
 * Font stacks. MapLibre 5 draws CJK glyphs locally with the *stack names* as the CSS font list (the
 * `localIdeographFontFamily` map option only replaces the default stack), so every stack ends in the
 * self-hosted "Noto Sans SC"; the first name picks the weight. The glyph PBF directories under
 * `public/basemap/fonts/` carry the full stack name, e.g. "Noto Sans Regular,Noto Sans SC".
 */
export const BASEMAP_FONT_REGULAR = ['Noto Sans Regular', 'Noto Sans SC'];
export const BASEMAP_FONT_MEDIUM = ['Noto Sans Medium', 'Noto Sans SC'];
/** The CSS family the PBF glyphs lack (CJK); the SPA self-hosts it via @fontsource/noto-sans-sc. */
export const BASEMAP_CJK_FAMILY = 'Noto Sans SC';

export const SOURCE_LAYERS = {
  water: 'water',
  waterway: 'waterway',
  green: 'green',
  roads: 'roads',
  signals: 'signals',
  districts: 'districts',
  streets: 'streets',
  districtLabels: 'district_labels',
  streetLabels: 'street_labels',
} as const;
export type SourceLayer = (typeof SOURCE_LAYERS)[keyof typeof SOURCE_LAYERS];
