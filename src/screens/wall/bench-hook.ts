import type { Event } from '../../contract/event';
import type { Delta } from '../../contract/live';
import { buildEventIndex, clustersAt } from '../../layers/event-clusters';
import { applyDeltas } from '../../live/apply-deltas';
import { LIVE } from '../../live/stores';
import { openEventsPerCell } from '../../map/grid-binding';
import { computeKpis } from '../../panels/event-kpis/compute-kpis';
import { countByCategory } from '../../panels/events-by-category/events-by-category-option';
import { countByPlace } from '../../panels/events-by-district/events-by-district-option';
import { newestEvents } from '../../panels/newest-events/newest-events-panel';
import { currentAlarms } from './alarms';

/**
 * The client benchmark's hook (bench/wall-apply.bench.ts), loaded only with `/wall?bench=1` (the live
 * connection is then off, so nothing but the benchmark writes the stores). It fills the events store and
 * times applying delta batches through the same path the socket client uses, next to the same updates on
 * a plain Map (the floor). Timing happens in the page, on the main thread, with the wall's real subscribers
 * (map layers, panels) attached.
 */
export interface BenchResult {
  apply: number[];
  floor: number[];
  size: number;
}

const DISTRICTS = ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310115'];
const CATEGORIES = ['sanitation', 'street-order', 'noise', 'illegal-parking', 'road-damage'] as const;
const SEVERITIES = ['I', 'II', 'III', 'IV'] as const;

function makeEvent(i: number, version: number, now: number): Event {
  const t = new Date(now - (i % 86_400) * 1000).toISOString();
  return {
    id: `bench:${i}`,
    source: 'hotline',
    nativeId: String(i),
    category: CATEGORIES[i % CATEGORIES.length]!,
    title: `事件 ${i}`,
    description: '',
    severity: SEVERITIES[i % 4]!,
    status: version % 3 === 0 ? 'accepted' : 'reported',
    location: {
      lon: 121.41 + ((i * 7919) % 14_000) / 100_000,
      lat: 31.18 + ((i * 104_729) % 10_000) / 100_000,
    },
    address: '',
    district: DISTRICTS[i % DISTRICTS.length]!,
    street: null,
    grid: null,
    reportedAt: t,
    updatedAt: t,
    sourceUpdatedAt: t,
    slaDueAt: null,
    assignee: null,
    relatedIds: [],
    cameraIds: [],
    reporter: null,
    attributes: {},
    version,
  };
}

export function installBenchHook(): void {
  const now = Date.now();
  let next = 0;
  let seq = 0;
  let floorMap = new Map<string, Event>();
  (window as unknown as { __cityBrainBench: unknown }).__cityBrainBench = {
    seed(n: number): void {
      const items = Array.from({ length: n }, (_, i) => makeEvent(i, 1, now));
      next = n;
      seq = 1;
      LIVE.events.replace(items, seq, 'bench', new Date(now).toISOString());
      floorMap = new Map(items.map((e) => [e.id, e]));
    },
    /** `batches` batches of `size` changes: 80 % updates of live events, 10 % new, 10 % removed. */
    run(batches: number, size: number): BenchResult {
      const apply: number[] = [];
      const floor: number[] = [];
      for (let b = 0; b < batches; b++) {
        const upserts: Event[] = [];
        const removes: string[] = [];
        const live = next;
        for (let k = 0; k < size * 0.8; k++) {
          const i = Math.floor(Math.random() * live);
          upserts.push(makeEvent(i, 2 + b, now));
        }
        for (let k = 0; k < size * 0.1; k++) upserts.push(makeEvent(next++, 1, now));
        for (let k = 0; k < size * 0.1; k++) removes.push(`bench:${Math.floor(Math.random() * live)}`);
        const delta = {
          topic: 'events',
          fromSeq: seq,
          toSeq: seq + size,
          upserts,
          removes,
          serverTime: new Date(now).toISOString(),
        } as Delta;
        seq += size;
        // Alternate the order, so neither side always runs on a warmer cache.
        const timeApply = () => {
          const t0 = performance.now();
          applyDeltas([delta]);
          apply.push(performance.now() - t0);
        };
        const timeFloor = () => {
          const t0 = performance.now();
          for (const e of upserts) floorMap.set(e.id, e);
          for (const id of removes) floorMap.delete(id);
          floor.push(performance.now() - t0);
        };
        if (b % 2 === 0) {
          timeApply();
          timeFloor();
        } else {
          timeFloor();
          timeApply();
        }
      }
      return { apply, floor, size: LIVE.events.store.getState().items.size };
    },
    /**
     * The work the wall defers off the delta path (at most once a second per panel, the cluster index every
     * 2 s at this size): every panel's derivation and the clustering, once, over the whole store, in ms.
     */
    deriveOnce(): { panels: number; clusters: number } {
      const items = LIVE.events.store.getState().items;
      const t0 = performance.now();
      computeKpis(items.values(), Date.now(), 'Asia/Shanghai');
      countByCategory(items.values(), (c) => c);
      countByPlace(items.values(), 'district', new Map(), '-');
      newestEvents(items.values(), 12);
      openEventsPerCell(items.values());
      currentAlarms(items.values(), []);
      const t1 = performance.now();
      clustersAt(buildEventIndex(items.values(), new WeakMap(), 72), 12);
      return { panels: t1 - t0, clusters: performance.now() - t1 };
    },
  };
}
