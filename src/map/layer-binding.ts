import type { Layer } from '@deck.gl/core';

/** The wall's map layers, in drawing order (first is lowest). */
// Warnings last: their fill is faint, and their headlines must stay readable over the event clusters.
export const LAYER_IDS = ['grid', 'traffic', 'cameras', 'sensors', 'events', 'warnings'] as const;
export type LayerId = (typeof LAYER_IDS)[number];

export interface BuildContext {
  /** The map's current zoom. */
  zoom: number;
  /** Pulse phase in [0, 1) for animated layers. */
  phase: number;
  /** Root font size / 16: marker sizes follow the wall's type scale. */
  scale: number;
  visible: boolean;
}

/**
 * A map layer wired to live state without React: `subscribe` reports changes, `build` returns the
 * current layer. The map view rebuilds at most once per animation frame however many stores change.
 */
export interface LayerBinding {
  id: LayerId;
  subscribe(onChange: () => void): () => void;
  build(ctx: BuildContext): Layer | null;
  /** Whether the layer has something pulsing now (the map then keeps redrawing at a modest rate). */
  animating?(): boolean;
  /** Counts for the debug attribute the browser tests read (what is drawn, not what is stored). */
  stats?(): Record<string, number>;
}

/**
 * Runs `fn` at most once per `ms` (first call at once, then one trailing call), for work that is too heavy
 * for every frame (e.g. re-indexing 100k events). Returns whether `fn` ran now; `onLater` fires when a
 * deferred run is due, so the caller can schedule a rebuild.
 */
export function throttle(ms: () => number) {
  let last = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    tryRun(fn: () => void, onLater: () => void): boolean {
      const now = performance.now();
      if (now - last >= ms()) {
        last = now;
        fn();
        return true;
      }
      timer ??= setTimeout(
        () => {
          timer = null;
          onLater();
        },
        last + ms() - now,
      );
      return false;
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
