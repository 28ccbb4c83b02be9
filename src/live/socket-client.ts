import { io, type Socket } from 'socket.io-client';
import {
  Delta,
  PresenceMessage,
  Snapshot,
  SubscribeAck,
  type ClientToServerEvents,
  type LiveFilter,
  type ServerToClientEvents,
  type Topic,
} from '../contract/live';
import type { SafeHiding } from '../contract/safe-mode';
import { applyDeltas, storeOf } from './apply-deltas';
import { replaceAudienceHiding, SCREENED_TOPICS, screenDelta, screenItem, screenItems } from './audience';
import { connectionStore, serverNow } from './connection-store';
import { recoverAuth } from './auth-recovery';
import { FrameBatcher } from './frame-batcher';
import { LIVE_WINDOW_HOURS } from './live-window';
import { presenceStore } from './presence-store';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveClientOptions {
  topics: readonly Topic[];
  filter?: LiveFilter;
  /** Called when the server reports a different build than the one this page came with. */
  onNewBuild?: (buildId: string) => void;
  /** The session is gone (signed out, revoked, expired): sign in again and resolve true, or navigate away. */
  onAuthLost?: () => Promise<boolean>;
}

/** How often items that aged out of their store's window (closed events, expired warnings) are dropped. */
const PRUNE_INTERVAL_MS = 60_000;

/** The duty console's open event (presence): said again after every reconnect. `undefined`: not a console. */
let viewing: string | null | undefined;
let current: LiveSocket | null = null;
let currentOpts: LiveClientOptions | null = null;

/** The duty console says which event it has open (null: none); other consoles see it live. */
export function setViewing(eventId: string | null): void {
  viewing = eventId;
  if (current?.connected) current.emit('viewing', { eventId });
}

/**
 * The only writer of live state. Subscribes, applies the snapshot, then deltas (coalesced to one store
 * update per animation frame); after a reconnect it resumes from the last applied sequence number.
 * Every message is parsed with the contract: a malformed one is reported, never applied.
 */
export function connectLive(opts: LiveClientOptions): () => void {
  const socket: LiveSocket = io({ transports: ['websocket'], reconnectionDelayMax: 5000 });
  current = socket;
  currentOpts = opts;
  const batcher = new FrameBatcher<Delta>((deltas) => {
    const gaps = applyDeltas(deltas);
    // A gap should not happen (the server chains batches); if it does, resume from what we hold.
    for (const topic of gaps) subscribe(socket, topic, opts.filter);
  });
  let firstBuild: string | null = null;

  const touch = (serverTime?: string) =>
    connectionStore.setState({
      lastMessageAt: Date.now(),
      ...(serverTime ? { clockSkewMs: Date.parse(serverTime) - Date.now() } : {}),
    });

  socket.on('connect', () => {
    connectionStore.setState((s) => ({ status: 'live', lastError: null, connects: s.connects + 1 }));
    for (const topic of opts.topics) subscribe(socket, topic, opts.filter);
    if (viewing !== undefined) socket.emit('viewing', { eventId: viewing });
  });
  socket.on('presence', (raw) => {
    const parsed = PresenceMessage.safeParse(raw);
    if (!parsed.success) return reportBad('presence', parsed.error.message);
    presenceStore.setState({ viewers: parsed.data.viewers });
  });
  socket.on('disconnect', () => connectionStore.setState({ status: 'reconnecting' }));
  socket.io.on('reconnect_attempt', () => connectionStore.setState({ status: 'reconnecting' }));
  socket.on('hello', (msg) => {
    touch(msg.serverTime);
    connectionStore.setState({ buildId: msg.buildId });
    if (firstBuild === null) firstBuild = msg.buildId;
    else if (msg.buildId !== firstBuild) opts.onNewBuild?.(msg.buildId);
  });
  socket.on('snapshot', (raw) => {
    const parsed = Snapshot.safeParse(raw);
    if (!parsed.success) return reportBad('snapshot', parsed.error.message);
    batcher.flushNow(); // deltas queued before a snapshot are superseded by it
    const m = parsed.data;
    touch(m.serverTime);
    storeOf(m.topic).replace(screenItems<unknown>(m.topic, m.items), m.seq, m.epoch, m.serverTime);
  });
  socket.on('delta', (raw) => {
    const parsed = Delta.safeParse(raw);
    if (!parsed.success) return reportBad('delta', parsed.error.message);
    touch(parsed.data.serverTime);
    batcher.push(screenDelta(parsed.data));
  });
  const stopAuthRecovery = recoverAuth(socket, opts.onAuthLost);
  const pruner = setInterval(() => {
    const now = serverNow();
    for (const topic of opts.topics) storeOf(topic).prune(now);
  }, PRUNE_INTERVAL_MS);

  return () => {
    if (current === socket) {
      current = null;
      currentOpts = null;
    }
    clearInterval(pruner);
    stopAuthRecovery();
    batcher.cancel();
    socket.disconnect();
  };
}

/**
 * Safe mode's screen (live/audience.ts; null: off). Switched on, it is applied at once to what the page holds, so
 * nothing hidden stays on screen while the server answers; switched off or changed, the screened topics are
 * fetched again as fresh snapshots (what was dropped or redacted exists only on the server).
 */
export function setAudienceHiding(next: SafeHiding | null): void {
  const was = replaceAudienceHiding(next);
  if (next !== null) for (const topic of SCREENED_TOPICS) screenHeld(topic);
  if (was !== null && current !== null && currentOpts !== null) {
    for (const topic of currentOpts.topics)
      if (SCREENED_TOPICS.has(topic)) subscribe(current, topic, currentOpts.filter, { fresh: true });
  }
}

function screenHeld(topic: Topic): void {
  const s = storeOf(topic).store;
  const { items, rev } = s.getState();
  if (items.size === 0) return;
  for (const [k, it] of items) {
    const kept = screenItem(topic, it);
    if (kept === null) items.delete(k);
    else items.set(k, kept);
  }
  s.setState({ rev: rev + 1 });
}

function subscribe(
  socket: LiveSocket,
  topic: Topic,
  filter: LiveFilter | undefined,
  opts: { fresh?: boolean } = {},
): void {
  const held = storeOf(topic).store.getState();
  const resume =
    !opts.fresh && held.seq >= 0 && held.epoch !== null ? { sinceSeq: held.seq, epoch: held.epoch } : {};
  // Events: the live set only (open + recently closed), so the snapshot stays bounded however long the city runs.
  const f: LiveFilter | undefined =
    topic === 'events' ? { ...filter, closedWithinHours: LIVE_WINDOW_HOURS } : filter;
  socket.emit('subscribe', { topic, ...(f ? { filter: f } : {}), ...resume }, (raw) => {
    const ack = SubscribeAck.safeParse(raw);
    if (!ack.success) return reportBad('subscribe ack', ack.error.message);
    if (!ack.data.ok)
      connectionStore.setState({ lastError: `${ack.data.error.code}: ${ack.data.error.message}` });
    else {
      const mode = ack.data.mode;
      connectionStore.setState((s) => ({ subscribeModes: { ...s.subscribeModes, [topic]: mode } }));
    }
  });
}

function reportBad(what: string, message: string): void {
  connectionStore.setState({ lastError: `malformed ${what}: ${message.slice(0, 200)}` });
}
