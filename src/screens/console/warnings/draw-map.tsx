import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createStore } from 'zustand/vanilla';
import type { WarningLevel } from '../../../contract/entities';
import type { CityInfo } from '../../../contract/rest';
import type { Lang } from '../../../i18n';
import { createDrawAreaLayer } from '../../../layers/draw-area-layer';
import type { LayerBinding, LayerId } from '../../../map/layer-binding';
import { MapView } from '../../../map/map-view';

const VISIBLE: ReadonlySet<LayerId> = new Set<LayerId>(['warnings']);

/** The drawn area's vertices, outside React so the map layer redraws without re-creating the map. */
export const drawStore = createStore<{ points: [number, number][]; level: WarningLevel }>(() => ({
  points: [],
  level: 'red',
}));

/** Click to add vertices of the warning area on the city map (the same offline basemap as the wall). */
export function DrawMap({ city }: { city: CityInfo }) {
  const { i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const bindings = useMemo<LayerBinding[]>(
    () => [
      {
        id: 'warnings',
        subscribe: (onChange) => drawStore.subscribe(onChange),
        build: (ctx) => {
          const { points, level } = drawStore.getState();
          return createDrawAreaLayer(points, { level, scale: ctx.scale });
        },
        stats: () => ({ points: drawStore.getState().points.length }),
      },
    ],
    [],
  );
  const onMapClick = useCallback((p: [number, number]) => {
    const round = (x: number) => Math.round(x * 1e5) / 1e5;
    drawStore.setState((s) => ({ points: [...s.points, [round(p[0]), round(p[1])]] }));
  }, []);
  const [loaded, setLoaded] = useState(false);
  const onLoad = useCallback(() => setLoaded(true), []);
  return (
    <div className="draw-map" data-testid="draw-map" data-loaded={loaded}>
      <MapView
        onLoad={onLoad}
        center={city.center}
        zoom={city.zoom}
        bounds={city.bounds}
        lang={lang}
        bindings={bindings}
        visible={VISIBLE}
        onMapClick={onMapClick}
      />
    </div>
  );
}
