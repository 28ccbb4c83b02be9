import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventDraft } from '../../src/contract/event';
import type { FeedHealth } from '../../src/contract/feed-health';
import type { Sensor } from '../../src/contract/entities';
import { describeWithPostgres, openPgTestStore, PG_URL } from '../../tests/helpers/test-store';
import { CursorsRepo } from './cursors-repo';
import { openPostgres, openSqlite, type Db } from './db';
import { DeadLettersRepo } from './dead-letters-repo';
import { EventsRepo } from './events-repo';
import { LeasesRepo } from './leases-repo';
import { NodeHealthRepo } from './node-health-repo';
import { sequenceHeads, StatesRepo } from './states-repo';
import { storeNowMs } from './store-clock';

/**
 * One query-builder code path for both stores: the same repository calls on the embedded SQLite and on
 * PostgreSQL must give the same answers. The few dialect differences (auto ids, triggers, the store clock, row
 * locks) are isolated in migrations.ts, store-clock.ts and the repos' `dialect` option; this runs them all.
 */
function draft(n: number, sourceUpdatedAt: string, over: Partial<EventDraft> = {}): EventDraft {
  return {
    source: 'hotline',
    nativeId: `WO-${n}`,
    category: n % 2 ? 'waterlogging' : 'noise',
    title: `工单 ${n}`,
    description: `诉求内容 ${n}，含'引号"与\\反斜杠`,
    severity: n % 3 ? 'IV' : 'III',
    location: { lon: 121.4 + n / 1000, lat: 31.2 + n / 1000 },
    address: `上海市黄浦区${n}号`,
    district: n % 2 ? '310101' : '310104',
    street: null,
    grid: null,
    reportedAt: `2026-11-24T02:${String(n).padStart(2, '0')}:00.000Z`,
    sourceUpdatedAt,
    cameraIds: [],
    reporter: { name: '张三', phone: '13800000000' },
    attributes: { channel: 'phone', n, urgent: n % 4 === 0 },
    ...over,
  };
}

function sensor(i: number, at: string, value: number): Sensor {
  return {
    id: `S-${i}`,
    type: 'waterlogging',
    location: { lon: 121.47, lat: 31.23 },
    district: '310101',
    value,
    unit: 'cm',
    alarm: value > 20,
    alarmEventId: null,
    updatedAt: at,
  };
}

const T = (m: number) => `2026-11-24T03:${String(m).padStart(2, '0')}:00.000Z`;

/** Every call under test, on one store; the answers as plain data. */
async function scenario(db: Db): Promise<Record<string, unknown>> {
  const events = new EventsRepo(db.kysely, { dialect: db.dialect });
  const states = new StatesRepo(db.kysely, db.dialect);
  const out: Record<string, unknown> = {};
  out['apply1'] = await events.applyDrafts(
    Array.from({ length: 12 }, (_, i) => draft(i + 1, T(1))),
    T(2),
  );
  out['apply2'] = await events.applyDrafts(
    [
      draft(3, T(1)),
      draft(4, T(0)),
      draft(5, T(5), { title: '更新' }),
      draft(5, T(6), { title: '再更新' }),
      // PostgreSQL text refuses NUL: a hostile citizen text must not fail the batch there.
      draft(13, T(1), { description: 'nul\u0000inside', attributes: { k: 'v\u0000' } }),
    ],
    T(7),
  );
  out['list'] = await events.list({
    limit: 5,
    offset: 2,
    district: ['310101'],
    severity: ['IV', 'III'],
  } as Parameters<EventsRepo['list']>[0]);
  out['get'] = await events.get('hotline:WO-5');
  out['count'] = await events.count();
  out['snapshot'] = await events.snapshot();
  out['since'] = await events.changesSince(10, 100);
  out['sinceTooMany'] = await events.changesSince(0, 3);
  out['afterPaged'] = await events.changesAfter(0, 5);
  out['afterRest'] = await events.changesAfter(5, 100);
  out['openSince'] = (await events.openSince(T(0).replace('03:', '02:'), ['noise'])).map((e) => e.id);

  out['states1'] = await states.upsert('sensors', [
    sensor(1, T(1), 3),
    sensor(2, T(1), 30),
    sensor(1, T(2), 4),
  ]);
  out['states2'] = await states.upsert('sensors', [
    sensor(1, T(1), 9),
    sensor(2, T(3), 31),
    sensor(3, T(3), 0),
    { ...sensor(4, T(3), 0), id: 'S-\u00004' },
  ]);
  out['statesAll'] = await states.all('sensors');
  out['statesAfter'] = await states.changesAfter('sensors', 1, 10);
  out['statesSnapshot'] = await states.snapshot('sensors');
  out['heads'] = Object.fromEntries(await sequenceHeads(db.kysely));

  const cursors = new CursorsRepo(db.kysely);
  await cursors.set('x', '1');
  await cursors.set('x', '2');
  out['cursor'] = await cursors.get('x');

  const dead = new DeadLettersRepo(db.kysely);
  await dead.add([
    { source: 'hotline', code: 'INTAKE_SCHEMA', message: 'm1', raw: '{"a":1}', receivedAt: T(1) },
    { source: 'iot', code: 'INTAKE_DECODE', message: 'm2', raw: 'garbage \u0000?', receivedAt: T(2) },
  ]);
  out['dead'] = await dead.get(2);

  const leases = new LeasesRepo(db.kysely, db.dialect);
  out['lease'] = [
    await leases.acquire('l', 'a', 60_000),
    await leases.acquire('l', 'b', 60_000),
    await leases.acquire('l', 'a', 60_000),
  ].map((l) => l && { holder: l.holder, term: l.term });

  const health = new NodeHealthRepo(db.kysely, db.dialect);
  const feed: FeedHealth = {
    source: 'hotline',
    state: 'healthy',
    connected: true,
    lastMessageAt: T(1),
    ratePerMin: 1.5,
    lagSeconds: 0.2,
    expectedIntervalMs: 60_000,
    staleAfterMs: 180_000,
    received: 3,
    accepted: 2,
    duplicates: 1,
    quarantined: 0,
    errors: 0,
    lastError: null,
  };
  await health.put('n1', [feed]);
  await health.put('n2', [{ ...feed, received: 9 }]);
  out['health'] = (await health.fresh(60_000, 'n1')).map((n) => [n.nodeId, n.feeds[0]!.received]);

  const clock = await db.kysely.selectNoFrom(storeNowMs(db.dialect).as('now')).executeTakeFirstOrThrow();
  out['clockNearNow'] = Math.abs(Number(clock.now) - Date.now()) < 5_000;
  return out;
}

