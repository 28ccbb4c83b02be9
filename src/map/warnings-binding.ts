import { ensureCanvasFont } from '../components/canvas-fonts';
import { createWarningsLayer, warningShapes, type WarningShape } from '../layers/warnings-layer';
import { LIVE } from '../live/stores';
import type { LayerBinding } from './layer-binding';
import { onRev } from './topic-array';

/**
 * Active CAP warnings; headlines are drawn once their glyphs' font subsets are loaded, in the part of each
 * warning area that lies inside `view` (the city shown).
 */
export function warningsBinding(view?: readonly [number, number, number, number]): LayerBinding {
  const store = LIVE.warnings.store;
  let shapesRev = -1;
  let shapes: WarningShape[] = [];
  let fontsFor = '';
  let fontsReady = '';
  let notify: () => void = () => undefined;
  return {
    id: 'warnings',
    subscribe(onChange) {
      notify = onChange;
      const off = onRev(store, onChange);
      return () => {
        off();
        notify = () => undefined;
      };
    },
    build(ctx) {
      const { rev, items } = store.getState();
      if (rev !== shapesRev) {
        shapes = warningShapes(items.values(), view);
        shapesRev = rev;
      }
      const text = shapes.map((s) => s.headline).join('');
      if (text !== fontsFor) {
        fontsFor = text;
        void ensureCanvasFont(text, [700]).then(() => {
          fontsReady = text;
          notify();
        });
      }
      return createWarningsLayer(shapes, {
        visible: ctx.visible,
        rev: shapesRev,
        scale: ctx.scale,
        labels: fontsReady === fontsFor,
      });
    },
    stats: () => ({ warnings: store.getState().items.size, polygons: shapes.length }),
  };
}
