import { BASEMAP_CJK_FAMILY, BASEMAP_TILEJSON_PATH } from './basemap-tileset';

/** Weights the basemap stacks use: "Noto Sans Regular" → 400, "Noto Sans Medium" → 500. */
const WEIGHTS = ['400', '500'];

/**
 * Loads the Noto Sans SC subsets that the basemap's Chinese labels need, before the map is created.
 * MapLibre draws CJK glyphs on a canvas once and caches them, so a glyph drawn before its web-font
 * subset arrives stays a box for the life of the map. The build lists every label character in
 * tiles.json (`label_chars`); only the unicode-range files covering them are fetched.
 *
 * Needs the @font-face rules in the page: `import '@fontsource/noto-sans-sc/400.css'` and `…/500.css`.
 * Never throws: without tiles.json it falls back to loading every Noto Sans SC face of those weights.
 */
export async function loadBasemapFonts(origin: string, fonts: FontFaceSet = document.fonts): Promise<void> {
  let chars = '';
  try {
    const res = await fetch(`${origin.replace(/\/+$/, '')}${BASEMAP_TILEJSON_PATH}`);
    if (res.ok) chars = String(((await res.json()) as { label_chars?: unknown }).label_chars ?? '');
  } catch (err) {
    console.warn('basemap fonts: tiles.json unavailable, loading every Noto Sans SC face', err);
  }
  try {
    if (chars) {
      await Promise.all(WEIGHTS.map((w) => fonts.load(`${w} 16px "${BASEMAP_CJK_FAMILY}"`, chars)));
    } else {
      const faces = [...fonts].filter(
        (f) => f.family.replace(/["']/g, '') === BASEMAP_CJK_FAMILY && WEIGHTS.includes(f.weight),
      );
      await Promise.all(faces.map((f) => f.load()));
    }
  } catch (err) {
    // A failed subset only costs some boxes in labels; the map must still come up.
    console.warn('basemap fonts: some Noto Sans SC subsets failed to load', err);
  }
}
