import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import type { Topic } from '../../src/contract/live';
import { nodeIdOf, type Config } from '../config';
import { ChangeStream, type ChangeReader } from '../pipeline/change-stream';
import type { FeedHealthTracker } from '../pipeline/feed-health';
import type { Hub } from '../pipeline/hub';
import type { Db } from '../store/db';
import type { EventsRepo } from '../store/events-repo';
import { LeasesRepo } from '../store/leases-repo';
import { NodeHealthRepo } from '../store/node-health-repo';
import { sequenceHeads, STATE_TOPICS, type StatesRepo } from '../store/states-repo';
import type { Runnable } from '../subsystems/types';
import { ClusterHealth } from './cluster-health';
import { LeaderElector, type LeaderStatus } from './leader';
import { connectRedis, type RedisLink } from './redis-adapter';
import { listenForCommits, type StoreDoorbell } from './store-doorbell';

/** What the app needs to run as one node among several (or alone: the embedded default). */
export interface ClusterNode {
  nodeId: string;
  /** Several nodes share the store: leader election, the store doorbell and the feed-health exchange are on. */
  clustered: boolean;
  /** Every topic's stored changes in sequence order, whichever node wrote them: what the live gateway sends. */
  changes: ChangeStream;
  /** Feed health of the whole cluster (this node's alone when it runs alone). */
  feedHealth: ClusterHealth;
  /** Socket.IO options: the Redis Streams adapter and connection-state recovery with REDIS_URL, else none. */
  ioOptions: Partial<ServerOptions>;
  /** Starts `runnables`: those marked `everyNode` now, the others while this node holds the leader lease. */
  run(runnables: readonly Runnable[]): Promise<void>;
  /** Stops what `run` started (the leader's share first) and releases the lease. */
  stopRunnables(): Promise<void>;
  leader(): LeaderStatus;
  close(): Promise<void>;
}

/**
 * Wires one server node. Alone (SQLite, or LEADER_ELECTION=off): it is its own leader, hears only its own commits
 * and shows its own feed health — the embedded default, unchanged. On a PostgreSQL store several nodes may share:
 * the leader lease decides where pollers, simulators and sweeps run; the store's NOTIFY doorbell tells every node
 * of every commit so its change stream (hence its clients) sees them all in sequence order; feed health is merged
 * through the store. With REDIS_URL, Socket.IO joins the other nodes through the Redis Streams adapter.
 */
export async function setupCluster(deps: {
  config: Config;
  db: Db;
  hub: Hub;
  events: EventsRepo;
  states: StatesRepo;
  health: FeedHealthTracker;
  log: Logger;
}): Promise<ClusterNode> {
  const { config, db, hub, log } = deps;
  const nodeId = nodeIdOf(config);
  const clustered = db.dialect === 'postgres';
  const readers: { [T in Topic]?: ChangeReader<T> } = {
    events: (since, limit) => deps.events.changesAfter(since, limit),
  };
  for (const topic of STATE_TOPICS) {
    (readers as Record<string, ChangeReader>)[topic] = (since, limit) =>
      deps.states.changesAfter(topic, since, limit);
  }
  const changes = new ChangeStream({
    readers,
    heads: () => sequenceHeads(db.kysely),
    log: log.child({ c: 'changes' }),
  });
  await changes.start();
  const offHub = hub.subscribe((c) => changes.offer(c));

  let doorbell: StoreDoorbell | null = null;
  if (clustered && config.DATABASE_URL) {
    doorbell = await listenForCommits({
      url: config.DATABASE_URL,
      schema: config.DATABASE_SCHEMA,
      ring: (topic, seq) => changes.ring(topic, seq),
      check: async () => {
        for (const [topic, seq] of await sequenceHeads(db.kysely)) changes.ring(topic, seq);
      },
      log: log.child({ c: 'doorbell' }),
    });
  }

  const feedHealth = new ClusterHealth(
    deps.health,
    clustered ? { repo: new NodeHealthRepo(db.kysely, db.dialect), nodeId, log } : null,
  );
  await feedHealth.start();

  let redis: RedisLink | null = null;
  if (config.REDIS_URL) redis = await connectRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX, log);

  const elect = clustered && config.LEADER_ELECTION === 'auto';
  let elector: LeaderElector | null = null;
  let started: Runnable[] = [];
  let alone: LeaderStatus = { leader: true, term: 0, holder: nodeId };

  return {
    nodeId,
    clustered,
    changes,
    feedHealth,
    ioOptions: redis?.options ?? {},
    async run(runnables) {
      if (!elect) {
        // One node: everything here, in the order given (connectors before the simulators they read).
        started = [...runnables];
        for (const r of started) await r.start();
        return;
      }
      started = runnables.filter((r) => r.everyNode);
      for (const r of started) await r.start();
      elector = new LeaderElector({
        leases: new LeasesRepo(db.kysely, db.dialect),
        nodeId,
        leaseMs: config.LEADER_LEASE_MS,
        renewMs: config.LEADER_RENEW_MS,
        runnables: runnables.filter((r) => !r.everyNode),
        log: log.child({ c: 'leader' }),
      });
      await elector.start();
    },
    async stopRunnables() {
      await elector?.stop();
      for (const r of [...started].reverse()) await r.stop();
      started = [];
      alone = { ...alone, leader: false };
    },
    leader: () => elector?.status ?? alone,
    async close() {
      offHub();
      await changes.close();
      await doorbell?.close();
      await feedHealth.stop();
      await redis?.close();
    },
  };
}
