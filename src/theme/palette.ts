import type { Severity } from '../contract/event';
import type { FeedState } from '../contract/feed-health';

type Rgb = [number, number, number];

/**
 * The one definition of semantic colours, used by deck.gl layers (RGB) and CSS (custom properties set
 * by `applyPalette`). Severity follows China's warning colours: I red, II orange, III yellow, IV blue.
 */
export const SEVERITY_RGB: Record<Severity, Rgb> = {
  I: [255, 59, 48],
  II: [255, 140, 26],
  III: [255, 214, 10],
  IV: [58, 160, 255],
};

export const FEED_STATE_RGB: Record<FeedState, Rgb> = {
  healthy: [48, 209, 88],
  waiting: [142, 160, 190],
  stale: [255, 159, 10],
  down: [255, 69, 58],
};

export const css = ([r, g, b]: Rgb, a = 1) =>
  a === 1 ? `rgb(${r} ${g} ${b})` : `rgb(${r} ${g} ${b} / ${a})`;

/** Publishes the palette as CSS custom properties (--sev-I, --feed-healthy …) on the root element. */
export function applyPalette(root: HTMLElement = document.documentElement): void {
  for (const [k, v] of Object.entries(SEVERITY_RGB)) root.style.setProperty(`--sev-${k}`, css(v));
  for (const [k, v] of Object.entries(FEED_STATE_RGB)) root.style.setProperty(`--feed-${k}`, css(v));
}
