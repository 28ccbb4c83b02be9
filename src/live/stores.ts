import type { Camera, FieldWorker, RoadSegmentState, Sensor, Warning } from '../contract/entities';
import type { Event } from '../contract/event';
import type { FeedHealth } from '../contract/feed-health';
import type { Topic, TopicItem } from '../contract/live';
import { serverNow } from './connection-store';
import { inLiveWindow } from './live-window';
import { createTopicStore, type TopicStore } from './topic-store';

const byId = <T extends { id: string }>(x: T) => x.id;
const byUpdatedAt = <T extends { updatedAt: string }>(a: T, b: T) => a.updatedAt >= b.updatedAt;

/** One live store per topic; written only by the socket client. */
export const LIVE: { [T in Topic]: TopicStore<TopicItem[T]> } = {
  // Bounded: open events plus those closed within the live window (see live-window.ts).
  events: createTopicStore<Event>(byId, {
    newer: (a, b) => a.version >= b.version,
    keep: inLiveWindow,
    now: serverNow,
  }),
  health: createTopicStore<FeedHealth>((h) => h.source),
  traffic: createTopicStore<RoadSegmentState>(byId, byUpdatedAt),
  cameras: createTopicStore<Camera>(byId, byUpdatedAt),
  sensors: createTopicStore<Sensor>(byId, byUpdatedAt),
  workers: createTopicStore<FieldWorker>(byId, byUpdatedAt),
  // Withdrawn and expired warnings are history: the live map shows active ones only.
  warnings: createTopicStore<Warning>(byId, {
    newer: byUpdatedAt,
    keep: (w, now) => w.active && (w.expires === null || Date.parse(w.expires) > now),
    now: serverNow,
  }),
};

export const eventsStore = LIVE.events.store;
export const healthStore = LIVE.health.store;
