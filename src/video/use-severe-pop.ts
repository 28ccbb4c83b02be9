import { useEffect } from 'react';
import { LIVE } from '../live/stores';
import { openPopup, popupStore } from './popup-store';
import { cameraFor, popsCamera } from './severe-pop';

/**
 * On the wall: a severe event that arrives live (not one already there when the page loaded) pops its nearest
 * online camera in a small overlay that closes itself after `closeAfterMs`. A pop-up the operator opened by a
 * click, or pinned, is not replaced.
 */
export function useSeverePop({ enabled, closeAfterMs }: { enabled: boolean; closeAfterMs: number }): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const events = LIVE.events.store;
    const handled = new Set(events.getState().recent);
    return events.subscribe((s, prev) => {
      if (s.recent === prev.recent) return;
      for (const id of s.recent) {
        if (handled.has(id)) continue;
        handled.add(id);
        const e = s.items.get(id);
        if (!e || !popsCamera(e)) continue;
        const current = popupStore.getState().popup;
        if (current && current.closesAt === null) continue; // the operator's own pop-up stays
        const camera = cameraFor(e, LIVE.cameras.store.getState().items.values());
        if (camera) {
          openPopup({
            cameraId: camera.id,
            reason: 'alarm',
            eventTitle: e.title,
            closesAt: performance.now() + closeAfterMs,
          });
        }
      }
      // Bounded like `recent` itself: forget what scrolled out of it.
      if (handled.size > 500) for (const id of [...handled].slice(0, handled.size - 200)) handled.delete(id);
    });
  }, [enabled, closeAfterMs]);
}
