import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sensor } from '../../src/contract/entities';
import { describeWithPostgres, openPgTestStore, PG_URL } from '../../tests/helpers/test-store';
import { listenForCommits } from '../cluster/store-doorbell';
import { openPostgres, openSqlite, type Db } from '../store/db';
import { sequenceHeads, StatesRepo } from '../store/states-repo';
import { ChangeStream, type SeqChange } from './change-stream';

const log = pino({ level: 'silent' });
const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

function sensor(i: number, minute = 0): Sensor {
  return {
    id: `WL-${String(i).padStart(5, '0')}`,
    type: 'waterlogging',
    location: { lon: 121.47, lat: 31.23 },
    district: '310101',
    value: i,
    unit: 'cm',
    alarm: false,
    alarmEventId: null,
    updatedAt: new Date(Date.UTC(2026, 10, 24, 2, minute, 0, i % 1000)).toISOString(),
  };
}

async function streamOn(db: Db, opts: { pageSize?: number; gapWaitMs?: number } = {}) {
  const repo = new StatesRepo(db.kysely, db.dialect);
  const stream = new ChangeStream({
    readers: { sensors: (since, limit) => repo.changesAfter('sensors', since, limit) },
    heads: () => sequenceHeads(db.kysely),
    log,
    ...opts,
  });
  await stream.start();
  const seen: SeqChange[] = [];
  stream.subscribe((c) => seen.push(c));
  open.push(stream);
  return { repo, stream, seen };
}

/** The stretches must chain from `start` with no gap and no overlap, every number's item at most once. */
function expectChained(seen: SeqChange[], start: number): { toSeq: number; seqs: number[] } {
  let at = start;
  const seqs: number[] = [];
  for (const c of seen) {
    expect(c.fromSeq, 'a stretch starts where the previous one ended').toBe(at);
    expect(c.toSeq).toBeGreaterThan(c.fromSeq);
    for (const i of c.items) {
      expect(i.seq).toBeGreaterThan(c.fromSeq);
      expect(i.seq).toBeLessThanOrEqual(c.toSeq);
      seqs.push(i.seq);
    }
    at = c.toSeq;
  }
  expect(new Set(seqs).size, 'no number is passed on twice').toBe(seqs.length);
  expect(
    [...seqs].sort((a, b) => a - b),
    'numbers leave in order',
  ).toEqual(seqs);
  return { toSeq: at, seqs };
}

