import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import pg from 'pg';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { buildApp, type App } from '../mock-server/app';
import { parseConfig } from '../mock-server/config';
import type { Sensor } from '../src/contract/entities';
import { login } from '../tests/helpers/auth';
import type { Benchmark, Figure } from './figure';
import { envInt } from './measure';

const CLIENTS = envInt('BENCH_FANOUT_CLIENTS', 100);
/** Deliveries per second summed over all clients (each client receives every change). */
const TOTAL_RATE = envInt('BENCH_FANOUT_DELIVERIES', 10_000);
const SECONDS = envInt('BENCH_FANOUT_SECONDS', 10);
const FLUSH_MS = envInt('BENCH_FANOUT_FLUSH_MS', 25);
const PG_URL = process.env['BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TICK_MS = 20;
const SENSORS = 2_000;

/** What a client measures: one latency per item received (send stamp → arrival), and the count. */
interface Probe {
  latencies: number[];
  received: number;
}

/**
 * Live fan-out across two nodes: 100 Socket.IO clients, half on each node, every one receiving every change of
 * the `sensors` topic while writers store changes through both nodes (half each, so each node passes on its own
 * commits and hears the other's through the store doorbell), at a rate that makes 10,000 deliveries/s in total.
 * Latency runs from the write call to the client's arrival (the send time is stamped in the item's `updatedAt`),
 * so it includes the store commit, the change stream, the LIVE_FLUSH_MS batching and the socket.
 *
 * The floor: two raw Socket.IO servers (no store, no stream, no per-client filter) broadcasting the same batches
 * at the same cadence to the same number of clients. Needs the machine's PostgreSQL and Redis; says so and
 * returns no figures when they are absent.
 */
export const fanoutBench: Benchmark = {
  name: 'fanout',
  async run(log) {
    const missing = await missingServices();
    if (missing) {
      log(`fanout: skipped: no ${missing}`);
      return [];
    }
    const changesPerSecond = Math.max(1, Math.round(TOTAL_RATE / CLIENTS));
    log(
      `${CLIENTS} clients on 2 nodes, ${changesPerSecond} changes/s stored (${changesPerSecond * CLIENTS} deliveries/s), ` +
        `${SECONDS} s, LIVE_FLUSH_MS=${FLUSH_MS}`,
    );
    const ours = await pipelineRun(changesPerSecond, log);
    const floor = await floorRun(changesPerSecond, log);
    const p = (probe: Probe, q: number) => percentile(probe.latencies, q);
    const figures: Figure[] = [
      { name: 'fanout_p50_latency', value: p(ours, 0.5), unit: 'ms', digits: 1 },
      { name: 'fanout_p99_latency', value: p(ours, 0.99), unit: 'ms', digits: 1 },
      { name: 'fanout_throughput', value: ours.received / SECONDS, unit: 'deliveries/s' },
      { name: 'fanout_floor_p50_latency', value: p(floor, 0.5), unit: 'ms', digits: 1 },
      { name: 'fanout_floor_p99_latency', value: p(floor, 0.99), unit: 'ms', digits: 1 },
      { name: 'fanout_floor_throughput', value: floor.received / SECONDS, unit: 'deliveries/s' },
      { name: 'fanout_p99_ratio', value: p(ours, 0.99) / Math.max(0.1, p(floor, 0.99)), unit: '', digits: 2 },
      {
        name: 'fanout_throughput_ratio',
        value: ours.received / Math.max(1, floor.received),
        unit: '',
        digits: 3,
      },
    ];
    log(`target p99 ≤ 100 ms: ${p(ours, 0.99) <= 100 ? 'met' : 'NOT met'}`);
    return figures;
  },
};

async function missingServices(): Promise<string | null> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
  } catch {
    return `PostgreSQL at ${PG_URL}`;
  }
  const redis = createClient({ url: REDIS_URL, socket: { connectTimeout: 1500, reconnectStrategy: false } });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.quit();
  } catch {
    return `Redis at ${REDIS_URL}`;
  }
  return null;
}

