import { lazy, Suspense } from 'react';
import { useStore } from 'zustand';
import type { MapClickAt } from '../map/map-view';
import { LIVE } from '../live/stores';
import { pickCamera } from './camera-ranking';
import { openPopup, popupStore } from './popup-store';
import { useSeverePop } from './use-severe-pop';

// The pop-up (and through it the player and its engine) loads when first needed: not in the wall's first load.
const CameraPopupView = lazy(() => import('./camera-popup').then((m) => ({ default: m.CameraPopupView })));

/** Pixels around a click within which a drawn camera counts as clicked. */
const PICK_RADIUS_PX = 12;

/** Opens the camera drawn nearest to a click on the map, if any (returns whether one was). */
export function openCameraAt(_lonLat: [number, number], at: MapClickAt): boolean {
  const camera = pickCamera(
    LIVE.cameras.store.getState().items.values(),
    at.point,
    at.project,
    PICK_RADIUS_PX,
  );
  if (camera) {
    openPopup({
      cameraId: camera.id,
      reason: 'click',
      eventId: null,
      eventTitle: null,
      openedAt: performance.now(),
      closesAt: null,
    });
  }
  return camera !== null;
}

/** Per display, by URL: `popVideo=0` turns the severe-event pop-up off, `popVideoSeconds=` sets how long it stays. */
export function popVideoParams(search: string): { enabled: boolean; closeAfterMs: number } {
  const q = new URLSearchParams(search);
  const seconds = Number(q.get('popVideoSeconds') ?? 30);
  return {
    enabled: q.get('popVideo') !== '0',
    closeAfterMs: (Number.isFinite(seconds) ? Math.min(600, Math.max(5, seconds)) : 30) * 1000,
  };
}

/** The wall's video: severe events pop their nearest camera; a clicked camera opens; one pop-up at a time. */
export function WallVideo({ enabled, closeAfterMs }: { enabled: boolean; closeAfterMs: number }) {
  useSeverePop({ enabled, closeAfterMs });
  const open = useStore(popupStore, (s) => s.popup !== null);
  return open ? (
    <Suspense fallback={null}>
      <CameraPopupView />
    </Suspense>
  ) : null;
}
