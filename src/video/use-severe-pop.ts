import { useEffect } from 'react';
import { LIVE } from '../live/stores';
import { openPopup, popupStore, type CameraPopup } from './popup-store';
import { cameraFor, popsCamera } from './severe-pop';

/** An alarm pop-up stays at least this long before a newer severe event takes its place. */
export const MIN_SHOW_MS = 10_000;

/**
 * On the wall: a severe event that arrives live (not one already there when the page loaded) pops its nearest
 * online camera in a small overlay that closes itself after `closeAfterMs`. A pop-up the operator opened by a
 * click, or pinned, is not replaced; an alarm pop-up is shown at least MIN_SHOW_MS, then the newest waiting
 * severe event takes its place (in a storm the ones in between are skipped: the banner lists them all).
 */
export function useSeverePop({ enabled, closeAfterMs }: { enabled: boolean; closeAfterMs: number }): void {
  useEffect(() => {
    if (!enabled) return undefined;
    const events = LIVE.events.store;
    const handled = new Set(events.getState().recent);
    let pending: Omit<CameraPopup, 'openedAt' | 'closesAt'> | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const show = () => {
      timer = null;
      if (!pending) return;
      const current = popupStore.getState().popup;
      if (current && current.closesAt === null) {
        pending = null; // the operator's own pop-up stays
        return;
      }
      const wait = current ? current.openedAt + MIN_SHOW_MS - performance.now() : 0;
      if (wait > 0) {
        timer = setTimeout(show, wait);
        return;
      }
      const now = performance.now();
      openPopup({ ...pending, openedAt: now, closesAt: now + closeAfterMs });
      pending = null;
    };
    const off = events.subscribe((s, prev) => {
      if (s.recent === prev.recent) return;
      for (const id of s.recent) {
        if (handled.has(id)) continue;
        handled.add(id);
        const e = s.items.get(id);
        if (!e || !popsCamera(e)) continue;
        const camera = cameraFor(e, LIVE.cameras.store.getState().items.values());
        if (camera) pending = { cameraId: camera.id, reason: 'alarm', eventId: e.id, eventTitle: e.title };
      }
      // Bounded like `recent` itself: forget what scrolled out of it.
      if (handled.size > 500) for (const id of [...handled].slice(0, handled.size - 200)) handled.delete(id);
      if (pending && timer === null) show();
    });
    return () => {
      off();
      if (timer !== null) clearTimeout(timer);
    };
  }, [enabled, closeAfterMs]);
}
