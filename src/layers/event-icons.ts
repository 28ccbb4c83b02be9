import type { Category, Severity } from '../contract/event';
import { CATEGORIES, SEVERITIES } from '../contract/event';
import { CANVAS_FONT_FAMILY, ensureCanvasFont } from '../components/canvas-fonts';
import { css, SEVERITY_RGB } from '../theme/palette';

/**
 * Category icons for single events, drawn in code (no downloaded icon set): a round badge with a ring in the
 * severity colour and the category's one-character sign, the convention of Chinese city-management maps.
 */
export const CATEGORY_GLYPH: Record<Category, string> = {
  'municipal-facility': '设',
  'road-damage': '路',
  sanitation: '洁',
  'street-order': '序',
  'illegal-construction': '违',
  'illegal-advertising': '广',
  'construction-nuisance': '工',
  noise: '噪',
  'illegal-parking': '停',
  'traffic-accident': '事',
  'vehicle-breakdown': '障',
  'road-closure': '封',
  'traffic-congestion': '堵',
  waterlogging: '涝',
  'pipe-burst': '管',
  fire: '火',
  crowd: '众',
  'air-quality': '气',
  'building-safety': '房',
  'elderly-care': '老',
  'public-service': '服',
  weather: '警',
  other: '他',
};

export const ICON_PX = 64;

export interface IconAtlas {
  /**
   * The atlas image, drawn (a deck.gl IconLayer `iconAtlas`). The canvas itself, not a data: URL: deck.gl would
   * fetch a URL, and the page's CSP (connect-src 'self') refuses fetching data: URLs.
   */
  image: HTMLCanvasElement;
  mapping: Record<string, { x: number; y: number; width: number; height: number; mask: false }>;
}

export const iconKey = (category: Category, severity: Severity) => `${category}|${severity}`;

/** Where each icon sits in the atlas: one row per category, one column per severity. */
export function iconMapping(): IconAtlas['mapping'] {
  const mapping: IconAtlas['mapping'] = {};
  CATEGORIES.forEach((c, row) =>
    SEVERITIES.forEach((s, col) => {
      mapping[iconKey(c, s)] = {
        x: col * ICON_PX,
        y: row * ICON_PX,
        width: ICON_PX,
        height: ICON_PX,
        mask: false,
      };
    }),
  );
  return mapping;
}

let atlas: Promise<IconAtlas> | null = null;

/** Draws the atlas once (after the glyphs' font subset is loaded, or they come out as boxes). */
export function loadEventIconAtlas(): Promise<IconAtlas> {
  atlas ??= ensureCanvasFont(Object.values(CATEGORY_GLYPH).join(''), [700]).then(drawAtlas);
  return atlas;
}

function drawAtlas(): IconAtlas {
  const canvas = document.createElement('canvas');
  canvas.width = ICON_PX * SEVERITIES.length;
  canvas.height = ICON_PX * CATEGORIES.length;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('2d canvas unavailable for the event icon atlas');
  const mapping = iconMapping();
  const r = ICON_PX / 2;
  for (const c of CATEGORIES) {
    for (const s of SEVERITIES) {
      const { x, y } = mapping[iconKey(c, s)]!;
      ctx.beginPath();
      ctx.arc(x + r, y + r, r - 4, 0, Math.PI * 2);
      ctx.fillStyle = '#0c1527';
      ctx.fill();
      ctx.lineWidth = 6;
      ctx.strokeStyle = css(SEVERITY_RGB[s]);
      ctx.stroke();
      ctx.fillStyle = '#ffffff';
      ctx.font = `700 ${Math.round(ICON_PX * 0.46)}px "${CANVAS_FONT_FAMILY}"`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(CATEGORY_GLYPH[c], x + r, y + r + 1);
    }
  }
  return { image: canvas, mapping };
}
