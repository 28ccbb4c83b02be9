import { z } from 'zod';
import { BBox, DistrictCode } from './geo';
import { Event } from './event';
import { FeedHealth } from './feed-health';
import { ApiError } from './errors';
import { Camera, FieldWorker, RoadSegmentState, Sensor, Warning } from './entities';

/**
 * Live protocol v1 (Socket.IO). The client emits `subscribe` (with an ack); the server answers with
 * one `snapshot` carrying a sequence number, then `delta` batches. On reconnect the client subscribes
 * again with `sinceSeq` and receives exactly the changes it missed, or a fresh snapshot when too far behind.
 */
export const Topic = z.enum(['events', 'health', 'traffic', 'cameras', 'sensors', 'workers', 'warnings']);
export type Topic = z.infer<typeof Topic>;

export const LiveFilter = z.object({
  districts: z.array(DistrictCode).max(50).optional(),
  bbox: BBox.optional(),
  /**
   * Events only: leave out events closed (by `updatedAt`) longer ago than this, so a snapshot carries the
   * live set (open events plus recently closed ones), not the whole history. Any change to an event makes
   * its `updatedAt` recent, so deltas are never withheld from a client that holds the event; the client
   * drops events that age out of the window on its side with the same rule (see src/live/live-window.ts).
   */
  closedWithinHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .optional(),
});
export type LiveFilter = z.infer<typeof LiveFilter>;

export const SubscribeRequest = z.object({
  topic: Topic,
  filter: LiveFilter.optional(),
  /** The last sequence number the client applied; omitted for a fresh snapshot. */
  sinceSeq: z.number().int().nonnegative().optional(),
  /** The `epoch` of the snapshot `sinceSeq` belongs to: sequence numbers of another store are meaningless. */
  epoch: z.string().max(100).optional(),
});
export type SubscribeRequest = z.infer<typeof SubscribeRequest>;

export const SubscribeAck = z.union([
  z.object({ ok: z.literal(true), topic: Topic, mode: z.enum(['snapshot', 'resume']) }),
  z.object({ ok: z.literal(false) }).extend(ApiError.shape),
]);
export type SubscribeAck = z.infer<typeof SubscribeAck>;

export const UnsubscribeRequest = z.object({ topic: Topic });

/** Item types per topic: the one place a topic's payload shape is named. */
export const TOPIC_ITEM = {
  events: Event,
  health: FeedHealth,
  traffic: RoadSegmentState,
  cameras: Camera,
  sensors: Sensor,
  workers: FieldWorker,
  warnings: Warning,
} as const;
export type TopicItem = { [T in Topic]: z.infer<(typeof TOPIC_ITEM)[T]> };

const snapshotOf = <T extends Topic, S extends z.ZodType>(topic: T, item: S) =>
  z.object({
    topic: z.literal(topic),
    /** Every change up to and including `seq` is in `items`. */
    seq: z.number().int().nonnegative(),
    /** Identifies the sequence: a new store (or an in-memory topic after a restart) has a new epoch. */
    epoch: z.string(),
    items: z.array(item),
    serverTime: z.iso.datetime(),
  });

const deltaOf = <T extends Topic, S extends z.ZodType>(topic: T, item: S) =>
  z.object({
    topic: z.literal(topic),
    /** The client must hold `fromSeq`; after applying, it holds `toSeq`. Consecutive batches chain. */
    fromSeq: z.number().int().nonnegative(),
    toSeq: z.number().int().nonnegative(),
    /** Latest state of every item that changed in (fromSeq, toSeq], oldest change first. */
    upserts: z.array(item),
    removes: z.array(z.string()),
    serverTime: z.iso.datetime(),
  });

export const Snapshot = z.discriminatedUnion('topic', [
  snapshotOf('events', Event),
  snapshotOf('health', FeedHealth),
  snapshotOf('traffic', RoadSegmentState),
  snapshotOf('cameras', Camera),
  snapshotOf('sensors', Sensor),
  snapshotOf('workers', FieldWorker),
  snapshotOf('warnings', Warning),
]);
export type Snapshot = z.infer<typeof Snapshot>;
export type SnapshotOf<T extends Topic> = Extract<Snapshot, { topic: T }>;

export const Delta = z.discriminatedUnion('topic', [
  deltaOf('events', Event),
  deltaOf('health', FeedHealth),
  deltaOf('traffic', RoadSegmentState),
  deltaOf('cameras', Camera),
  deltaOf('sensors', Sensor),
  deltaOf('workers', FieldWorker),
  deltaOf('warnings', Warning),
]);
export type Delta = z.infer<typeof Delta>;
export type DeltaOf<T extends Topic> = Extract<Delta, { topic: T }>;

/**
 * Presence on the duty console: which event each officer has open. The console emits `viewing` whenever its
 * open event changes (null: none); the server answers every console that has said `viewing` at least once
 * with the whole `presence` picture, cut to the events it may see. Ephemeral: not stored, not sequenced.
 */
export const ViewingMessage = z.object({ eventId: z.string().min(3).max(200).nullable() });
export type ViewingMessage = z.infer<typeof ViewingMessage>;

export const Viewer = z.object({ id: z.string().max(100), name: z.string().max(100) });
export type Viewer = z.infer<typeof Viewer>;

export const PresenceMessage = z.object({
  /** Event id → who has it open (other sessions of the same user included, each user once). */
  viewers: z.record(z.string(), z.array(Viewer).max(50)),
  serverTime: z.iso.datetime(),
});
export type PresenceMessage = z.infer<typeof PresenceMessage>;

/** Socket.IO event names, typed for both ends. */
export interface ServerToClientEvents {
  snapshot: (msg: Snapshot) => void;
  delta: (msg: Delta) => void;
  /** The build the server is serving; the wall reloads itself when it changes. */
  hello: (msg: { buildId: string; serverTime: string }) => void;
  presence: (msg: PresenceMessage) => void;
}
export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (res: SubscribeAck) => void) => void;
  unsubscribe: (req: { topic: Topic }) => void;
  viewing: (msg: ViewingMessage) => void;
}
