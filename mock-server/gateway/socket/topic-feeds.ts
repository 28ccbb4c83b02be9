import { randomUUID } from 'node:crypto';
import type { Event } from '../../../src/contract/event';
import type { FeedHealth } from '../../../src/contract/feed-health';
import type { LiveFilter, Topic, TopicItem } from '../../../src/contract/live';
import type { FeedHealthTracker } from '../../pipeline/feed-health';
import type { Hub } from '../../pipeline/hub';
import type { EventsRepo } from '../../store/events-repo';
import type { StateTopic, StatesRepo } from '../../store/states-repo';

/** What the gateway needs of a topic: a consistent snapshot, the changes since a sequence number, a filter. */
export interface TopicFeed<T extends Topic> {
  topic: T;
  /** Sequence numbers are comparable only within one epoch. */
  epoch: string;
  key(item: TopicItem[T]): string;
  snapshot(): Promise<{ seq: number; items: TopicItem[T][] }>;
  /** Changes after `seq`; null when the client is too far behind (or ahead) and needs a snapshot. */
  since(seq: number, limit: number): Promise<{ toSeq: number; items: TopicItem[T][] } | null>;
  matches(item: TopicItem[T], filter: LiveFilter | undefined): boolean;
}

export type TopicFeeds = { [T in Topic]: TopicFeed<T> };

export function eventsFeed(repo: EventsRepo, epoch: string): TopicFeed<'events'> {
  return {
    topic: 'events',
    epoch,
    key: (e) => e.id,
    snapshot: () => repo.snapshot(),
    async since(seq, limit) {
      const current = await repo.currentSeq();
      if (seq > current) return null;
      return repo.changesSince(seq, limit);
    },
    matches: matchesEvent,
  };
}

export function matchesEvent(e: Event, filter: LiveFilter | undefined, now = Date.now()): boolean {
  // The live window: a closed event whose last change is older than the window is history, not live state.
  const hours = filter?.closedWithinHours;
  if (hours !== undefined && e.status === 'closed' && Date.parse(e.updatedAt) < now - hours * 3_600_000)
    return false;
  return matchesPlace(e, filter);
}

/**
 * Feed health is computed, not stored: once a second the tracker is sampled and the sources whose
 * state changed are published with the next in-memory sequence number. A reconnect gets a fresh snapshot.
 */
export function healthFeed(
  tracker: Pick<FeedHealthTracker, 'all'>,
  hub: Hub,
  intervalMs = 1000,
): TopicFeed<'health'> & { stop(): void } {
  let seq = 0;
  const last = new Map<string, string>();
  const sample = () => {
    const changed: FeedHealth[] = [];
    for (const h of tracker.all()) {
      // lastMessageAt and rate move with every record; publish at most once a sample per source.
      const json = JSON.stringify(h);
      if (last.get(h.source) !== json) {
        last.set(h.source, json);
        changed.push(h);
      }
    }
    if (changed.length > 0)
      hub.publish({ topic: 'health', items: changed.map((item) => ({ seq: ++seq, item })) });
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    topic: 'health',
    epoch: randomUUID(),
    key: (h) => h.source,
    snapshot: async () => ({ seq, items: tracker.all() }),
    since: async (since) => (since === seq ? { toSeq: seq, items: [] } : null),
    matches: () => true,
    stop: () => clearInterval(timer),
  };
}

/** A stored entity-state topic (traffic, cameras, sensors, workers, warnings). */
export function stateFeed<T extends StateTopic>(topic: T, repo: StatesRepo, epoch: string): TopicFeed<T> {
  return {
    topic,
    epoch,
    key: (item) => item.id,
    snapshot: () => repo.snapshot(topic),
    since: (seq, limit) => repo.changesSince(topic, seq, limit),
    matches: (item, filter) => matchesPlace(item, filter),
  };
}

/** District and bbox filters for items that have them; items without a place (warnings) always match. */
function matchesPlace(item: object, filter: LiveFilter | undefined): boolean {
  if (!filter) return true;
  const place = item as { district?: string | null; location?: { lon: number; lat: number } };
  if (
    filter.districts &&
    'district' in place &&
    (place.district == null || !filter.districts.includes(place.district))
  ) {
    return false;
  }
  if (filter.bbox && place.location) {
    const [w, s, e, n] = filter.bbox;
    const { lon, lat } = place.location;
    if (lon < w || lon > e || lat < s || lat > n) return false;
  }
  return true;
}
