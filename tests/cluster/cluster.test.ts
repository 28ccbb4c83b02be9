import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityPack } from '../../mock-server/city-packs/load';
import { openPostgres, type Db } from '../../mock-server/store/db';
import { EventsRepo } from '../../mock-server/store/events-repo';
import { LeasesRepo } from '../../mock-server/store/leases-repo';
import { sequenceHeads, StatesRepo, STATE_TOPICS } from '../../mock-server/store/states-repo';
import { LEADER_LEASE } from '../../mock-server/cluster/leader';
import { SOURCE_IDS } from '../../src/contract/source';
import type { Topic } from '../../src/contract/live';
import { authHeaders, login, type Credentials } from '../helpers/auth';
import { orderFactory } from '../helpers/hotline-orders';
import { PG_URL, postgresReachable } from '../helpers/test-store';
import { ClusterNode, freePort } from './cluster-node';
import { FailoverClient, versionOf } from './failover-client';
import { readSendLog, RecordOracle, type Expected } from './source-records';

const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const MQTT_URL = process.env['TEST_MQTT_URL'] ?? 'mqtt://127.0.0.1:1883';
const STORED_TOPICS: readonly Topic[] = ['events', ...STATE_TOPICS];

async function redisReachable(): Promise<boolean> {
  const c = createClient({ url: REDIS_URL, socket: { connectTimeout: 1500, reconnectStrategy: false } });
  c.on('error', () => undefined);
  try {
    await c.connect();
    await c.ping();
    await c.quit();
    return true;
  } catch {
    return false;
  }
}

async function mqttReachable(): Promise<boolean> {
  try {
    const c = await mqtt.connectAsync(MQTT_URL, { connectTimeout: 1500, reconnectPeriod: 0 });
    await c.endAsync();
    return true;
  } catch {
    return false;
  }
}

