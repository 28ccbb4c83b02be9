import { loadGridCells } from '../api/map-data';
import type { Event } from '../contract/event';
import { cellShapes, createGridLayer, gridBreaks, type GridCellShape } from '../layers/grid-layer';
import { LIVE } from '../live/stores';
import { throttle, type LayerBinding } from './layer-binding';
import { onRev, topicArray } from './topic-array';

/** Open (not closed) events per unit-grid cell code. */
export function openEventsPerCell(events: Iterable<Event>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events)
    if (e.grid !== null && e.status !== 'closed') counts.set(e.grid, (counts.get(e.grid) ?? 0) + 1);
  return counts;
}

/** Grid cells (static) shaded by open events per cell (recounted at most once a second), and workers. */
export function gridBinding(): LayerBinding {
  const events = LIVE.events.store;
  const workersStore = LIVE.workers.store;
  const workers = topicArray(workersStore);
  let cells: GridCellShape[] = [];
  let counts = new Map<string, number>();
  let breaks = gridBreaks([]);
  let countedRev = -1;
  let countsVersion = 0;
  const recount = throttle(() => 1000);
  let notify: () => void = () => undefined;
  const countOf = (code: string) => counts.get(code) ?? 0;
  return {
    id: 'grid',
    subscribe(onChange) {
      notify = onChange;
      let live = true;
      loadGridCells().then(
        (fc) => {
          if (!live) return;
          cells = cellShapes(fc.features);
          onChange();
        },
        (err: unknown) => console.warn('grid cells unavailable; the grid layer stays empty', err),
      );
      const offEvents = onRev(events, onChange);
      const offWorkers = onRev(workersStore, onChange);
      return () => {
        live = false;
        offEvents();
        offWorkers();
        recount.cancel();
        notify = () => undefined;
      };
    },
    build(ctx) {
      const { rev, items } = events.getState();
      if (rev !== countedRev)
        recount.tryRun(
          () => {
            counts = openEventsPerCell(items.values());
            breaks = gridBreaks(counts.values());
            countedRev = rev;
            countsVersion++;
          },
          () => notify(),
        );
      const w = workers.get();
      return createGridLayer(cells, {
        visible: ctx.visible,
        countOf,
        breaks,
        countsRev: countsVersion,
        workers: w.items,
        workersRev: w.rev,
        scale: ctx.scale,
      });
    },
    stats: () => ({
      cells: cells.length,
      cellsWithEvents: counts.size,
      workers: workers.get().items.filter((w) => w.status !== 'off-duty').length,
      // Every worker the page holds, on duty or not (at night all are off duty; safe mode holds none).
      workersHeld: workers.get().items.length,
    }),
  };
}
