import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { ServerOptions } from 'socket.io';

export interface RedisLink {
  /** Socket.IO server options for several nodes: the Redis Streams adapter and connection-state recovery. */
  options: Partial<ServerOptions>;
  close(): Promise<void>;
}

/** How long a disconnected client's Socket.IO session (id, rooms, missed broadcasts) is kept for it, any node. */
const RECOVERY_MS = 2 * 60_000;

/**
 * Joins this node's Socket.IO server to the others through Redis. The Streams adapter (not the pub/sub one) is the
 * adapter with which Socket.IO's connection-state recovery works across nodes: broadcasts (presence, room-wide
 * disconnects such as a revoked session's) go through one Redis stream every node reads, and a client that
 * reconnects to another node within RECOVERY_MS gets its session back. Our live deltas do not depend on it — each
 * node tails the store by sequence number and a client resumes with `sinceSeq` — so recovery is a convenience;
 * the handshake is authenticated again on every reconnection (`skipMiddlewares: false`).
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
      connectionStateRecovery: { maxDisconnectionDuration: RECOVERY_MS, skipMiddlewares: false },
    },
    async close() {
      await client.quit().catch((err: unknown) => log.warn({ err }, 'redis quit failed'));
    },
  };
}
