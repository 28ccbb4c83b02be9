import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import { buildApp } from '../mock-server/app';
import { parseConfig } from '../mock-server/config';
import { ConsoleQueueRepo, SEARCH_SCAN_CAP } from '../mock-server/store/console-queue-repo';
import { openSqlite } from '../mock-server/store/db';
import { QUEUE_COUNT_CAP, QueueQuery } from '../src/contract/console';
import { CATEGORIES, type Category, type EventStatus, type Severity } from '../src/contract/event';
import { Me } from '../src/contract/auth';
import { Delta, type ClientToServerEvents, type ServerToClientEvents } from '../src/contract/live';
import { Random } from '../mock-server/simulation/random';
import type { Benchmark, Figure } from './figure';
import { envInt, inTempDir } from './measure';

const EVENTS = envInt('BENCH_QUEUE_EVENTS', 1_000_000);
const RUNS = envInt('BENCH_QUEUE_RUNS', 200);
const RT_CLIENTS = envInt('BENCH_RT_CLIENTS', 20);
const RT_ACTIONS = envInt('BENCH_RT_ACTIONS', 100);
/** Time per query beyond which no more runs start (after at least 10). */
const QUERY_BUDGET_MS = envInt('BENCH_QUEUE_BUDGET_MS', 20_000);

const DISTRICTS = ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310115'];
const SOURCES = ['hotline', 'city-management', 'grid', 'video', 'iot', 'traffic'];
const OPEN: EventStatus[] = [
  'reported',
  'accepted',
  'dispatched',
  'in-progress',
  'resolved',
  'verified',
  'returned',
  'reopened',
];
const PLACES = [
  '南京东路',
  '人民广场',
  '徐家汇',
  '中山公园',
  '静安寺',
  '曹杨新村',
  '四川北路',
  '五角场',
  '陆家嘴',
  '漕溪北路',
  '淮海中路',
  '延安西路',
];
const PROBLEMS = [
  ['sanitation', '暴露垃圾堆放多日无人清理'],
  ['waterlogging', '地下通道积水严重，行人无法通过'],
  ['municipal-facility', '井盖松动，车辆经过有响声'],
  ['noise', '夜间施工噪声扰民'],
  ['illegal-parking', '非机动车乱停放占用盲道'],
  ['street-order', '流动摊贩占道经营'],
  ['road-damage', '路面坑洼破损'],
  ['pipe-burst', '供水管道爆裂漏水'],
] as const;
/** A rare problem (one event in a thousand): searching history for it reads everything. */
const RARE = '燃气泄漏';

/**
 * The duty console at scale: 1,000,000 events in a SQLite store (migrated, with the queue's indexes), the
 * queue's typical queries through ConsoleQueueRepo next to the same SQL hand-written on a raw prepared
 * statement (the floor: what the database alone costs), and the action round trip — HTTP action → stored →
 * the delta on every one of N open consoles (socket.io clients) — next to the HTTP answer alone.
 */
