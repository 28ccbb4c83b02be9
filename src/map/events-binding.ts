import type { Event } from '../contract/event';
import { createEventsLayer, sortForDrawing } from '../layers/events-layer';
import { eventsStore } from '../live/stores';
import type { LayerBinding } from './layer-binding';

/** The events layer fed by the live events store; the drawing array is rebuilt only when `rev` moves. */
export function eventsBinding(): LayerBinding {
  let cachedRev = -1;
  let cached: Event[] = [];
  return {
    id: 'events',
    subscribe: (onChange) =>
      eventsStore.subscribe((s, prev) => {
        if (s.rev !== prev.rev) onChange();
      }),
    build() {
      const { rev, items } = eventsStore.getState();
      if (rev !== cachedRev) {
        cached = sortForDrawing(items.values());
        cachedRev = rev;
      }
      return createEventsLayer(cached, { rev });
    },
  };
}
