import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedHealth } from '../../src/contract/feed-health';
import { authHeaders, login } from '../helpers/auth';
import { orderFactory, postOrder } from '../helpers/hotline-orders';
import { LiveClient, settle } from '../helpers/live-client';
import { PG_URL, postgresReachable } from '../helpers/test-store';
import { startTestServer, type TestServer } from '../helpers/test-server';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

async function redisReachable(): Promise<boolean> {
  const c = createClient({ url: REDIS_URL, socket: { connectTimeout: 1500, reconnectStrategy: false } });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.quit();
    return true;
  } catch {
    return false;
  }
}

const missing = [
  (await postgresReachable(PG_URL)) ? null : `PostgreSQL at ${PG_URL}`,
  (await redisReachable()) ? null : `Redis at ${REDIS_URL}`,
].filter((m): m is string => m !== null);
const title = 'two server nodes on one PostgreSQL store and one Redis';

/**
 * The cluster wiring in one process (the real multi-process failover is tests/cluster): two servers on one schema
 * with REDIS_URL. What one node stores reaches the other's clients in order; a revoked session loses its sockets on
 * every node; feed health and the leader lease are the cluster's, not a node's.
 */
(missing.length > 0 ? describe.skip : describe)(
  missing.length > 0 ? `${title} — skipped: no ${missing.join(', no ')}` : title,
  () => {
    const run = randomUUID().replace(/-/g, '').slice(0, 10);
    const env = {
      DATABASE_URL: PG_URL,
      DATABASE_SCHEMA: `t_nodes_${run}`,
      REDIS_URL,
      REDIS_KEY_PREFIX: `cbtest-${run}`,
      SESSION_SECRET: randomBytes(32).toString('hex'),
      VIDEO_URL_KEY: randomBytes(32).toString('hex'),
      INTAKE_KEYS: `hotline=${randomBytes(16).toString('hex')}`,
      // A one-minute lease: a takeover within seconds below proves the release, not the expiry.
      LEADER_LEASE_MS: '60000',
      LEADER_RENEW_MS: '1000',
    };
    let a: TestServer;
    let b: TestServer;
    beforeAll(async () => {
      a = await startTestServer({ ...env, NODE_ID: 'node-a' });
      b = await startTestServer({ ...env, NODE_ID: 'node-b' });
    });
    afterAll(async () => {
      await b?.stop();
      await a?.stop();
      const db = new pg.Client({ connectionString: PG_URL });
      await db.connect();
      await db.query(`drop schema if exists ${env.DATABASE_SCHEMA} cascade`);
      await db.end();
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      const keys = await redis.keys(`cbtest-${run}:*`);
      if (keys.length > 0) await redis.del(keys);
      await redis.quit();
    });

    it('delivers events stored through either node to clients of both, chained and each once', async () => {
      const onA = await LiveClient.connect(a.url);
      const onB = await LiveClient.connect(b.url, await login(b.url, 'admin'));
      await onA.subscribe({ topic: 'events' });
      await onB.subscribe({ topic: 'events' });
      const orders = orderFactory(a.app.pack, 5);
      const ids: string[] = [];
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const o = orders.next();
          ids.push(`hotline:${o.工单编号}`);
          const res = await postOrder(i % 2 ? b.url : a.url, o);
          expect(res.status).toBe(200);
        }),
      );
      for (const c of [onA, onB]) {
        await c.waitFor(
          () => ids.every((id) => c.upsertedEventIds().includes(id)),
          'every event on both nodes',
        );
      }
      await settle();
      for (const c of [onA, onB]) {
        expect(c.violations).toEqual([]);
        expect(c.upsertedEventIds().sort()).toEqual([...ids].sort());
      }
      // One store, one epoch: a client of one node resumes on the other.
      expect(onA.epochs.get('events')).toBe(onB.epochs.get('events'));
      onA.close();
      onB.close();
    });

    it('disconnects a revoked session’s sockets on the other node at once', async () => {
      const officer = await login(a.url, 'admin');
      const live = await LiveClient.connect(b.url, officer);
      const gone = new Promise<string>((r) => live.socket.once('disconnect', r));
      const res = await fetch(`${a.url}/api/auth/logout`, {
        method: 'POST',
        headers: { ...authHeaders(officer), 'content-type': 'application/json', origin: a.url },
        body: '{}',
      });
      expect(res.status).toBe(200);
      expect(await gone).toBe('io server disconnect');
    });

    it('shows the feed health of both nodes on each (counts add up)', async () => {
      const orders = orderFactory(a.app.pack, 6);
      for (let i = 0; i < 3; i++) expect((await postOrder(a.url, orders.next())).status).toBe(200);
      const read = async (s: TestServer) =>
        FeedHealth.array()
          .parse(await (await fetch(`${s.url}/api/feeds`, { headers: authHeaders(s.admin) })).json())
          .find((f) => f.source === 'hotline')!;
      const local = a.app.health.get('hotline').received + b.app.health.get('hotline').received;
      // Samples are exchanged every second.
      const deadline = Date.now() + 5000;
      const both = async () => [(await read(a)).received, (await read(b)).received];
      while ((await both()).some((n) => n < local) && Date.now() < deadline) await settle(200);
      expect(await both()).toEqual([local, local]);
    });

    it('runs the once-only work on one node, and moves it when that node leaves', async () => {
      const leaders = [a, b].filter((s) => s.app.cluster.leader().leader);
      expect(leaders).toHaveLength(1);
      const [leader, follower] = leaders[0] === a ? [a, b] : [b, a];
      // A clean stop releases the lease: the other node takes over within a renewal, not a lease.
      await leader.app.cluster.stopRunnables();
      const deadline = Date.now() + 3000;
      while (!follower.app.cluster.leader().leader && Date.now() < deadline) await settle(50);
      expect(follower.app.cluster.leader().leader).toBe(true);
    });
  },
);