/** Our pipeline: two nodes (in this process) on one PostgreSQL schema and one Redis. */
async function pipelineRun(changesPerSecond: number, log: (m: string) => void): Promise<Probe> {
  const run = Math.random().toString(36).slice(2, 10);
  const schema = `bench_fanout_${run}`;
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'city-brain-bench-fanout-')));
  const secret = 'bench-fanout-session-secret-0123456789abcdef';
  const apps: App[] = [];
  try {
    for (const [i, dir] of dirs.entries()) {
      const config = parseConfig({
        PORT: '0',
        DATA_DIR: dir,
        STATIC_DIR: '',
        SIMULATORS: 'false',
        DATABASE_URL: PG_URL,
        DATABASE_SCHEMA: schema,
        REDIS_URL,
        REDIS_KEY_PREFIX: `bench-fanout-${run}`,
        NODE_ID: `bench-${i}`,
        SESSION_SECRET: secret,
        VIDEO_URL_KEY: secret,
        LIVE_FLUSH_MS: String(FLUSH_MS),
        LOG_LEVEL: 'silent',
      });
      const app = await buildApp(config, pino({ level: 'silent' }));
      await app.listen();
      apps.push(app);
    }
    const urls = apps.map((a) => {
      const addr = a.fastify.server.address() as AddressInfo;
      return `http://127.0.0.1:${addr.port}`;
    });
    const admin = await login(urls[0]!, 'admin', 'CityBrain-demo-2026');
    const probe: Probe = { latencies: [], received: 0 };
    let measuring = false;
    const sockets: Socket[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const s = connect(urls[i % 2]!, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie: admin.cookie },
      });
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      s.on('delta', (d: { upserts: Sensor[] }) => {
        const now = Date.now();
        if (!measuring) return;
        for (const it of d.upserts) probe.latencies.push(now - Date.parse(it.updatedAt));
        probe.received += d.upserts.length;
      });
      await s.timeout(10_000).emitWithAck('subscribe', { topic: 'sensors' });
      sockets.push(s);
    }
    log('pipeline: clients subscribed; writing');
    // Writers: every tick, the tick's changes go through one node, alternating (each node's own commits and the
    // other's, heard through the doorbell).
    let tick = 0;
    let inflight: Promise<unknown> = Promise.resolve();
    const write = (count: number) => {
      const app = apps[tick % 2]!;
      const at = Date.now();
      const items = Array.from({ length: count }, (_, k) => sensorAt((tick * count + k) % SENSORS, at));
      inflight = app.states.put('sensors', items);
      tick += 1;
    };
    await paced(changesPerSecond, 2, write); // warm-up
    await settle(300);
    measuring = true;
    await paced(changesPerSecond, SECONDS, write);
    await inflight;
    await settle(500);
    measuring = false;
    for (const s of sockets) s.close();
    return probe;
  } finally {
    for (const a of apps.reverse()) await a.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop schema if exists ${schema} cascade`);
    await admin.end();
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    const keys = await redis.keys(`bench-fanout-${run}:*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.quit();
  }
}

/** The floor: raw Socket.IO broadcasting the same batches from two servers, nothing else. */
async function floorRun(changesPerSecond: number, log: (m: string) => void): Promise<Probe> {
  const servers: { http: HttpServer; io: Server }[] = [];
  const probe: Probe = { latencies: [], received: 0 };
  let measuring = false;
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const http = createServer();
      const io = new Server(http, { serveClient: false });
      await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
      servers.push({ http, io });
    }
    for (let i = 0; i < CLIENTS; i++) {
      const port = (servers[i % 2]!.http.address() as AddressInfo).port;
      const s = connect(`http://127.0.0.1:${port}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('connect_error', reject);
      });
      s.on('delta', (d: { upserts: Sensor[] }) => {
        const now = Date.now();
        if (!measuring) return;
        for (const it of d.upserts) probe.latencies.push(now - Date.parse(it.updatedAt));
        probe.received += d.upserts.length;
      });
      sockets.push(s);
    }
    log('floor: clients connected; broadcasting');
    // The same cadence as the pipeline's flushes: what was written in each LIVE_FLUSH_MS goes out as one batch.
    let pending: Sensor[] = [];
    let tick = 0;
    const flush = setInterval(() => {
      if (pending.length === 0) return;
      const batch = { topic: 'sensors', upserts: pending };
      pending = [];
      for (const s of servers) s.io.emit('delta', batch);
    }, FLUSH_MS);
    const write = (count: number) => {
      const at = Date.now();
      for (let k = 0; k < count; k++) pending.push(sensorAt((tick * count + k) % SENSORS, at));
      tick += 1;
    };
    await paced(changesPerSecond, 2, write);
    await settle(300);
    measuring = true;
    await paced(changesPerSecond, SECONDS, write);
    await settle(500);
    measuring = false;
    clearInterval(flush);
    return probe;
  } finally {
    for (const s of sockets) s.close();
    for (const s of servers) {
      s.io.close();
      await new Promise((r) => s.http.close(r));
    }
  }
}

/** Calls `write(n)` every TICK_MS so that `perSecond` items are written per second, for `seconds`. */
async function paced(perSecond: number, seconds: number, write: (count: number) => void): Promise<void> {
  const start = Date.now();
  let written = 0;
  while (Date.now() - start < seconds * 1000) {
    const due = Math.floor(((Date.now() - start) / 1000) * perSecond);
    if (due > written) {
      write(due - written);
      written = due;
    }
    await settle(TICK_MS);
  }
}

function sensorAt(i: number, at: number): Sensor {
  return {
    id: `BENCH-${String(i).padStart(5, '0')}`,
    type: 'waterlogging',
    location: { lon: 121.4 + (i % 100) / 1000, lat: 31.2 + Math.floor(i / 100) / 1000 },
    district: '310101',
    value: i % 50,
    unit: 'cm',
    alarm: false,
    alarmEventId: null,
    // The send time: a later write of a sensor is always newer, so the store takes every one.
    updatedAt: new Date(at).toISOString(),
  };
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
