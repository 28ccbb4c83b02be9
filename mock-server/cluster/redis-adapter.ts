import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';

export interface RedisLink {
  /** Socket.IO server options for several nodes: the Redis Streams adapter. */
  options: Partial<ServerOptions>;
  close(): Promise<void>;
}

/**
 * Joins this node's Socket.IO server to the others through Redis: the Streams adapter carries what is addressed
 * beyond one node — broadcasts to rooms, `disconnectSockets`/`fetchSockets` across nodes — through one Redis
 * stream every node reads. It is the adapter under which Socket.IO's connection-state recovery works across
 * nodes (the pub/sub adapter loses packets while a node reconnects), but recovery stays OFF, deliberately: with it
 * on, Socket.IO sends every `socket.emit` through the adapter (to the socket's own room, to number and keep it),
 * i.e. one Redis XADD per delta per client, read back by every node — measured with bench/fanout.bench.ts, it
 * turned a 10,000 deliveries/s fan-out from ~40 ms p99 into seconds of backlog. Our live protocol does not need
 * it: every node tails the store by sequence number and a client resumes with `sinceSeq` + the store's epoch on
 * any node, even after every node restarted — which recovery (kept in Redis for a few minutes) cannot do — and a
 * recovered session would replay deltas the resume sends again.
 */
export async function connectRedis(url: string, prefix: string, log: Logger): Promise<RedisLink> {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(10_000, 100 * 2 ** retries) },
  });
  client.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
  await client.connect();
  return {
    options: {
      adapter: createAdapter(client, {
        streamName: `${prefix}:socket.io`,
        sessionKeyPrefix: `${prefix}:sio:session:`,
        channelPrefix: `${prefix}:socket.io`,
      }),
    },
    async close() {
      await client.quit().catch((err: unknown) => log.warn({ err }, 'redis quit failed'));
    },
  };
}