await describeWithPostgres('one data layer on SQLite and PostgreSQL', () => {
  let sqlite: Db;
  let postgres: Db;
  beforeAll(async () => {
    sqlite = await openSqlite(':memory:');
    postgres = await openPgTestStore();
  });
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
  });

  it('answers the same repository calls with the same results', async () => {
    const a = await scenario(sqlite);
    const b = await scenario(postgres);
    expect(a['clockNearNow']).toBe(true);
    for (const key of Object.keys(a)) expect(b[key], key).toEqual(a[key]);
  });
});

await describeWithPostgres('concurrent writers on PostgreSQL (two nodes, one store)', () => {
  let nodeA: Db;
  let nodeB: Db;
  beforeAll(async () => {
    nodeA = await openPgTestStore(8);
    const schema = /schema (\w+)/.exec(nodeA.location)![1]!;
    nodeB = await openPostgres(PG_URL, { schema, poolSize: 8 });
  });
  afterAll(async () => {
    await nodeB?.close();
    await nodeA?.close();
  });

  it('stores a reading delivered to both nodes at once a single time, under one sequence number', async () => {
    const a = new StatesRepo(nodeA.kysely, 'postgres');
    const b = new StatesRepo(nodeB.kysely, 'postgres');
    for (let round = 0; round < 10; round++) {
      const reading = sensor(round, T(10 + round), round);
      const [x, y] = await Promise.all([a.upsert('sensors', [reading]), b.upsert('sensors', [reading])]);
      expect(x.length + y.length, `round ${round}`).toBe(1);
    }
    expect((await sequenceHeads(nodeA.kysely)).get('sensors')).toBe(10);
  });

  it('creates an event reported to both nodes at once once: one accepted, one duplicate', async () => {
    const a = new EventsRepo(nodeA.kysely, { dialect: 'postgres' });
    const b = new EventsRepo(nodeB.kysely, { dialect: 'postgres' });
    for (let round = 0; round < 10; round++) {
      const d = draft(40 + round, T(1));
      const [[x], [y]] = await Promise.all([a.applyDrafts([d], T(2)), b.applyDrafts([d], T(2))]);
      expect([x!.outcome, y!.outcome].sort(), `round ${round}`).toEqual(['accepted', 'duplicate']);
    }
    expect(await a.currentSeq()).toBe(10);
  });
});

await describeWithPostgres('migrating beside other tenants of the same PostgreSQL', () => {
  it('migrates a new schema while another schema is created and dropped over and over', async () => {
    // Kysely's migration check lists every schema's tables; a schema dropped meanwhile used to fail the start-up.
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const churned = `t_churn_${process.pid}`;
    let stop = false;
    const churn = (async () => {
      while (!stop) {
        await admin.query(`create schema if not exists ${churned}`);
        await admin.query(`create table if not exists ${churned}.a (x int)`);
        await admin.query(`create table if not exists ${churned}.b (x int)`);
        await admin.query(`drop schema ${churned} cascade`);
        // As test servers come and go: a drop every few milliseconds, not back to back forever.
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    try {
      for (let i = 0; i < 8; i++) {
        const db = await openPgTestStore(2);
        expect(await new CursorsRepo(db.kysely).get('hotline')).toBeNull();
        await db.close();
      }
    } finally {
      stop = true;
      await churn;
      await admin.query(`drop schema if exists ${churned} cascade`);
      await admin.end();
    }
  }, 60_000);
});