export const consoleQueueBench: Benchmark = {
  name: 'console-queue',
  async run(log) {
    const figures: Figure[] = [];
    await inTempDir('queue', async (dir) => {
      const db = await openSqlite(dir);
      const raw = new SQLite(join(dir, 'city-brain.sqlite'));
      // The same page cache as the store's own connection (db.ts), so the floor is not slowed by a smaller one.
      raw.pragma('cache_size = -65536');
      try {
        const t0 = performance.now();
        const now = generate(raw, EVENTS);
        log(
          `${EVENTS.toLocaleString('en-US')} events generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
        );
        raw.exec('ANALYZE');
        const repo = new ConsoleQueueRepo(db.kysely, 'sqlite');
        for (const q of queries(now)) {
          const viaRepo: number[] = [];
          const floor: number[] = [];
          const page = raw.prepare(q.sql);
          const counts = countStatements(raw, q);
          let rows = 0;
          // A query that scans everything gets fewer runs (a time budget), not fewer figures.
          const started = performance.now();
          for (let i = 0; i < RUNS && (i < 10 || performance.now() - started < QUERY_BUDGET_MS); i++) {
            const params = q.params(i);
            // Interleaved, so a slow spell on the shared machine hits both series.
            let s = performance.now();
            const res = await repo.queue({ ...QueueQuery.parse(q.query(i)), district: q.district(i) }, now);
            viaRepo.push(performance.now() - s);
            rows += res.items.length;
            s = performance.now();
            page.all(params);
            for (const c of counts) c(params);
            floor.push(performance.now() - s);
          }
          if (rows === 0) throw new Error(`${q.name} found nothing: the bench would measure an empty answer`);
          log(
            `${q.name}: ${viaRepo.length} runs, ${(rows / viaRepo.length).toFixed(0)} rows per page; repo p50 ${pct(viaRepo, 50).toFixed(2)} ms, floor ${pct(floor, 50).toFixed(2)} ms`,
          );
          figures.push(
            { name: `queue_${q.name}_p50`, value: pct(viaRepo, 50), unit: 'ms', digits: 2 },
            { name: `queue_${q.name}_p99`, value: pct(viaRepo, 99), unit: 'ms', digits: 2 },
            { name: `queue_${q.name}_floor_p50`, value: pct(floor, 50), unit: 'ms', digits: 2 },
            { name: `queue_${q.name}_floor_p99`, value: pct(floor, 99), unit: 'ms', digits: 2 },
            { name: `queue_${q.name}_ratio`, value: pct(viaRepo, 50) / pct(floor, 50), unit: '', digits: 2 },
          );
        }
      } finally {
        raw.close();
        await db.close();
      }
    });
    figures.push(...(await roundTrip(log)));
    return figures;
  },
};

interface BenchQuery {
  name: string;
  query: (i: number) => Record<string, string>;
  district: (i: number) => string[] | undefined;
  /** The same query hand-written: WHERE, the page's SQL, its parameters. */
  where: string;
  sql: string;
  params: (i: number) => unknown[];
  /** Text searches: the filters without the text (the repo counts matches among a bounded set of these). */
  text?: { where: string; needle: string };
}

/** The hand-written counts the repo's total runs (ConsoleQueueRepo.total): capped, and bounded for text. */
function countStatements(raw: SQLite.Database, q: BenchQuery): ((params: unknown[]) => void)[] {
  if (!q.text) {
    const s = raw.prepare(
      `select count(*) as n from (select 1 from events where ${q.where} limit ${QUEUE_COUNT_CAP + 1})`,
    );
    return [(p) => s.get(p)];
  }
  const { where, needle } = q.text;
  const matches = raw.prepare(
    `select count(*) as n from (select 1 from (select title, description, address from events where ${where}
       limit ${SEARCH_SCAN_CAP + 1}) c
     where instr(c.title, ?) > 0 or instr(c.description, ?) > 0 or instr(c.address, ?) > 0 limit ${QUEUE_COUNT_CAP + 1})`,
  );
  const scanned = raw.prepare(
    `select count(*) as n from (select 1 from events where ${where} limit ${SEARCH_SCAN_CAP + 1})`,
  );
  return [() => matches.get(needle, needle, needle), () => scanned.get()];
}

function queries(now: string): BenchQuery[] {
  const d = (i: number) => DISTRICTS[i % DISTRICTS.length]!;
  // The repo leaves the status list out when it is every open status (the partial index holds exactly those).
  const open = `status <> 'closed'`;
  return [
    {
      // The officer's default queue: open events of their district, most urgent first.
      name: 'open_district_by_sla',
      query: () => ({ status: OPEN.join(','), sort: 'sla', limit: '50' }),
      district: (i) => [d(i)],
      where: `${open} and district in (?)`,
      sql: `select * from events where ${open} and district in (?) order by sla_due_at, id limit 50`,
      params: (i) => [d(i)],
    },
    {
      name: 'status_severity',
      query: () => ({ status: 'reported', severity: 'II', sort: 'reported', limit: '50' }),
      district: () => undefined,
      where: `status in ('reported') and status <> 'closed' and severity in ('II')`,
      sql: `select * from events where status in ('reported') and status <> 'closed' and severity in ('II') order by reported_at desc, id limit 50`,
      params: () => [],
    },
    {
      name: 'overdue_city',
      query: () => ({ overdue: 'true', sort: 'sla', limit: '50' }),
      district: () => undefined,
      where: `status <> 'closed' and sla_due_at < '${now}'`,
      sql: `select * from events where status <> 'closed' and sla_due_at < '${now}' order by sla_due_at, id limit 50`,
      params: () => [],
    },
    {
      // Chinese full text over the open events (the queue's search box).
      name: 'search_open_zh',
      query: () => ({ status: OPEN.join(','), q: '积水', sort: 'sla', limit: '50' }),
      district: () => undefined,
      text: { where: open, needle: '积水' },
      where: `${open} and (instr(title, ?) > 0 or instr(description, ?) > 0 or instr(address, ?) > 0)`,
      sql: `select * from events where ${open} and (instr(title, ?) > 0 or instr(description, ?) > 0 or instr(address, ?) > 0) order by sla_due_at, id limit 50`,
      params: () => ['积水', '积水', '积水'],
    },
    {
      // A rare problem over all history, newest first: nothing narrows it, every row is read.
      name: 'search_history_rare_zh',
      query: () => ({ q: RARE, sort: 'reported', limit: '50' }),
      district: () => undefined,
      text: { where: '1 = 1', needle: RARE },
      where: `(instr(title, ?) > 0 or instr(description, ?) > 0 or instr(address, ?) > 0)`,
      sql: `select * from events where (instr(title, ?) > 0 or instr(description, ?) > 0 or instr(address, ?) > 0) order by reported_at desc, id limit 50`,
      params: () => [RARE, RARE, RARE],
    },
    {
      // A common problem over all history, newest first: the reported_at index finds 50 soon.
      name: 'search_history_zh',
      query: () => ({ q: '地下通道', sort: 'reported', limit: '50' }),
      district: () => undefined,
      text: { where: '1 = 1', needle: '地下通道' },
      where: `(instr(title, ?) > 0 or instr(description, ?) > 0 or instr(address, ?) > 0)`,
      sql: `select * from events where (instr(title, ?) > 0 or instr(description, ?) > 0 or instr(address, ?) > 0) order by reported_at desc, id limit 50`,
      params: () => ['地下通道', '地下通道', '地下通道'],
    },
  ];
}

/**
 * 1M events over two years, as a long-running city would have them: ~96% closed history, the rest open in
 * every status, spread over the districts, sources and categories, with SLA due times around now.
 * Direct batched inserts in one transaction (the store's schema and indexes, from its migrations).
 */
function generate(db: SQLite.Database, n: number): string {
  const rnd = new Random(20261124);
  const now = Date.parse('2026-11-24T08:00:00.000Z');
  const insert = db.prepare(
    `insert into events (id, source, native_id, category, severity, status, lon, lat, district, street, grid, title,
       description, address, reported_at, updated_at, source_updated_at, sla_due_at, assignee, version, seq, extra,
       department, escalation_level)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, null, ?, ?, ?, ?, ?, ?, ?, null, 1, ?, ?, null, 0)`,
  );
  const extra = JSON.stringify({ relatedIds: [], cameraIds: [], reporter: null, attributes: {} });
  const severity = (): Severity => {
    const x = rnd.next();
    return x < 0.02 ? 'I' : x < 0.1 ? 'II' : x < 0.3 ? 'III' : 'IV';
  };
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const [problemCategory, common] = PROBLEMS[rnd.int(0, PROBLEMS.length - 1)]!;
      const problem = rnd.chance(0.001) ? `疑似${RARE}，有刺鼻气味` : common;
      // Most events are one of the common problems; the rest spread over every category.
      const category: Category = rnd.chance(0.7)
        ? problemCategory
        : CATEGORIES[rnd.int(0, CATEGORIES.length - 1)]!;
      const open = rnd.chance(0.04);
      const status: EventStatus = open ? OPEN[rnd.int(0, OPEN.length - 1)]! : 'closed';
      const reported = open
        ? now - rnd.int(0, 3 * 86_400_000)
        : now - rnd.int(3 * 86_400_000, 730 * 86_400_000);
      const place = PLACES[rnd.int(0, PLACES.length - 1)]!;
      const district = DISTRICTS[rnd.int(0, DISTRICTS.length - 1)]!;
      const reportedAt = new Date(reported).toISOString();
      const slaDue = open ? new Date(now + rnd.int(-6 * 3_600_000, 24 * 3_600_000)).toISOString() : null;
      insert.run(
        `bench:${i}`,
        SOURCES[rnd.int(0, SOURCES.length - 1)],
        String(i),
        category,
        severity(),
        status,
        121.4 + rnd.next() * 0.15,
        31.18 + rnd.next() * 0.1,
        district,
        `${place} · ${problem.slice(0, 6)}`,
        `${place}${rnd.int(1, 1500)}号附近${problem}，请尽快处理。`,
        `上海市${place}${rnd.int(1, 1500)}号`,
        reportedAt,
        reportedAt,
        reportedAt,
        slaDue,
        i + 1,
        extra,
      );
    }
    db.prepare(`update sequences set value = ? where topic = 'events'`).run(n);
  })();
  return new Date(now).toISOString();
}

/** HTTP action → stored → delta on every open console, against the HTTP answer alone (stored and answered). */
async function roundTrip(log: (m: string) => void): Promise<Figure[]> {
  return inTempDir('roundtrip', async (dir) => {
    const config = parseConfig({
      PORT: '0',
      DATA_DIR: dir,
      STATIC_DIR: '',
      SIMULATORS: 'false',
      LOG_LEVEL: 'silent',
    });
    const app = await buildApp(config, pino({ level: 'silent' }));
    const url = await app.listen();
    const clients: Socket<ServerToClientEvents, ClientToServerEvents>[] = [];
    try {
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: config.SEED_PASSWORD }),
      });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const me = Me.parse(await login.json());
      const order = {
        工单编号: `BENCH${Date.now()}`,
        受理时间: '2026-11-24 08:00:00',
        来电渠道: '电话',
        诉求类型: '投诉',
        诉求分类: '城市管理/暴露垃圾',
        紧急程度: '一般',
        诉求内容: '基准测试工单',
        地址: '上海市黄浦区人民大道200号',
        经度: 121.478,
        纬度: 31.2284,
      };
      const posted = await fetch(`${url}/api/intake/hotline`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...app.security.intakeHeaders('hotline') },
        body: JSON.stringify(order),
      });
      const { id } = (await posted.json()) as { id: string };
      // The version each client has seen of the event, and who is waiting for which.
      const seen: number[] = [];
      const waiters: (() => void)[] = [];
      for (let c = 0; c < RT_CLIENTS; c++) {
        const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          extraHeaders: { cookie },
        });
        await new Promise<void>((resolve, reject) => {
          s.once('connect', () => resolve());
          s.once('connect_error', reject);
        });
        seen[c] = 0;
        s.on('delta', (rawDelta) => {
          const delta = Delta.parse(rawDelta);
          if (delta.topic !== 'events') return;
          for (const e of delta.upserts) if (e.id === id) seen[c] = Math.max(seen[c] ?? 0, e.version);
          for (const w of waiters.splice(0)) w();
        });
        await s.emitWithAck('subscribe', { topic: 'events' });
        clients.push(s);
      }
      let version = (
        (await (
          await fetch(`${url}/api/events/${encodeURIComponent(id)}`, { headers: { cookie } })
        ).json()) as { version: number }
      ).version;
      const http: number[] = [];
      const trip: number[] = [];
      const jitter = new Random(7);
      for (let i = 0; i < RT_ACTIONS; i++) {
        // An officer's click lands anywhere between two delta flushes, not right after one.
        await new Promise((r) => setTimeout(r, jitter.next() * config.LIVE_FLUSH_MS));
        const t0 = performance.now();
        const res = await fetch(`${url}/api/events/${encodeURIComponent(id)}/actions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({ action: 'note', version, note: `第 ${i + 1} 条备注` }),
        });
        if (res.status !== 200) throw new Error(`action answered ${res.status}: ${await res.text()}`);
        http.push(performance.now() - t0);
        version += 1;
        while (seen.some((v) => v < version)) await new Promise<void>((r) => waiters.push(r));
        trip.push(performance.now() - t0);
      }
      log(
        `round trip to ${RT_CLIENTS} consoles at LIVE_FLUSH_MS=${config.LIVE_FLUSH_MS}: p50 ${pct(trip, 50).toFixed(1)} ms`,
      );
      return [
        { name: 'action_http_p50', value: pct(http, 50), unit: 'ms', digits: 1 },
        { name: 'action_http_p99', value: pct(http, 99), unit: 'ms', digits: 1 },
        { name: `action_roundtrip_${RT_CLIENTS}_consoles_p50`, value: pct(trip, 50), unit: 'ms', digits: 1 },
        { name: `action_roundtrip_${RT_CLIENTS}_consoles_p99`, value: pct(trip, 99), unit: 'ms', digits: 1 },
        { name: 'live_flush_interval', value: config.LIVE_FLUSH_MS, unit: 'ms' },
      ];
    } finally {
      for (const c of clients) c.disconnect();
      await app.close();
    }
  });
}

function pct(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