const until = async (cond: () => boolean, what: string, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the change stream (SQLite)', () => {
  it('passes on changes published out of order in sequence order, as chained stretches', async () => {
    const db = await openSqlite(':memory:');
    open.push(db);
    const { repo, stream, seen } = await streamOn(db, { gapWaitMs: 10_000 });
    const a = await repo.upsert('sensors', [sensor(1), sensor(2)]);
    const b = await repo.upsert('sensors', [sensor(3)]);
    const c = await repo.upsert('sensors', [sensor(4), sensor(5)]);
    // Published as concurrent transactions may finish: the last commit first.
    stream.offer({ topic: 'sensors', items: c });
    stream.offer({ topic: 'sensors', items: a });
    expect(seen.map((s) => [s.fromSeq, s.toSeq])).toEqual([[0, 2]]);
    stream.offer({ topic: 'sensors', items: b });
    expect(seen.map((s) => [s.fromSeq, s.toSeq])).toEqual([
      [0, 2],
      [2, 5],
    ]);
    expect(expectChained(seen, 0).seqs).toEqual([1, 2, 3, 4, 5]);
  });

  it('reads the store for numbers nobody published here (another node committed them)', async () => {
    const db = await openSqlite(':memory:');
    open.push(db);
    const { repo, stream, seen } = await streamOn(db, { gapWaitMs: 0 });
    await repo.upsert('sensors', [sensor(1), sensor(2), sensor(3)]);
    await repo.upsert('sensors', [sensor(2, 1)]); // sensor 2 changes again: listed once, at its later number
    stream.ring('sensors', 4);
    await until(() => stream.head('sensors') === 4, 'the stream to read up to 4');
    expectChained(seen, 0);
    expect(seen.flatMap((s) => s.items.map((i) => [i.seq, (i.item as Sensor).id]))).toEqual([
      [1, 'WL-00001'],
      [3, 'WL-00003'],
      [4, 'WL-00002'],
    ]);
  });

  it('fills a gap from the store when the missing numbers are never published, then continues locally', async () => {
    const db = await openSqlite(':memory:');
    open.push(db);
    const { repo, stream, seen } = await streamOn(db, { gapWaitMs: 5 });
    await repo.upsert('sensors', [sensor(1)]); // committed, never offered (a writer that died before publishing)
    const second = await repo.upsert('sensors', [sensor(2)]);
    stream.offer({ topic: 'sensors', items: second });
    await until(() => stream.head('sensors') === 2, 'the gap to be read');
    stream.offer({ topic: 'sensors', items: await repo.upsert('sensors', [sensor(3)]) });
    expect(expectChained(seen, 0).seqs).toEqual([1, 2, 3]);
  });

  it('reads a long gap in pages, still chained', async () => {
    const db = await openSqlite(':memory:');
    open.push(db);
    const { repo, stream, seen } = await streamOn(db, { gapWaitMs: 0, pageSize: 7 });
    await repo.upsert(
      'sensors',
      Array.from({ length: 30 }, (_, i) => sensor(i + 1)),
    );
    stream.ring('sensors', 30);
    await until(() => stream.head('sensors') === 30, 'all pages');
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(expectChained(seen, 0).seqs).toHaveLength(30);
  });

  it('starts where the store stands: older changes are history, not stream', async () => {
    const db = await openSqlite(':memory:');
    open.push(db);
    await new StatesRepo(db.kysely).upsert('sensors', [sensor(1), sensor(2)]);
    const { repo, stream, seen } = await streamOn(db);
    expect(stream.head('sensors')).toBe(2);
    stream.offer({ topic: 'sensors', items: await repo.upsert('sensors', [sensor(3)]) });
    expect(seen.map((s) => [s.fromSeq, s.toSeq])).toEqual([[2, 3]]);
  });
});

await describeWithPostgres('the change stream on PostgreSQL', () => {
  it('keeps sequence order when 40 transactions commit concurrently on a pool and publish as they finish', async () => {
    const db = await openPgTestStore(10);
    open.push(db);
    const { repo, stream, seen } = await streamOn(db);
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, t) => {
        const items = Array.from({ length: 5 }, (_, k) => sensor(t * 5 + k + 1));
        const stored = await repo.upsert('sensors', items);
        order.push(stored[0]!.seq);
        stream.offer({ topic: 'sensors', items: stored });
      }),
    );
    await until(() => stream.head('sensors') === 200, 'all 200 changes');
    const { seqs } = expectChained(seen, 0);
    expect(seqs).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // What the hub saw is recorded too: the stream's order holds however the commits were published.
    expect(order).toHaveLength(40);
  });

  it('hears another node’s commits through the store doorbell and passes them on in order', async () => {
    const nodeA = await openPgTestStore(4);
    open.push(nodeA);
    const schema = /schema (\w+)/.exec(nodeA.location)![1]!;
    // Node B: its own pool on the same schema, its own stream, woken only by NOTIFY.
    const nodeB = await openPostgres(PG_URL, { schema, poolSize: 4 });
    const { stream, seen } = await streamOn(nodeB);
    const bell = await listenForCommits({
      url: PG_URL,
      schema,
      ring: (topic, seq) => stream.ring(topic, seq),
      check: async () => undefined,
      log,
    });
    open.push({ close: () => bell.close() }, nodeB);
    const writer = new StatesRepo(nodeA.kysely, nodeA.dialect);
    await Promise.all(
      Array.from({ length: 20 }, (_, t) => writer.upsert('sensors', [sensor(t * 2 + 1), sensor(t * 2 + 2)])),
    );
    await until(() => stream.head('sensors') === 40, 'node B to see node A’s 40 changes');
    expect(expectChained(seen, 0).seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});
