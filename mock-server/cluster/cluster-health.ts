import type { Logger } from 'pino';
import type { FeedHealth, FeedState } from '../../src/contract/feed-health';
import type { FeedHealthTracker } from '../pipeline/feed-health';
import type { NodeHealthRepo } from '../store/node-health-repo';

/** How often each node writes its sample and reads the others'. */
const SAMPLE_MS = 1_000;
/** A node whose sample is older than this is gone (killed): its counts leave the picture. */
const NODE_GONE_MS = 5_000;
/** Rows of nodes gone this long are deleted (a NODE_ID per process leaves one row per process otherwise). */
const PRUNE_AFTER_MS = 24 * 3_600_000;
const PRUNE_EVERY = 600;

/** Better news wins: one node receiving a feed makes it healthy for the cluster. */
const STATE_RANK: Record<FeedState, number> = { healthy: 3, stale: 2, waiting: 1, down: 0 };

/**
 * One feed's health across nodes: counts and rates add up (each record reaches one node), the latest message and
 * poll win (with that message's lag), connected if any node is, and the best state (a poller runs on the leader
 * only; the followers' own view of it is "down"). Exported for its test.
 */
export function mergeFeedHealth(samples: readonly FeedHealth[]): FeedHealth {
  const [first, ...rest] = samples;
  if (!first) throw new Error('mergeFeedHealth needs at least one sample');
  let out: FeedHealth = { ...first };
  for (const s of rest) {
    const newer = (s.lastMessageAt ?? '') > (out.lastMessageAt ?? '');
    const polled = [out.lastPolledAt, s.lastPolledAt]
      .filter((t): t is string => typeof t === 'string')
      .sort();
    out = {
      ...out,
      state: STATE_RANK[s.state] > STATE_RANK[out.state] ? s.state : out.state,
      connected: out.connected || s.connected,
      lastMessageAt: newer ? s.lastMessageAt : out.lastMessageAt,
      lagSeconds: newer ? s.lagSeconds : out.lagSeconds,
      ...(polled.length > 0 ? { lastPolledAt: polled[polled.length - 1]! } : {}),
      ratePerMin: Math.round((out.ratePerMin + s.ratePerMin) * 10) / 10,
      received: out.received + s.received,
      accepted: out.accepted + s.accepted,
      duplicates: out.duplicates + s.duplicates,
      quarantined: out.quarantined + s.quarantined,
      errors: out.errors + s.errors,
      lastError: (newer ? s.lastError : out.lastError) ?? out.lastError ?? s.lastError,
    };
  }
  return out;
}

/**
 * Feed health as the wall and `/api/feeds` see it. One node: its own tracker. Several nodes on one store: each
 * node writes its tracker's sample to `node_health` every second and shows the merge of its own (live) and the
 * others' fresh samples — so a follower shows the leader's pollers, and a webhook feed spread over nodes by the
 * load balancer shows its whole rate. Counts are those of the nodes alive now, since each started.
 */
export class ClusterHealth {
  private others: FeedHealth[][] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private samples = 0;

  constructor(
    private readonly local: Pick<FeedHealthTracker, 'all'>,
    private readonly exchange: { repo: NodeHealthRepo; nodeId: string; log: Logger } | null,
  ) {}

  all(): FeedHealth[] {
    const mine = this.local.all();
    if (!this.exchange || this.others.length === 0) return mine;
    return mine.map((f) =>
      mergeFeedHealth([f, ...this.others.flatMap((o) => o.filter((x) => x.source === f.source))]),
    );
  }

  async start(): Promise<void> {
    if (!this.exchange) return;
    await this.sample();
    const loop = () => {
      this.running = this.sample().finally(() => {
        if (!this.timer) return;
        this.timer = setTimeout(loop, SAMPLE_MS);
        this.timer.unref();
      });
    };
    this.timer = setTimeout(loop, SAMPLE_MS);
    this.timer.unref();
  }

  /** Stops sampling and removes this node's sample (a clean shutdown leaves no ghost counts). */
  async stop(): Promise<void> {
    if (!this.exchange) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    await this.exchange.repo
      .remove(this.exchange.nodeId)
      .catch((err: unknown) =>
        this.exchange!.log.warn({ err }, 'node health sample not removed; it ages out'),
      );
  }

  private async sample(): Promise<void> {
    const { repo, nodeId, log } = this.exchange!;
    try {
      await repo.put(nodeId, this.local.all());
      this.others = (await repo.fresh(NODE_GONE_MS, nodeId)).map((n) => n.feeds);
      if (++this.samples % PRUNE_EVERY === 0) await repo.prune(PRUNE_AFTER_MS);
    } catch (err) {
      // The store is unreachable: this node shows its own view until it is back (the feeds say what it sees).
      log.warn({ err: (err as Error).message }, 'feed health exchange failed');
      this.others = [];
    }
  }
}
