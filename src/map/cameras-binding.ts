import { createCamerasLayer, hasAiAlarm } from '../layers/cameras-layer';
import { LIVE } from '../live/stores';
import type { LayerBinding } from './layer-binding';
import { onRev, topicArray } from './topic-array';

export function camerasBinding(): LayerBinding {
  const store = LIVE.cameras.store;
  const cameras = topicArray(store);
  return {
    id: 'cameras',
    subscribe: (onChange) => onRev(store, onChange),
    build(ctx) {
      const { items, rev } = cameras.get();
      return createCamerasLayer(items, { visible: ctx.visible, rev, phase: ctx.phase, scale: ctx.scale });
    },
    animating: () => cameras.get().items.some(hasAiAlarm),
    stats: () => {
      const { items } = cameras.get();
      return { cameras: items.length, alarms: items.filter(hasAiAlarm).length };
    },
  };
}
