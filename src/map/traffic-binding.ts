import { loadRoads } from '../api/map-data';
import { createTrafficLayer, type RoadPath } from '../layers/traffic-layer';
import { LIVE } from '../live/stores';
import type { LayerBinding } from './layer-binding';
import { onRev } from './topic-array';

/** Road lines (static, fetched once) coloured from the live traffic store by segment id. */
export function trafficBinding(): LayerBinding {
  const store = LIVE.traffic.store;
  let roads: RoadPath[] = [];
  const levelOf = (id: string) => store.getState().items.get(id)?.level;
  return {
    id: 'traffic',
    subscribe(onChange) {
      let live = true;
      loadRoads().then(
        (fc) => {
          if (!live) return;
          roads = fc.features.map((f) => ({
            id: f.properties.id,
            path: f.geometry.coordinates as [number, number][],
            class: f.properties.class,
            district: f.properties.district,
            lengthM: f.properties.lengthM,
          }));
          onChange();
        },
        (err: unknown) => console.warn('road geometry unavailable; the traffic layer stays empty', err),
      );
      const off = onRev(store, onChange);
      return () => {
        live = false;
        off();
      };
    },
    build: (ctx) =>
      createTrafficLayer(roads, {
        visible: ctx.visible,
        rev: store.getState().rev,
        levelOf,
        scale: ctx.scale,
      }),
    stats: () => ({ roads: roads.length, states: store.getState().items.size }),
  };
}
