import { io, type Socket } from 'socket.io-client';
import {
  Delta,
  Snapshot,
  SubscribeAck,
  type ClientToServerEvents,
  type DeltaOf,
  type ServerToClientEvents,
  type SnapshotOf,
  type SubscribeRequest,
  type Topic,
} from '../../src/contract/live';

import { defaultCredentials, type Credentials } from './auth';

type Message = { kind: 'snapshot'; msg: Snapshot } | { kind: 'delta'; msg: Delta };

/**
 * A real socket.io-client that checks the live protocol as it goes: every message must parse with the
 * contract schemas, and every delta must start where the client stands (snapshot seq or previous toSeq).
 * Violations are collected, not thrown, so a test can assert on them once at the end.
 */
export class LiveClient {
  readonly messages: Message[] = [];
  readonly violations: string[] = [];
  /** The sequence number the client holds per topic, as a real client would track it. */
  readonly held = new Map<Topic, number>();
  readonly epochs = new Map<Topic, string>();
  private readonly waiters = new Set<() => void>();

  private constructor(readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>) {
    socket.on('snapshot', (raw: unknown) => {
      const parsed = Snapshot.safeParse(raw);
      if (!parsed.success) return this.violate(`snapshot does not parse: ${parsed.error.message}`);
      this.held.set(parsed.data.topic, parsed.data.seq);
      this.epochs.set(parsed.data.topic, parsed.data.epoch);
      this.push({ kind: 'snapshot', msg: parsed.data });
    });
    socket.on('delta', (raw: unknown) => {
      const parsed = Delta.safeParse(raw);
      if (!parsed.success) return this.violate(`delta does not parse: ${parsed.error.message}`);
      const d = parsed.data;
      const held = this.held.get(d.topic);
      if (held !== d.fromSeq) this.violate(`${d.topic} delta fromSeq ${d.fromSeq} but client holds ${held}`);
      if (d.toSeq < d.fromSeq) this.violate(`${d.topic} delta goes backwards ${d.fromSeq}→${d.toSeq}`);
      this.held.set(d.topic, d.toSeq);
      this.push({ kind: 'delta', msg: d });
    });
  }

  /** Connects with the test server's admin session, or as `as` (null: no cookie, which the server refuses). */
  static async connect(url: string, as: Credentials | null = defaultCredentials(url)): Promise<LiveClient> {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      ...(as ? { extraHeaders: { cookie: as.cookie } } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new LiveClient(socket);
  }

  /**
   * Subscribes and returns the parsed ack. With `sinceSeq`, the client holds that sequence number
   * (it is resuming), so the first delta must start there.
   */
  async subscribe(req: SubscribeRequest | Record<string, unknown> | unknown): Promise<SubscribeAck> {
    const r = req as Partial<SubscribeRequest> | null;
    if (r && typeof r === 'object' && typeof r.sinceSeq === 'number' && r.topic)
      this.held.set(r.topic, r.sinceSeq);
    const ack: unknown = await this.socket.timeout(5000).emitWithAck('subscribe', req as SubscribeRequest);
    const parsed = SubscribeAck.safeParse(ack);
    if (!parsed.success) throw new Error(`ack does not parse: ${JSON.stringify(ack)}`);
    return parsed.data;
  }

  snapshots<T extends Topic>(topic: T): SnapshotOf<T>[] {
    return this.messages.flatMap((m) =>
      m.kind === 'snapshot' && m.msg.topic === topic ? [m.msg as SnapshotOf<T>] : [],
    );
  }

  deltas<T extends Topic>(topic: T): DeltaOf<T>[] {
    return this.messages.flatMap((m) =>
      m.kind === 'delta' && m.msg.topic === topic ? [m.msg as DeltaOf<T>] : [],
    );
  }

  /** Ids of every event upserted by deltas, in arrival order (repeats kept, so duplicates show). */
  upsertedEventIds(): string[] {
    return this.deltas('events').flatMap((d) => d.upserts.map((e) => e.id));
  }

  /** Resolves when `predicate` holds, re-checked on every message; rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (predicate()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  close(): void {
    this.socket.disconnect();
  }

  private push(m: Message): void {
    this.messages.push(m);
    for (const w of [...this.waiters]) w();
  }

  private violate(message: string): void {
    this.violations.push(message);
  }
}

/** Lets the gateway's flush timer run so anything in flight has been sent. */
export const settle = (ms = 200): Promise<void> => new Promise((r) => setTimeout(r, ms));
