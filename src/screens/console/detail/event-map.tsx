import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NearbyCamera } from '../../../contract/console';
import type { Event } from '../../../contract/event';
import type { CityInfo } from '../../../contract/rest';
import type { Lang } from '../../../i18n';
import { createFocusCamerasLayer, createFocusEventLayer } from '../../../layers/focus-layer';
import type { LayerBinding, LayerId } from '../../../map/layer-binding';
import { MapView } from '../../../map/map-view';

const VISIBLE: ReadonlySet<LayerId> = new Set<LayerId>(['events', 'cameras']);
const HALF_SPAN_DEG = 0.004;
const noChanges = () => () => undefined;

/** The event on a small map (the same offline basemap as the wall), with the cameras listed beside it. */
export function EventMap({ event, cameras, city }: { event: Event; cameras: readonly NearbyCamera[]; city: CityInfo }) {
  const { i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { lon, lat } = event.location;
  // The map is re-created when its bindings change: only for another event or other cameras, not a refetch.
  const key = `${event.id}|${lon},${lat}|${event.severity}|${cameras.map((c) => `${c.id}${c.online}`).join(',')}`;
  const bindings = useMemo<LayerBinding[]>(
    () => [
      { id: 'cameras', subscribe: noChanges, build: (ctx) => createFocusCamerasLayer(cameras, { scale: ctx.scale }) },
      { id: 'events', subscribe: noChanges, build: (ctx) => createFocusEventLayer(event, { scale: ctx.scale }) },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for what the layers draw
    [key],
  );
  return (
    <div className="event-map">
      <MapView
        center={[lon, lat]}
        zoom={15}
        bounds={city.bounds}
        focus={[lon - HALF_SPAN_DEG, lat - HALF_SPAN_DEG * 0.8, lon + HALF_SPAN_DEG, lat + HALF_SPAN_DEG * 0.8]}
        lang={lang}
        bindings={bindings}
        visible={VISIBLE}
      />
    </div>
  );
}
