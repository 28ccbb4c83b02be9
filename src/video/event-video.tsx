import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NearbyCamera } from '../contract/console';
import type { LonLat } from '../contract/geo';
import { useTopic } from '../live/use-live';
import { rankCameras } from './camera-ranking';
import { VideoPlayer } from './video-player';

/** An event detail opens this many of its best cameras by itself. */
export const AUTO_OPEN = 2;
/** A camera within this angle of the event's bearing is shown as facing it. */
const FACING_DEG = 45;

export interface EventVideoState {
  /** Cameras playing, best first. */
  openIds: readonly string[];
  /** Cameras that look at the event (catalogue direction within 45° of the event's bearing). */
  facingIds: ReadonlySet<string>;
  /** Opens a camera (first place) or closes it. */
  toggle(id: string): void;
}

/**
 * Which of an event's nearby cameras play: its best `AUTO_OPEN` online cameras by distance and view direction
 * (camera-ranking.ts) until the officer picks others; a new event starts over.
 */
export function useEventVideo(
  event: { id: string; location: LonLat },
  cameras: readonly NearbyCamera[],
): EventVideoState {
  const ranked = useMemo(() => rankCameras(event.location, cameras), [event.location, cameras]);
  const auto = useMemo(
    () =>
      ranked
        .filter((r) => r.camera.online)
        .slice(0, AUTO_OPEN)
        .map((r) => r.camera.id),
    [ranked],
  );
  const facingIds = useMemo(
    () =>
      new Set(
        ranked.filter((r) => r.offAxisDeg !== null && r.offAxisDeg <= FACING_DEG).map((r) => r.camera.id),
      ),
    [ranked],
  );
  const [manual, setManual] = useState<{ eventId: string; ids: readonly string[] } | null>(null);
  const openIds = manual?.eventId === event.id ? manual.ids : auto;
  const eventId = event.id;
  // Stable for a given event and its automatic choice, so maps and lists that take it do not redraw each second.
  const toggle = useCallback(
    (id: string) =>
      setManual((prev) => {
        const ids = prev?.eventId === eventId ? prev.ids : auto;
        return {
          eventId,
          ids: ids.includes(id) ? ids.filter((x) => x !== id) : [id, ...ids].slice(0, AUTO_OPEN),
        };
      }),
    [eventId, auto],
  );
  return { openIds, facingIds, toggle };
}

/** One playing camera of the event: the live catalogue's state when the page has it (online flips at once). */
function EventCamera({ nearby, onClose }: { nearby: NearbyCamera; onClose: () => void }) {
  const live = useTopic('cameras', (s) => s.items.get(nearby.id));
  return <VideoPlayer camera={live ?? nearby} onClose={onClose} compact />;
}

/** The event's cameras playing side by side in the detail pane. */
export function EventVideo({ video, cameras }: { video: EventVideoState; cameras: readonly NearbyCamera[] }) {
  const { t } = useTranslation();
  const shown = video.openIds.flatMap((id) => cameras.find((c) => c.id === id) ?? []);
  if (shown.length === 0) return <p className="muted">{t('video.noEventVideo')}</p>;
  return (
    <div className="event-video" data-testid="event-video">
      {shown.map((c) => (
        <div key={c.id} className="event-video__cell">
          <EventCamera nearby={c} onClose={() => video.toggle(c.id)} />
        </div>
      ))}
    </div>
  );
}
