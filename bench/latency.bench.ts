import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { io } from 'socket.io-client';
import { INTAKE_KEY_HEADER } from '../src/contract/auth';
import type { SourceId } from '../src/contract/source';
import { formatOffsetTime } from '../mock-server/subsystems/grid/native';
import { toCapXml } from '../mock-server/subsystems/warnings/cap-writer';
import { WarningsGenerator } from '../mock-server/subsystems/warnings/simulator';
import { formatLocal } from '../mock-server/simulation/local-time';
import { startTestServer } from '../tests/helpers/test-server';
import type { Benchmark, Figure } from './figure';
import { envInt } from './measure';

const SAMPLES = envInt('BENCH_LATENCY_SAMPLES', 30);
/** How often the polling connectors poll (CONNECTOR_POLL_MS): their latency is mostly waiting for the next poll. */
const POLL_MS = envInt('BENCH_LATENCY_POLL_MS', 2_000);
const FIXTURES = join(import.meta.dirname, '../mock-server/subsystems');
const fixture = (source: string, file: string) =>
  JSON.parse(readFileSync(join(FIXTURES, source, 'fixtures', file), 'utf8')) as Record<string, unknown>;

/**
 * End-to-end latency per source, from the simulated system's send to the delta leaving the gateway: the harness
 * stamps each native record when it hands it to the real transport (a webhook POST, an MQTT publish, or — for the
 * polled 数字城管 and 网格化 APIs — the moment the record becomes visible in the vendor's API), and a socket.io
 * client subscribed like a wall takes the time its delta arrives (loopback: the wire adds well under a millisecond).
 * The server runs with its real defaults (LIVE_FLUSH_MS 200: deltas are batched up to 200 ms), except the polling
 * interval, BENCH_LATENCY_POLL_MS (default 2 s, printed): a polled source's latency is about half of it plus a poll.
 */
