import { io, type Socket } from 'socket.io-client';
import {
  Delta,
  Snapshot,
  SubscribeAck,
  type ClientToServerEvents,
  type LiveFilter,
  type ServerToClientEvents,
  type Topic,
} from '../contract/live';
import { connectionStore } from './connection-store';
import { LIVE } from './stores';
import type { TopicStore } from './topic-store';
import { FrameBatcher } from './frame-batcher';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveClientOptions {
  topics: readonly Topic[];
  filter?: LiveFilter;
  /** Called when the server reports a different build than the one this page came with. */
  onNewBuild?: (buildId: string) => void;
}

/**
 * The only writer of live state. Subscribes, applies the snapshot, then deltas (coalesced to one store
 * update per animation frame); after a reconnect it resumes from the last applied sequence number.
 * Every message is parsed with the contract: a malformed one is reported, never applied.
 */
export function connectLive(opts: LiveClientOptions): () => void {
  const socket: LiveSocket = io({ transports: ['websocket'], reconnectionDelayMax: 5000 });
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
    connectionStore.setState({ status: 'live', lastError: null });
    for (const topic of opts.topics) subscribe(socket, topic, opts.filter);
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
    storeOf(m.topic).replace(m.items, m.seq, m.epoch, m.serverTime);
  });
  socket.on('delta', (raw) => {
    const parsed = Delta.safeParse(raw);
    if (!parsed.success) return reportBad('delta', parsed.error.message);
    touch(parsed.data.serverTime);
    batcher.push(parsed.data);
  });

  return () => {
    batcher.cancel();
    socket.disconnect();
  };
}

function subscribe(socket: LiveSocket, topic: Topic, filter: LiveFilter | undefined): void {
  const held = storeOf(topic).store.getState();
  const resume = held.seq >= 0 && held.epoch !== null ? { sinceSeq: held.seq, epoch: held.epoch } : {};
  socket.emit('subscribe', { topic, ...(filter ? { filter } : {}), ...resume }, (raw) => {
    const ack = SubscribeAck.safeParse(raw);
    if (!ack.success) return reportBad('subscribe ack', ack.error.message);
    if (!ack.data.ok)
      connectionStore.setState({ lastError: `${ack.data.error.code}: ${ack.data.error.message}` });
  });
}

/** Applies queued deltas in order; returns the topics where a delta did not chain onto the held sequence. */
function applyDeltas(deltas: Delta[]): Set<Topic> {
  const gaps = new Set<Topic>();
  for (const d of deltas) {
    if (gaps.has(d.topic)) continue;
    const held = storeOf(d.topic).store.getState().seq;
    if (d.toSeq <= held) continue; // already covered (e.g. by a snapshot that arrived meanwhile)
    if (d.fromSeq > held) {
      connectionStore.setState({ lastError: `gap in ${d.topic}: held ${held}, got ${d.fromSeq}` });
      gaps.add(d.topic);
      continue;
    }
    storeOf(d.topic).upsert(d.upserts, d.removes, d.toSeq, d.serverTime);
  }
  return gaps;
}

function reportBad(what: string, message: string): void {
  connectionStore.setState({ lastError: `malformed ${what}: ${message.slice(0, 200)}` });
}

/** The topic's store, widened: the contract's discriminated unions guarantee item and topic match. */
function storeOf(topic: Topic): TopicStore<unknown> {
  return LIVE[topic] as TopicStore<unknown>;
}
