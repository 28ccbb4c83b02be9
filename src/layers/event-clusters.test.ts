import { describe, expect, it } from 'vitest';
import type { Severity } from '../contract/event';
import { buildEventIndex, clustersAt, EVENTS_SINGLE_ZOOM, totalCount } from './event-clusters';
import { testEvent } from './test-events';

/** n events in a tight knot around (lon, lat), severities cycling through `severities`. */
function knot(prefix: string, n: number, lon: number, lat: number, severities: Severity[]) {
  return Array.from({ length: n }, (_, i) =>
    testEvent(`${prefix}${i}`, {
      severity: severities[i % severities.length]!,
      location: { lon: lon + (i % 10) * 0.0001, lat: lat + Math.floor(i / 10) * 0.0001 },
    }),
  );
}

describe('event clusters', () => {
  const events = [
    ...knot('a', 120, 121.45, 31.2, ['IV', 'III']),
    ...knot('b', 37, 121.5, 31.25, ['IV', 'IV', 'I']),
    ...knot('c', 5, 121.43, 31.27, ['III']),
  ];
  const index = buildEventIndex(events);

  it('counts every event exactly once at every zoom (the drawn counts add up to the live set)', () => {
    for (let z = 10; z <= 16; z++) expect(totalCount(clustersAt(index, z))).toBe(events.length);
  });

  it('colours a cluster by its worst severity', () => {
    const clusters = clustersAt(index, 12).filter((c) => c.count > 1);
    const byCount = new Map(clusters.map((c) => [c.count, c.worst]));
    expect(byCount.get(120)).toBe('III');
    expect(byCount.get(37)).toBe('I');
    expect(byCount.get(5)).toBe('III');
  });

  it('draws single events (with the event attached) from the single-event zoom on', () => {
    const drawn = clustersAt(index, EVENTS_SINGLE_ZOOM);
    expect(drawn.every((c) => c.count === 1 && c.event !== null)).toBe(true);
    expect(drawn).toHaveLength(events.length);
  });

  it('draws the worst clusters last, so they are on top', () => {
    const drawn = clustersAt(index, 12);
    expect(drawn.at(-1)!.worst).toBe('I');
  });

  it('reuses feature objects across rebuilds through the cache', () => {
    const cache = new WeakMap();
    buildEventIndex(events, cache);
    expect(cache.has(events[0]!)).toBe(true);
    const again = buildEventIndex(events, cache);
    expect(totalCount(clustersAt(again, 11))).toBe(events.length);
  });

  it('handles no events at all', () => {
    expect(clustersAt(buildEventIndex([]), 12)).toEqual([]);
  });
});