export const latencyBench: Benchmark = {
  name: 'latency',
  async run(log) {
    const vendors = await startVendors();
    const mqttPort = await freePort();
    const server = await startTestServer({
      LIVE_FLUSH_MS: '200',
      CONNECTOR_POLL_MS: String(POLL_MS),
      CITY_MANAGEMENT_URL: vendors.url,
      GRID_URL: vendors.url,
      MQTT_PORT: String(mqttPort),
    });
    const sent = new Map<string, { source: SourceId; at: number }>();
    const latencies = new Map<SourceId, number[]>();
    const socket = io(server.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: server.admin.cookie },
    });
    const seen = (key: string) => {
      const s = sent.get(key);
      if (!s) return;
      sent.delete(key);
      const list = latencies.get(s.source) ?? [];
      list.push(performance.now() - s.at);
      latencies.set(s.source, list);
    };
    socket.on('delta', (d: { topic: string; upserts: { id: string; updatedAt?: string }[] }) => {
      for (const item of d.upserts) {
        seen(`${d.topic}:${item.id}`);
        if (d.topic === 'sensors') seen(`sensors:${item.id}@${item.updatedAt}`);
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    for (const topic of ['events', 'sensors', 'warnings'])
      await new Promise((r) => socket.emit('subscribe', { topic } as never, r as never));
    const broker = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { protocolVersion: 4 });

    const post = (source: SourceId, body: string, type = 'application/json') =>
      fetch(`${server.url}/api/intake/${source}`, {
        method: 'POST',
        headers: { 'content-type': type, [INTAKE_KEY_HEADER]: server.intakeKey(source) },
        body,
      }).then((r) => r.arrayBuffer());
    const expect = (key: string, source: SourceId) => sent.set(key, { source, at: performance.now() });
    const pack = server.app.pack;
    const tz = pack.manifest.timezone;
    const warnings = new WarningsGenerator(pack, 7);
    const alert = warnings.scenario(Date.now())[0]!.alert;
    const t0 = Date.now();

    log(`${SAMPLES} records per source, polled sources every ${POLL_MS} ms, deltas flushed every 200 ms`);
    for (let i = 0; i < SAMPLES; i++) {
      const now = Date.now();
      const n = String(i).padStart(4, '0');
      // 12345: a work order POSTed to the webhook.
      const order = {
        ...fixture('hotline', 'good-order.json'),
        工单编号: `LAT${t0}${n}`,
        受理时间: formatLocal(now, tz),
      };
      expect(`events:hotline:${order.工单编号}`, 'hotline');
      void post('hotline', JSON.stringify(order));
      // Video: an AI alarm pushed by the platform.
      const alarm = fixture('video', 'good-alarm-start.json');
      const alarmId = `ALLAT${t0}${n}`;
      expect(`events:video:${alarmId}`, 'video');
      void post(
        'video',
        JSON.stringify({
          ...alarm,
          alarmId,
          device: { ...(alarm['device'] as object), activeAlarmId: alarmId },
        }),
      );
      // Traffic police: a minute batch with an incident (and a few segment readings).
      const item = fixture('traffic', 'good-incident-item.json');
      const incident = { ...(item['incident'] as object), incidentId: `JJLAT${t0}${n}` };
      expect(`events:traffic:${incident.incidentId}`, 'traffic');
      void post(
        'traffic',
        JSON.stringify({
          batchId: `TBLAT${n}`,
          batchTime: item['batchTime'],
          interval: 60,
          segments: [],
          incidents: [incident],
        }),
      );
      // Warnings: a CAP alert.
      const identifier = `LAT${t0}${n}`;
      expect(`warnings:${alert.sender},${identifier}`, 'warnings');
      void post('warnings', toCapXml({ ...alert, identifier }), 'application/cap+xml');
      // IoT: a telemetry message published to the broker.
      const sensor = fixture('iot', 'good-noise.json');
      const message: Record<string, unknown> = { ...(sensor['payload'] as Record<string, unknown>), ts: now };
      expect(`sensors:${String(message['deviceId'])}@${new Date(now).toISOString()}`, 'iot');
      void broker.publishAsync(
        `city/noise/${String(message['deviceId'])}/telemetry`,
        JSON.stringify(message),
        { qos: 1 },
      );
      // Polled: the record appears in the vendor's API now; the connector finds it at its next poll.
      const caseCode = `${String(Math.floor(t0 / 1000) % 1e12).padStart(12, '0')}${String(i % 100).padStart(2, '0')}`;
      vendors.cityManagement.push({
        ...fixture('city-management', 'good-event-case-overdue.json'),
        caseCode,
        updateTime: Math.floor(now / 1000),
      });
      expect(`events:city-management:${caseCode}`, 'city-management');
      const caseId = `WGLAT${t0}${n}`;
      vendors.grid.push({
        ...fixture('grid', 'good-case.json'),
        case_id: caseId,
        updated_at: formatOffsetTime(now, tz),
      });
      expect(`events:grid:${caseId}`, 'grid');
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 300));
    }
    const deadline = Date.now() + POLL_MS * 2 + 5_000;
    while (sent.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (sent.size > 0) log(`no delta for ${sent.size} records: ${[...sent.keys()].slice(0, 5).join(', ')}`);
    socket.close();
    await broker.endAsync();
    await server.stop();
    await vendors.close();

    const figures: Figure[] = [];
    for (const source of [
      'hotline',
      'video',
      'traffic',
      'warnings',
      'iot',
      'city-management',
      'grid',
    ] as const) {
      const list = (latencies.get(source) ?? []).sort((a, b) => a - b);
      if (list.length === 0) throw new Error(`no latency measured for ${source}`);
      const q = (p: number) => list[Math.min(list.length - 1, Math.floor(p * list.length))]!;
      const name = source.replace('-', '_');
      figures.push({ name: `latency_${name}_p50`, value: q(0.5), unit: 'ms' });
      figures.push({ name: `latency_${name}_p99`, value: q(0.99), unit: 'ms' });
    }
    // The floors by design: a delta waits for the gateway's next flush (LIVE_FLUSH_MS, 200 ms: ~100 ms on average),
    // a polled record for the connector's next poll.
    figures.push({ name: 'latency_floor_live_flush', value: 200, unit: 'ms' });
    figures.push({ name: 'latency_floor_poll_interval', value: POLL_MS, unit: 'ms' });
    return figures;
  },
};

/** The 数字城管 case API and the 网格化 patrol API, serving what the harness made visible (newest change first). */
async function startVendors() {
  const cityManagement: Record<string, unknown>[] = [];
  const grid: Record<string, unknown>[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://vendor');
    const now = Date.now();
    let body: unknown;
    if (url.pathname === '/api/cases') {
      const since = Number(url.searchParams.get('updatedSince') ?? '0');
      const items = cityManagement.filter((c) => Number(c['updateTime']) >= since).reverse();
      body = {
        code: 0,
        msg: '成功',
        serverTime: Math.floor(now / 1000),
        data: { total: items.length, page: 1, pageSize: 100, items: items.slice(0, 100) },
      };
    } else if (url.pathname === '/patrol/cases') {
      const since = url.searchParams.get('since');
      const items = grid.filter((c) => since === null || String(c['updated_at']) >= since).reverse();
      body = {
        ok: true,
        server_time: formatOffsetTime(now, 'Asia/Shanghai'),
        total: items.length,
        offset: 0,
        limit: 200,
        cases: items.slice(0, 200),
      };
    } else if (url.pathname === '/patrol/workers') {
      body = { ok: true, server_time: formatOffsetTime(now, 'Asia/Shanghai'), workers: [] };
    } else if (url.pathname === '/patrol/verifications') {
      body = { ok: true, server_time: formatOffsetTime(now, 'Asia/Shanghai'), verifications: [] };
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cityManagement,
    grid,
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
