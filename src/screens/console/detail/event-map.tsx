import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NearbyCamera } from '../../../contract/console';
import type { Event } from '../../../contract/event';
import type { CityInfo } from '../../../contract/rest';
import type { Lang } from '../../../i18n';
import { createFocusCamerasLayer, createFocusEventLayer } from '../../../layers/focus-layer';
import type { LayerBinding, LayerId } from '../../../map/layer-binding';
import { MapView, type MapClickAt } from '../../../map/map-view';
import { pickCamera } from '../../../video/camera-ranking';

const VISIBLE: ReadonlySet<LayerId> = new Set<LayerId>(['events', 'cameras']);
const HALF_SPAN_DEG = 0.004;
const noChanges = () => () => undefined;
/** Pixels around a click within which a drawn camera counts as clicked. */
const CAMERA_PICK_PX = 12;

/** The event on a small map (the same offline basemap as the wall), with the cameras listed beside it. */
export function EventMap({
  event,
  cameras,
  city,
  onCameraClick,
}: {
  event: Event;
  cameras: readonly NearbyCamera[];
  city: CityInfo;
  /** A click on (or within a few pixels of) a drawn camera. */
  onCameraClick?: (cameraId: string) => void;
}) {
  const { i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { lon, lat } = event.location;
  // The map is re-created when its bindings change: only for another event or other cameras, not a refetch.
  const key = `${event.id}|${lon},${lat}|${event.severity}|${cameras.map((c) => `${c.id}${c.online}`).join(',')}`;
  const bindings = useMemo<LayerBinding[]>(
    () => [
      {
        id: 'cameras',
        subscribe: noChanges,
        build: (ctx) => createFocusCamerasLayer(cameras, { scale: ctx.scale }),
      },
      {
        id: 'events',
        subscribe: noChanges,
        build: (ctx) => createFocusEventLayer(event, { scale: ctx.scale }),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for what the layers draw
    [key],
  );
  const onMapClick = useMemo(
    () =>
      onCameraClick
        ? (_lonLat: [number, number], at: MapClickAt) => {
            const c = pickCamera(cameras, at.point, at.project, CAMERA_PICK_PX);
            if (c) onCameraClick(c.id);
          }
        : undefined,
    [cameras, onCameraClick],
  );
  const [loaded, setLoaded] = useState(false);
  const onLoad = useCallback(() => setLoaded(true), []);
  return (
    <div className="event-map" data-loaded={loaded}>
      <MapView
        onLoad={onLoad}
        center={[lon, lat]}
        zoom={15}
        bounds={city.bounds}
        focus={[
          lon - HALF_SPAN_DEG,
          lat - HALF_SPAN_DEG * 0.8,
          lon + HALF_SPAN_DEG,
          lat + HALF_SPAN_DEG * 0.8,
        ]}
        lang={lang}
        bindings={bindings}
        visible={VISIBLE}
        onMapClick={onMapClick}
      />
    </div>
  );
}
