import type { Layer } from '@deck.gl/core';

/**
 * A map layer wired to live state without React: `subscribe` reports changes, `build` returns the
 * current layer. The map view rebuilds at most once per animation frame however many stores change.
 */
export interface LayerBinding {
  id: string;
  subscribe(onChange: () => void): () => void;
  build(): Layer | null;
}
