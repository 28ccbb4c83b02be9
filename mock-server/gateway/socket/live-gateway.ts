import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { ErrorCode } from '../../../src/contract/errors';
import { toUtcInstant } from '../../../src/contract/time';
import {
  SubscribeRequest,
  Topic,
  type ClientToServerEvents,
  type Delta,
  type LiveFilter,
  type ServerToClientEvents,
  type Snapshot,
  type TopicItem,
} from '../../../src/contract/live';
import type { ChangeStream, SeqChange } from '../../pipeline/change-stream';
import type { TopicFeed, TopicFeeds } from './topic-feeds';

type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** What a socket may receive on a topic: the filter the server enforces and a per-item view (masking). */
export interface SubscriptionGrant {
  filter: LiveFilter | undefined;
  view: ((item: TopicItem[Topic]) => TopicItem[Topic]) | null;
}

/**
 * Decides each `subscribe` for the socket's principal (set by the handshake): refuse with a catalogue code,
 * or grant with the filter forced from the session (never wider than the caller's scope).
 */
export type LiveAuthorizer = (
  socket: LiveSocket,
  req: SubscribeRequest,
) => { ok: true; grant: SubscriptionGrant } | { ok: false; error: { code: ErrorCode; message: string } };

interface Subscription {
  topic: Topic;
  filter: LiveFilter | undefined;
  view: SubscriptionGrant['view'];
  /** Last sequence number sent to the client; -1 until its snapshot or resume is sent. */
  sentSeq: number;
  /** Where the topic's change stream stands (the last `toSeq` seen since subscribing). */
  headSeq: number;
  /** Changes not yet sent, coalesced by key: a slow client costs at most one entry per live item. */
  pending: Map<string, { seq: number; item: TopicItem[Topic] }>;
  resync: boolean;
}

/** How many changes a reconnecting client may have missed before it gets a fresh snapshot instead. */
const RESUME_LIMIT = 20_000;
/** Engine.IO packets queued for a socket beyond which we stop emitting and keep coalescing. */
const MAX_BUFFERED_PACKETS = 32;
/** Coalesced changes beyond which a lagging client is dropped to a fresh snapshot when it catches up. */
const MAX_PENDING = 100_000;

/**
 * The live protocol: snapshot + sequenced, batched deltas per topic; resume from `sinceSeq` after a
 * reconnect. Deltas are flushed every `flushMs` (never one emit per record). Changes come from the change
 * stream — every stored change in sequence order, whichever node committed it — so consecutive deltas chain
 * (`fromSeq` = the previous `toSeq`) and every change is sent once, on every node alike.
 */
export class LiveGateway {
  private readonly subs = new Map<LiveSocket, Map<Topic, Subscription>>();
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribeChanges: () => void;

  constructor(
    private readonly io: Server<ClientToServerEvents, ServerToClientEvents>,
    private readonly feeds: TopicFeeds,
    changes: Pick<ChangeStream, 'subscribe'>,
    private readonly opts: { flushMs: number; buildId: string; log: Logger; authorize: LiveAuthorizer },
  ) {
    this.unsubscribeChanges = changes.subscribe((change) => this.onChange(change));
    this.timer = setInterval(() => this.flush(), opts.flushMs);
    io.on('connection', (socket) => this.onConnection(socket));
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribeChanges();
    this.flush();
  }

  private onConnection(socket: LiveSocket): void {
    const subs = new Map<Topic, Subscription>();
    this.subs.set(socket, subs);
    socket.emit('hello', { buildId: this.opts.buildId, serverTime: toUtcInstant(Date.now()) });
    socket.on('subscribe', (req, ack) => {
      const reply = typeof ack === 'function' ? ack : () => undefined;
      const parsed = SubscribeRequest.safeParse(req);
      if (!parsed.success) {
        // UNKNOWN_TOPIC only for a well-formed name we do not serve; a missing topic or a non-object is malformed.
        const topic = (req as { topic?: unknown } | null)?.topic;
        const unknownTopic = typeof topic === 'string' && !Topic.safeParse(topic).success;
        reply({
          ok: false,
          error: {
            code: unknownTopic ? 'UNKNOWN_TOPIC' : 'BAD_REQUEST',
            message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          },
        });
        return;
      }
      const decision = this.opts.authorize(socket, parsed.data);
      if (!decision.ok) {
        reply({ ok: false, error: decision.error });
        return;
      }
      this.subscribe(socket, subs, parsed.data, decision.grant).then(
        (mode) => reply({ ok: true, topic: parsed.data.topic, mode }),
        (err: unknown) => {
          this.opts.log.error({ err }, 'subscribe failed');
          subs.delete(parsed.data.topic);
          reply({ ok: false, error: { code: 'INTERNAL', message: 'subscribe failed' } });
        },
      );
    });
    socket.on('unsubscribe', (req) => {
      const topic = Topic.safeParse(req?.topic);
      if (topic.success) subs.delete(topic.data);
    });
    socket.on('disconnect', () => this.subs.delete(socket));
  }

