import type { PointFeature } from 'supercluster';
import type { Event } from '../contract/event';
import { ALARM_SEVERITIES } from '../contract/alarms';
import {
  buildEventIndex,
  clustersAt,
  EVENTS_SINGLE_ZOOM,
  totalCount,
  type EventCluster,
  type EventIndex,
} from '../layers/event-clusters';
import { loadEventIconAtlas, type IconAtlas } from '../layers/event-icons';
import { createEventsLayer, type EventPulse } from '../layers/events-layer';
import { eventsStore } from '../live/stores';
import { throttle, type LayerBinding } from './layer-binding';

/** How long a new severe event pulses, and at most how many pulse at once (bounded for 7×24). */
export const PULSE_MS = 60_000;
export const MAX_PULSES = 100;
/** Clustering distance at scale 1, px: above twice the largest cluster radius, so circles never overlap. */
const CLUSTER_RADIUS_PX = 72;

/**
 * The events layer fed by the live events store. The cluster index is rebuilt when `rev` moves, at most
 * every 250 ms (2 s above 20 000 events, 5 s above 50 000: indexing 100k points costs ~0.5 s in Chromium);
 * feature objects are reused across rebuilds. Clusters per integer zoom are cached per index.
 */
export function eventsBinding(): LayerBinding {
  const features = new WeakMap<Event, PointFeature<{ event: Event; worst: number }>>();
  let indexedRev = -1;
  let indexedScale = 0;
  let index: EventIndex | null = null;
  let indexed = 0;
  let clusters: EventCluster[] = [];
  let clustersKey = '';
  let clustersVersion = 0;
  let icons: IconAtlas | null = null;
  const pulses = new Map<string, { pulse: EventPulse; until: number }>();
  let pulseList: EventPulse[] = [];
  // Clusters need not follow every batch at city scale: new severe events show at once as pulses anyway.
  const reindex = throttle(() => {
    const n = eventsStore.getState().items.size;
    return n > 50_000 ? 5000 : n > 20_000 ? 2000 : 250;
  });
  let notify: () => void = () => undefined;

  const prunePulses = (now: number) => {
    let changed = false;
    for (const [id, p] of pulses)
      if (p.until <= now || !eventsStore.getState().items.has(id)) {
        pulses.delete(id);
        changed = true;
      }
    if (changed) pulseList = [...pulses.values()].map((p) => p.pulse);
  };

  return {
    id: 'events',
    subscribe(onChange) {
      notify = onChange;
      void loadEventIconAtlas().then(
        (a) => {
          icons = a;
          onChange();
        },
        (err: unknown) => console.warn('event icons unavailable; single events are drawn as dots', err),
      );
      const unsubscribe = eventsStore.subscribe((s, prev) => {
        if (s.rev === prev.rev) return;
        // New severe events pulse; a snapshot (recent reset) is the current picture, not news.
        if (s.recent !== prev.recent && s.recent.length > 0 && prev.seq >= 0) {
          const before = new Set(prev.recent);
          const now = performance.now();
          for (const id of s.recent) {
            if (before.has(id)) continue;
            const e = s.items.get(id);
            if (!e || !ALARM_SEVERITIES.includes(e.severity)) continue;
            pulses.set(id, {
              pulse: { id, position: [e.location.lon, e.location.lat], severity: e.severity },
              until: now + PULSE_MS,
            });
          }
          while (pulses.size > MAX_PULSES) pulses.delete(pulses.keys().next().value!);
          pulseList = [...pulses.values()].map((p) => p.pulse);
        }
        onChange();
      });
      return () => {
        unsubscribe();
        reindex.cancel();
        notify = () => undefined;
      };
    },
    build(ctx) {
      const { rev, items } = eventsStore.getState();
      if (rev !== indexedRev || ctx.scale !== indexedScale) {
        reindex.tryRun(
          () => {
            // The clustering distance follows the type scale, like the circles it must keep apart.
            index = buildEventIndex(items.values(), features, CLUSTER_RADIUS_PX * ctx.scale);
            indexedScale = ctx.scale;
            indexed = items.size;
            indexedRev = rev;
          },
          () => notify(),
        );
      }
      const zoomLevel = Math.min(Math.floor(ctx.zoom), EVENTS_SINGLE_ZOOM);
      const key = `${indexedRev}|${indexedScale}|${zoomLevel}`;
      if (index && key !== clustersKey) {
        clusters = clustersAt(index, zoomLevel);
        clustersKey = key;
        clustersVersion++;
      }
      prunePulses(performance.now());
      return createEventsLayer(clusters, {
        visible: ctx.visible,
        rev: clustersVersion,
        pulses: pulseList,
        phase: ctx.phase,
        icons: ctx.zoom >= EVENTS_SINGLE_ZOOM ? icons : null,
        scale: ctx.scale,
      });
    },
    animating: () => pulses.size > 0,
    stats: () => ({
      indexed,
      drawnSum: totalCount(clusters),
      clusters: clusters.filter((c) => c.count > 1).length,
      singles: clusters.filter((c) => c.count === 1).length,
      pulses: pulses.size,
    }),
  };
}