const missing = [
  (await postgresReachable(PG_URL)) ? null : `PostgreSQL at ${PG_URL}`,
  (await redisReachable()) ? null : `Redis at ${REDIS_URL}`,
  (await mqttReachable()) ? null : `an MQTT broker at ${MQTT_URL}`,
].filter((m): m is string => m !== null);
if (missing.length > 0) console.warn(`cluster test skipped: no ${missing.join(', no ')}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(250);
  }
}

const title = 'a two-node cluster (PostgreSQL, Redis, Mosquitto) losing its leader to kill -9 mid-stream';
(missing.length > 0 ? describe.skip : describe)(
  missing.length > 0 ? `${title} — skipped: no ${missing.join(', no ')}` : title,
  () => {
    const run = randomUUID().replace(/-/g, '').slice(0, 10);
    const schema = `cluster_${run}`;
    const dir = mkdtempSync(join(tmpdir(), 'city-brain-cluster-'));
    // INTAKE_KEYS names sources with letters and dashes (open311 keeps its own key in the store).
    const intakeKeys = Object.fromEntries(
      SOURCE_IDS.filter((s) => /^[a-z-]+$/.test(s)).map((s) => [s, randomBytes(18).toString('hex')]),
    );
    const shared: Record<string, string> = {
      HOST: '127.0.0.1',
      DATABASE_URL: PG_URL,
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: '6',
      REDIS_URL,
      REDIS_KEY_PREFIX: `cbtest-${run}`,
      MQTT_URL,
      MQTT_TOPIC_ROOT: `cbt${run}`,
      // Secrets every node shares (else each node would generate its own into its DATA_DIR).
      SESSION_SECRET: randomBytes(32).toString('hex'),
      VIDEO_URL_KEY: randomBytes(32).toString('hex'),
      INTAKE_KEYS: Object.entries(intakeKeys)
        .map(([s, k]) => `${s}=${k}`)
        .join(','),
      STATIC_DIR: '',
      SIMULATORS: 'true',
      SIM_RATE: '5',
      SIM_DEFECT_RATE: '0.03',
      CONNECTOR_POLL_MS: '1000',
      VIDEO_CATALOGUE_REFRESH_MS: '4000',
      ESCALATION_SWEEP_MS: '3600000',
      LIVE_FLUSH_MS: '100',
      LEADER_LEASE_MS: '3000',
      LEADER_RENEW_MS: '1000',
      SHUTDOWN_TIMEOUT_MS: '20000',
      LOG_LEVEL: 'info',
    };
    let nodeA: ClusterNode;
    let nodeB: ClusterNode;
    let db: Db;
    let admin: Credentials;
    const clients: FailoverClient[] = [];
    const testSends: { node: string; nativeId: string; status: number }[] = [];
    const testTried = new Set<string>();

    const node = async (name: string) => {
      mkdirSync(join(dir, name), { recursive: true });
      return new ClusterNode(
        name,
        await freePort(),
        {
          ...shared,
          NODE_ID: name,
          DATA_DIR: join(dir, name),
          SIM_SEND_LOG: join(dir, `${name}-sends.jsonl`),
        },
        dir,
      );
    };
    const leaseHolder = async () =>
      (await new LeasesRepo(db.kysely, db.dialect).get(LEADER_LEASE))?.holder.split('#')[0] ?? null;

    beforeAll(async () => {
      nodeA = await node('a');
      nodeB = await node('b');
      await nodeA.start();
      db = await openPostgres(PG_URL, { schema, poolSize: 4 });
      await until(async () => (await leaseHolder()) === 'a', 'node a to lead');
      await nodeB.start();
    });

    afterAll(async () => {
      for (const c of clients) c.close();
      await nodeA?.stop().catch(() => undefined);
      await nodeB?.stop().catch(() => undefined);
      await db?.close();
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
      const redis = createClient({ url: REDIS_URL });
      await redis.connect();
      const keys = await redis.keys(`cbtest-${run}:*`);
      if (keys.length > 0) await redis.del(keys);
      await redis.quit();
      if (!process.env['KEEP_CLUSTER_DIR']) rmSync(dir, { recursive: true, force: true });
      else console.warn(`cluster test files kept in ${dir}`);
    });

    it('stores every acknowledged record exactly once and gives every client every change once, across the failover', async () => {
      admin = await login(nodeA.url, 'admin', 'CityBrain-demo-2026');
      // Three walls behind the load balancer land on a, two on b.
      for (const [i, first] of ['a', 'a', 'a', 'b', 'b'].entries()) {
        const order = first === 'a' ? [nodeA.url, nodeB.url] : [nodeB.url, nodeA.url];
        const c = new FailoverClient(`client-${i}-${first}`, order, admin.cookie, STORED_TOPICS);
        await c.connect();
        clients.push(c);
      }

      // A 12345 platform of our own posting to both nodes through a "load balancer": round robin, and on a
      // refused or failed request the other node (at-least-once, as a real sender retries).
      const pack = loadCityPack('shanghai');
      const orders = orderFactory(pack, 77);
      let sending = true;
      const sender = (async () => {
        const urls = [nodeA.url, nodeB.url];
        for (let i = 0; sending; i++) {
          const order = orders.next();
          testTried.add(order.工单编号);
          for (let attempt = 0; attempt < 10; attempt++) {
            const url = urls[(i + attempt) % 2]!;
            try {
              const res = await fetch(`${url}/api/intake/hotline`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-intake-key': intakeKeys['hotline']! },
                body: JSON.stringify(order),
                signal: AbortSignal.timeout(5000),
              });
              await res.arrayBuffer();
              if (res.status === 200) {
                testSends.push({ node: url, nativeId: order.工单编号, status: 200 });
                break;
              }
            } catch {
              // the node is gone: the balancer tries the other
            }
            await sleep(100);
          }
          await sleep(40);
        }
      })();

      // Mid-stream: every source has been stored at least once through the leader.
      await until(async () => {
        const heads = await sequenceHeads(db.kysely);
        return STORED_TOPICS.every((t) => t === 'warnings' || (heads.get(t) ?? 0) > 0);
      }, 'every stored topic to move');
      await sleep(4000);
      const deltasBefore = clients.map((c) => c.deltas);

      await nodeA.kill9();
      const killedAt = Date.now();
      await until(async () => (await leaseHolder()) === 'b', 'node b to take the lease', 20_000);
      const takeoverMs = Date.now() - killedAt;
      for (const c of clients) await c.ready();
      // Node b now runs the simulators and pollers; let the stream go on a while.
      await sleep(8000);
      expect(clients.every((c, i) => c.deltas > deltasBefore[i]!)).toBe(true);

      // The supervisor restarts the dead node under its NODE_ID: it follows, and its MQTT session's share
      // of the telemetry (kept by the broker while it was down) is delivered and stored.
      await nodeA.start();
      await sleep(3000);

      // Quiet the sources: the simulators stop (on the leader), our sender stops.
      sending = false;
      await sender;
      const sims = (await (
        await fetch(`${nodeB.url}/api/simulators`, { headers: authHeaders(admin) })
      ).json()) as { source: string; running: boolean }[];
      for (const s of sims.filter((x) => x.running)) {
        const res = await fetch(`${nodeB.url}/api/simulators/${s.source}/stop`, {
          method: 'POST',
          headers: { ...authHeaders(admin), origin: nodeB.url },
        });
        expect(res.status, `stop ${s.source}`).toBe(200);
      }
      // Settled: no topic moves for 3 s, and every client stands where the store does.
      let last = '';
      let stableSince = Date.now();
      await until(
        async () => {
          const now = JSON.stringify([...(await sequenceHeads(db.kysely))]);
          if (now !== last) {
            last = now;
            stableSince = Date.now();
          }
          return Date.now() - stableSince > 3000;
        },
        'the store to settle',
        90_000,
      );
      const heads = await sequenceHeads(db.kysely);
      await until(
        () => clients.every((c) => STORED_TOPICS.every((t) => c.held.get(t) === (heads.get(t) ?? 0))),
        'every client to reach the store’s sequence numbers',
        30_000,
      );
      // A wall that connects now to the restarted node gets the same picture.
      const late = new FailoverClient('late-on-a', [nodeA.url], admin.cookie, STORED_TOPICS);
      await late.connect();
      await until(
        () => STORED_TOPICS.every((t) => late.held.get(t) === (heads.get(t) ?? 0)),
        'the late client',
      );
      clients.push(late);

      // 1. Every record a source had acknowledged is stored, once, at least as new as the acknowledged version.
      const events = new EventsRepo(db.kysely, { dialect: db.dialect });
      const states = new StatesRepo(db.kysely, db.dialect);
      const storedEvents = new Map((await events.snapshot()).items.map((e) => [e.id, e]));
      const storedStates = new Map(
        await Promise.all(
          STATE_TOPICS.map(
            async (t) => [t, new Map((await states.snapshot(t)).items.map((i) => [i.id, i]))] as const,
          ),
        ),
      );
      const oracle = new RecordOracle(pack, states);
      const acked: Expected[] = [];
      const attempted = new Set<string>();
      const logs = [...readSendLog(join(dir, 'a-sends.jsonl')), ...readSendLog(join(dir, 'b-sends.jsonl'))];
      for (const e of logs) {
        if (e.kind === 'push') {
          const implied = await oracle.push(e.url, e.body);
          for (const x of implied) attempted.add(x.id);
          if (e.status === 200) acked.push(...implied);
        } else if (e.kind === 'mqtt') acked.push(...oracle.mqtt(e.topic, e.payload));
        else {
          const implied = oracle.served(e.source, e.path, e.body);
          for (const x of implied) attempted.add(x.id);
          acked.push(...implied);
        }
      }
      for (const id of testTried) attempted.add(`hotline:${id}`);
      const bySource = new Map<string, number>();
      const lost: string[] = [];
      for (const x of acked) {
        bySource.set(x.source, (bySource.get(x.source) ?? 0) + 1);
        const stored =
          x.kind === 'event'
            ? storedEvents.get(x.id)?.sourceUpdatedAt
            : storedStates.get(x.topic)?.get(x.id)?.updatedAt;
        if (stored === undefined || stored < x.at)
          lost.push(`${x.source} ${x.id} @ ${x.at} (stored: ${stored ?? 'none'})`);
      }
      for (const s of testSends)
        if (!storedEvents.has(`hotline:${s.nativeId}`)) lost.push(`test sender ${s.nativeId}`);
      expect(lost.slice(0, 20), `${lost.length} acknowledged records missing`).toEqual([]);
      // Every simulated subsystem had records acknowledged and checked (not an empty comparison).
      for (const s of ['hotline', 'city-management', 'grid', 'traffic', 'video', 'iot'])
        expect(bySource.get(s) ?? 0, `acknowledged ${s} records`).toBeGreaterThan(0);
      expect(testSends.length).toBeGreaterThan(50);
      // Nothing is stored that no source sent (no phantom or doubled record under another id).
      const phantoms = [...storedEvents.keys()].filter(
        (id) => /^(hotline|city-management|grid|traffic|video):/.test(id) && !attempted.has(id),
      );
      expect(phantoms.slice(0, 20)).toEqual([]);

      // 2. Every client saw every change once: chained sequence numbers, no version twice, resumed (not
      // re-snapshotted) on the surviving node, and its final picture is the store's.
      for (const c of clients) {
        expect(c.violations, c.name).toEqual([]);
        for (const t of STORED_TOPICS) {
          const store = t === 'events' ? storedEvents : storedStates.get(t as never)!;
          const shown = c.state.get(t) ?? new Map();
          expect(shown.size, `${c.name} ${t} count`).toBe(store.size);
          for (const [id, item] of store) {
            const mine = shown.get(id);
            expect(mine && versionOf(t, mine), `${c.name} ${t} ${id}`).toBe(
              versionOf(t, item as unknown as Record<string, unknown>),
            );
          }
        }
      }
      for (const c of clients.filter((x) => x.name.startsWith('client-') && x.name.endsWith('-a'))) {
        expect(c.nodesUsed).toEqual([nodeA.url, nodeB.url]);
        const afterFailover = c.modes.filter((m) => m.node === nodeB.url);
        expect(afterFailover.map((m) => m.mode)).toEqual(STORED_TOPICS.map(() => 'resume'));
      }
      console.info(
        `cluster: leader takeover ${takeoverMs} ms after kill -9; ${acked.length} acknowledged records checked ` +
          `(${[...bySource].map(([s, n]) => `${s} ${n}`).join(', ')}); ${testSends.length} posted by the test; ` +
          `${clients.reduce((n, c) => n + c.deltas, 0)} deltas received by ${clients.length} clients`,
      );
    });
  },
);