  private async subscribe(
    socket: LiveSocket,
    subs: Map<Topic, Subscription>,
    req: SubscribeRequest,
    grant: SubscriptionGrant,
  ) {
    const sub: Subscription = {
      topic: req.topic,
      filter: grant.filter,
      view: grant.view,
      sentSeq: -1,
      headSeq: 0,
      pending: new Map(),
      resync: false,
    };
    // Registered before reading the store, so changes committed meanwhile are buffered, not lost.
    subs.set(req.topic, sub);
    const feed = this.feeds[req.topic] as TopicFeed<Topic>;
    let mode: 'snapshot' | 'resume' = 'snapshot';
    if (req.sinceSeq !== undefined && req.epoch === feed.epoch) {
      const missed = await feed.since(req.sinceSeq, RESUME_LIMIT);
      if (missed) {
        mode = 'resume';
        socket.emit(
          'delta',
          this.delta(
            req.topic,
            req.sinceSeq,
            missed.toSeq,
            viewed(
              sub,
              missed.items.filter((i) => feed.matches(i, sub.filter)),
            ),
          ),
        );
        sub.sentSeq = missed.toSeq;
      }
    }
    if (mode === 'snapshot') await this.sendSnapshot(socket, sub);
    sub.headSeq = Math.max(sub.headSeq, sub.sentSeq);
    for (const [k, v] of sub.pending) if (v.seq <= sub.sentSeq) sub.pending.delete(k);
    return mode;
  }

  private async sendSnapshot(socket: LiveSocket, sub: Subscription): Promise<void> {
    const feed = this.feeds[sub.topic] as TopicFeed<Topic>;
    const snap = await feed.snapshot();
    const msg = {
      topic: sub.topic,
      seq: snap.seq,
      epoch: feed.epoch,
      items: viewed(
        sub,
        snap.items.filter((i) => feed.matches(i, sub.filter)),
      ),
      serverTime: toUtcInstant(Date.now()),
    } as Snapshot;
    socket.emit('snapshot', msg);
    sub.sentSeq = snap.seq;
    // Changes buffered while the snapshot was read that it already holds are not sent again.
    for (const [k, v] of sub.pending) if (v.seq <= snap.seq) sub.pending.delete(k);
  }

  private onChange(change: SeqChange): void {
    const feed = this.feeds[change.topic] as TopicFeed<Topic>;
    for (const subs of this.subs.values()) {
      const sub = subs.get(change.topic);
      if (!sub) continue;
      sub.headSeq = Math.max(sub.headSeq, change.toSeq);
      if (sub.resync) continue;
      for (const c of change.items) {
        // A change the client's snapshot or resume already holds is not sent again. (While that read is in
        // flight, sentSeq is -1: everything is kept and pruned once it lands.)
        if (c.seq > sub.sentSeq && feed.matches(c.item, sub.filter)) sub.pending.set(feed.key(c.item), c);
      }
      if (sub.pending.size > MAX_PENDING) {
        sub.pending.clear();
        sub.resync = true;
      }
    }
  }

  private flush(): void {
    for (const [socket, subs] of this.subs) {
      const buffered = bufferedPackets(socket);
      if (buffered > MAX_BUFFERED_PACKETS) continue;
      for (const sub of subs.values()) {
        if (sub.sentSeq < 0) continue; // its snapshot or resume is still being read
        if (sub.resync) {
          sub.resync = false;
          sub.sentSeq = -1;
          this.sendSnapshot(socket, sub).catch((err: unknown) =>
            this.opts.log.error({ err }, 'resync snapshot failed'),
          );
          continue;
        }
        if (sub.headSeq <= sub.sentSeq && sub.pending.size === 0) continue;
        const items = [...sub.pending.values()].sort((a, b) => a.seq - b.seq);
        socket.emit(
          'delta',
          this.delta(
            sub.topic,
            sub.sentSeq,
            Math.max(sub.headSeq, sub.sentSeq),
            viewed(
              sub,
              items.map((c) => c.item),
            ),
          ),
        );
        sub.sentSeq = Math.max(sub.headSeq, sub.sentSeq);
        sub.pending.clear();
      }
    }
  }

  private delta(topic: Topic, fromSeq: number, toSeq: number, upserts: TopicItem[Topic][]): Delta {
    return { topic, fromSeq, toSeq, upserts, removes: [], serverTime: toUtcInstant(Date.now()) } as Delta;
  }

  /** Connected sockets (for the start-up banner and tests). */
  get connections(): number {
    return this.subs.size;
  }
}

function viewed(sub: Subscription, items: TopicItem[Topic][]): TopicItem[Topic][] {
  return sub.view ? items.map(sub.view) : items;
}

/**
 * Packets Engine.IO has queued for the socket but not yet written. The field is private in the typings
 * but is the documented way (socket.io FAQ on backpressure) to see a slow consumer.
 */
function bufferedPackets(socket: LiveSocket): number {
  return (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;
}
