import { createSensorsLayer } from '../layers/sensors-layer';
import { LIVE } from '../live/stores';
import type { LayerBinding } from './layer-binding';
import { onRev, topicArray } from './topic-array';

export function sensorsBinding(): LayerBinding {
  const store = LIVE.sensors.store;
  const sensors = topicArray(store);
  return {
    id: 'sensors',
    subscribe: (onChange) => onRev(store, onChange),
    build(ctx) {
      const { items, rev } = sensors.get();
      return createSensorsLayer(items, { visible: ctx.visible, rev, phase: ctx.phase, scale: ctx.scale });
    },
    // Alarms pulse until cleared.
    animating: () => sensors.get().items.some((s) => s.alarm),
    stats: () => {
      const { items } = sensors.get();
      return { sensors: items.length, alarms: items.filter((s) => s.alarm).length };
    },
  };
}
