/**
 * Canvas text (ECharts, deck.gl) does not make the browser fetch the unicode-range subsets of a web font
 * the way DOM text does: a Chinese label drawn before its subset is loaded comes out as boxes. This loads
 * the subsets for the characters a canvas is about to draw, and says whether anything new was loaded
 * (so the caller redraws once).
 */
const loaded = new Set<string>();

export const CANVAS_FONT_FAMILY = 'Noto Sans SC';

export async function ensureCanvasFont(text: string, weights: readonly number[] = [400]): Promise<boolean> {
  const missing = [...new Set(text)].filter((ch) => ch.charCodeAt(0) > 0x7f && !loaded.has(ch)).join('');
  if (missing === '' || typeof document === 'undefined' || !document.fonts) return false;
  try {
    await Promise.all(weights.map((w) => document.fonts.load(`${w} 16px "${CANVAS_FONT_FAMILY}"`, missing)));
  } catch (err) {
    console.warn('canvas fonts: some subsets failed to load', err);
    return false;
  }
  for (const ch of missing) loaded.add(ch);
  return true;
}
