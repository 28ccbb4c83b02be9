import type { Camera, FieldWorker, RoadSegmentState, Sensor, Warning } from '../contract/entities';
import type { Event } from '../contract/event';
import type { FeedHealth } from '../contract/feed-health';
import type { Topic, TopicItem } from '../contract/live';
import { createTopicStore, type TopicStore } from './topic-store';

const byId = <T extends { id: string }>(x: T) => x.id;
const byUpdatedAt = <T extends { updatedAt: string }>(a: T, b: T) => a.updatedAt >= b.updatedAt;

/** One live store per topic; written only by the socket client. */
export const LIVE: { [T in Topic]: TopicStore<TopicItem[T]> } = {
  events: createTopicStore<Event>(byId, (a, b) => a.version >= b.version),
  health: createTopicStore<FeedHealth>((h) => h.source),
  traffic: createTopicStore<RoadSegmentState>(byId, byUpdatedAt),
  cameras: createTopicStore<Camera>(byId, byUpdatedAt),
  sensors: createTopicStore<Sensor>(byId, byUpdatedAt),
  workers: createTopicStore<FieldWorker>(byId, byUpdatedAt),
  warnings: createTopicStore<Warning>(byId, byUpdatedAt),
};

export const eventsStore = LIVE.events.store;
export const healthStore = LIVE.health.store;
