import Supercluster, { type PointFeature } from 'supercluster';
import type { Event, Severity } from '../contract/event';

/** Severity rank for "worst": I is the worst. */
export const SEVERITY_RANK: Record<Severity, number> = { IV: 0, III: 1, II: 2, I: 3 };
const BY_RANK: readonly Severity[] = ['IV', 'III', 'II', 'I'];

/** Zoom from which every event is drawn on its own (as a category icon). */
export const EVENTS_SINGLE_ZOOM = 15;

interface PointProps {
  event: Event;
  worst: number;
}
interface ClusterProps {
  worst: number;
}

/** One drawn item: a cluster (count > 1) or a single event. Counts are exact (supercluster's point_count). */
export interface EventCluster {
  position: [number, number];
  count: number;
  worst: Severity;
  /** The event when `count` is 1. */
  event: Event | null;
}

export type EventIndex = Supercluster<PointProps, ClusterProps>;

/**
 * Builds the cluster index of the live events. Feature objects are cached per event object (WeakMap), so a
 * rebuild after a batch allocates only for events that changed.
 */
export function buildEventIndex(
  events: Iterable<Event>,
  cache: WeakMap<Event, PointFeature<PointProps>> = new WeakMap(),
  radiusPx = 72,
): EventIndex {
  const points: PointFeature<PointProps>[] = [];
  for (const e of events) {
    let f = cache.get(e);
    if (!f) {
      f = {
        type: 'Feature',
        properties: { event: e, worst: SEVERITY_RANK[e.severity] },
        geometry: { type: 'Point', coordinates: [e.location.lon, e.location.lat] },
      };
      cache.set(e, f);
    }
    points.push(f);
  }
  const index = new Supercluster<PointProps, ClusterProps>({
    radius: radiusPx,
    maxZoom: EVENTS_SINGLE_ZOOM - 1,
    map: (p) => ({ worst: p.worst }),
    reduce: (acc, p) => {
      if (p.worst > acc.worst) acc.worst = p.worst;
    },
  });
  return index.load(points);
}

/**
 * Clusters and single events at `zoom` for the whole world, so the drawn counts always add up to the number of
 * live events (clusters of a viewport query are picked by their centre and would miss points at the edges).
 */
export function clustersAt(index: EventIndex, zoom: number): EventCluster[] {
  const out: EventCluster[] = [];
  for (const f of index.getClusters([-180, -85, 180, 85], Math.floor(zoom))) {
    const [lon, lat] = f.geometry.coordinates as [number, number];
    const p = f.properties;
    if ('cluster' in p && p.cluster) {
      out.push({ position: [lon, lat], count: p.point_count, worst: BY_RANK[p.worst]!, event: null });
    } else {
      const e = (p as PointProps).event;
      out.push({ position: [lon, lat], count: 1, worst: e.severity, event: e });
    }
  }
  // Worst drawn last (on top): a red cluster is never hidden under blue ones.
  return out.sort((a, b) => SEVERITY_RANK[a.worst] - SEVERITY_RANK[b.worst] || a.count - b.count);
}

/** Sum of the drawn counts: equals the number of events indexed. */
export function totalCount(clusters: readonly EventCluster[]): number {
  let n = 0;
  for (const c of clusters) n += c.count;
  return n;
}
