import { io, type Socket } from 'socket.io-client';
import {
  Delta,
  Snapshot,
  SubscribeAck,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type Topic,
} from '../../src/contract/live';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** What makes one stored change distinct: an event's version, an entity state's update time. */
export function versionOf(topic: Topic, item: Record<string, unknown>): string {
  return topic === 'events' ? String(item['version']) : String(item['updatedAt']);
}

/**
 * A live client as a wall behind a load balancer sees the cluster: connected to one node; when that node dies it
 * connects to the next one and resumes every topic from the sequence number it holds. It checks the protocol as it
 * goes — each delta starts where the client stands, no (item, version) arrives twice — and keeps the state it would
 * show, so a test can compare it with the store.
 */
export class FailoverClient {
  readonly violations: string[] = [];
  /** Per topic: the sequence number held, its epoch, and the state the client shows (id → item). */
  readonly held = new Map<Topic, number>();
  readonly epochs = new Map<Topic, string>();
  readonly state = new Map<Topic, Map<string, Record<string, unknown>>>();
  /** Subscribe answers after each (re)connection, by node: `resume` means no snapshot was needed. */
  readonly modes: { node: string; topic: Topic; mode: string }[] = [];
  readonly nodesUsed: string[] = [];
  deltas = 0;
  private readonly seen = new Map<Topic, Set<string>>();
  private socket: LiveSocket | null = null;
  private closed = false;
  private connecting: Promise<void> | null = null;

  constructor(
    readonly name: string,
    /** Node URLs in preference order: the first is where the load balancer sends this client first. */
    private readonly nodes: readonly string[],
    private readonly cookie: string,
    private readonly topics: readonly Topic[],
  ) {}

  async connect(): Promise<void> {
    this.connecting = this.connectAny();
    await this.connecting;
  }

  /** Resolves once the client is connected and subscribed again (after a failover). */
  async ready(): Promise<void> {
    await this.connecting;
  }

  close(): void {
    this.closed = true;
    this.socket?.disconnect();
  }

  private async connectAny(): Promise<void> {
    for (let attempt = 0; !this.closed; attempt++) {
      const url = this.nodes[attempt % this.nodes.length]!;
      try {
        await this.open(url);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  private async open(url: string): Promise<void> {
    const socket: LiveSocket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 3000,
      extraHeaders: { cookie: this.cookie },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => {
        socket.close();
        reject(err);
      });
    });
    this.socket = socket;
    this.nodesUsed.push(url);
    socket.on('snapshot', (raw: unknown) => this.onSnapshot(raw));
    socket.on('delta', (raw: unknown) => this.onDelta(raw));
    socket.on('disconnect', () => {
      if (this.closed || this.socket !== socket) return;
      // The node went away: the next one in the list, as a load balancer would route the reconnection.
      const next = [...this.nodes.filter((n) => n !== url), url];
      this.connecting = (async () => {
        for (let attempt = 0; !this.closed; attempt++) {
          try {
            await this.open(next[attempt % next.length]!);
            return;
          } catch {
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      })();
    });
    for (const topic of this.topics) {
      const held = this.held.get(topic);
      const epoch = this.epochs.get(topic);
      const resume = held !== undefined && epoch !== undefined ? { sinceSeq: held, epoch } : {};
      const raw: unknown = await socket.timeout(15_000).emitWithAck('subscribe', { topic, ...resume });
      const ack = SubscribeAck.parse(raw);
      if (!ack.ok) throw new Error(`${this.name}: subscribe ${topic} refused: ${ack.error.code}`);
      this.modes.push({ node: url, topic, mode: ack.mode });
    }
  }

  private onSnapshot(raw: unknown): void {
    const s = Snapshot.parse(raw);
    this.held.set(s.topic, s.seq);
    this.epochs.set(s.topic, s.epoch);
    const items = new Map<string, Record<string, unknown>>();
    const seen = new Set<string>();
    for (const it of s.items as Record<string, unknown>[]) {
      items.set(String(it['id']), it);
      seen.add(`${String(it['id'])}@${versionOf(s.topic, it)}`);
    }
    this.state.set(s.topic, items);
    this.seen.set(s.topic, seen);
  }

  private onDelta(raw: unknown): void {
    const d = Delta.parse(raw);
    this.deltas += 1;
    const held = this.held.get(d.topic);
    if (held !== d.fromSeq)
      this.violations.push(`${this.name}: ${d.topic} delta from ${d.fromSeq} but the client holds ${held}`);
    if (d.toSeq < d.fromSeq)
      this.violations.push(`${this.name}: ${d.topic} delta goes back ${d.fromSeq}→${d.toSeq}`);
    this.held.set(d.topic, d.toSeq);
    const items = this.state.get(d.topic) ?? new Map();
    const seen = this.seen.get(d.topic) ?? new Set();
    for (const it of d.upserts as Record<string, unknown>[]) {
      const key = `${String(it['id'])}@${versionOf(d.topic, it)}`;
      if (seen.has(key)) this.violations.push(`${this.name}: ${d.topic} ${key} delivered twice`);
      seen.add(key);
      items.set(String(it['id']), it);
    }
    this.state.set(d.topic, items);
    this.seen.set(d.topic, seen);
  }
}
