import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Event } from '../../src/contract/event';
import { FeedHealth } from '../../src/contract/feed-health';
import type { HotlineWorkOrder } from '../../mock-server/subsystems/hotline/native';
import { getJson, hotlineId, localTime, orderFactory, postOrder } from '../helpers/hotline-orders';
import { LiveClient, settle } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
/** The test server's LIVE_FLUSH_MS (tests/helpers/test-server.ts). */
const LIVE_FLUSH_MS = 50;
let orders: ReturnType<typeof orderFactory>;
const clients: LiveClient[] = [];
/** Every order this file posted, by event id, so a test can post an update of one. */
const posted = new Map<string, HotlineWorkOrder>();

beforeAll(async () => {
  server = await startTestServer();
  orders = orderFactory(server.app.pack, 21);
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await server?.stop();
});

async function client(): Promise<LiveClient> {
  const c = await LiveClient.connect(server.url);
  clients.push(c);
  return c;
}

/** Posts `n` new orders at once; resolves with their event ids once all are stored. */
async function postNew(n: number): Promise<string[]> {
  const batch = Array.from({ length: n }, () => orders.next());
  for (const o of batch) posted.set(hotlineId(o), o);
  const answers = await Promise.all(batch.map((o) => postOrder(server.url, o)));
  expect(answers.every((a) => a.status === 200 && a.body?.['outcome'] === 'accepted')).toBe(true);
  return batch.map(hotlineId);
}

const eventUrl = (id: string) => `${server.url}/api/events/${encodeURIComponent(id)}`;

const hasAll = (c: LiveClient, ids: string[]) => () => {
  const got = new Set(c.upsertedEventIds());
  return ids.every((id) => got.has(id));
};

describe('live protocol: events topic', () => {
  it('acks a subscribe with a snapshot carrying seq and epoch, then delivers posted orders as chained deltas', async () => {
    const c = await client();
    expect(await c.subscribe({ topic: 'events' })).toEqual({ ok: true, topic: 'events', mode: 'snapshot' });
    const [snap] = c.snapshots('events');
    expect(snap?.epoch).toBe(server.app.db.storeId);
    expect(snap?.seq).toBeGreaterThanOrEqual(0);

    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(...(await postNew(1)));
    await c.waitFor(hasAll(c, ids), '5 orders as deltas');
    expect(c.violations).toEqual([]);
    expect(c.deltas('events')[0]?.fromSeq).toBe(snap?.seq);
  });

  it('batches deltas: 50 orders posted at once arrive in at most one message per flush window, each event once', async () => {
    const c = await client();
    await c.subscribe({ topic: 'events' });
    const started = performance.now();
    const ids = await postNew(50);
    await c.waitFor(hasAll(c, ids), '50 orders as deltas');
    const elapsed = performance.now() - started;
    const messages = c.deltas('events').length;
    await settle();
    // The gateway flushes at most once per LIVE_FLUSH_MS (timers only ever run late), so the count is bounded
    // by the windows the posting spanned — on a loaded machine the 50 posts take longer, never more per window.
    const windows = Math.floor(elapsed / LIVE_FLUSH_MS) + 1;
    expect(messages).toBeLessThanOrEqual(windows);
    expect(messages).toBeLessThan(50);
    expect(c.upsertedEventIds()).toHaveLength(50);
    expect(c.violations).toEqual([]);
  });

  it('resumes a reconnecting client with exactly the changes it missed: no gap, no duplicate', async () => {
    const first = await client();
    await first.subscribe({ topic: 'events' });
    const seen = await postNew(3);
    await first.waitFor(hasAll(first, seen), 'the first orders');
    await settle();
    const sinceSeq = first.held.get('events')!;
    const epoch = first.epochs.get('events')!;
    first.close();

    const missedNew = await postNew(10);
    // One event the client already has changes while it is away: it must come again, once, in its new state.
    const changed = {
      ...posted.get(seen[0]!)!,
      更新时间: localTime(server.app.pack, orders.baseTime + 86_400_000),
    };
    expect((await postOrder(server.url, changed)).body?.['outcome']).toBe('updated');

    const second = await client();
    expect(await second.subscribe({ topic: 'events', sinceSeq, epoch })).toEqual({
      ok: true,
      topic: 'events',
      mode: 'resume',
    });
    expect(second.snapshots('events')).toHaveLength(0);
    const [resume] = second.deltas('events');
    expect(resume?.fromSeq).toBe(sinceSeq);
    const upserts = resume?.upserts ?? [];
    expect(upserts.map((e) => e.id).sort()).toEqual([...missedNew, seen[0]!].sort());
    expect(upserts.find((e) => e.id === seen[0])?.version).toBe(2);

    // And the stream carries on from where the resume left it.
    const later = await postNew(2);
    await second.waitFor(hasAll(second, later), 'orders after the resume');
    expect(second.violations).toEqual([]);
    expect(new Set(second.upsertedEventIds()).size).toBe(second.upsertedEventIds().length);
  });

  it('sends a fresh snapshot when the epoch is another store’s or sinceSeq is ahead of the server', async () => {
    const c = await client();
    await c.subscribe({ topic: 'events' });
    const { seq, epoch } = c.snapshots('events')[0]!;

    const other = await client();
    expect(await other.subscribe({ topic: 'events', sinceSeq: seq, epoch: 'another-store' })).toMatchObject({
      mode: 'snapshot',
    });
    expect(other.snapshots('events')).toHaveLength(1);

    const ahead = await client();
    expect(await ahead.subscribe({ topic: 'events', sinceSeq: seq + 1000, epoch })).toMatchObject({
      mode: 'snapshot',
    });
    expect(ahead.snapshots('events')[0]?.seq).toBe(seq);
    expect(other.violations.concat(ahead.violations)).toEqual([]);
  });

  it('refuses an unknown topic and malformed subscribes with coded acks, and keeps serving', async () => {
    const c = await client();
    const unknown = await c.subscribe({ topic: 'weather' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TOPIC' } });
    for (const malformed of [
      { topic: 'events', sinceSeq: -1 },
      { topic: 'events', filter: { districts: ['x'] } },
      null,
      'events',
      42,
    ]) {
      const ack = await c.subscribe(malformed);
      expect(ack, JSON.stringify(malformed)).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    }
    expect(c.messages).toHaveLength(0);
    // Same socket, same server: still working.
    expect(await c.subscribe({ topic: 'events' })).toMatchObject({ ok: true, mode: 'snapshot' });
    expect((await getJson(`${server.url}/api/feeds`)).status).toBe(200);
  });

  it('delivers only the events of the districts a client filters on', async () => {
    const ids = await postNew(30);
    const events = await Promise.all(ids.map(async (id) => Event.parse((await getJson(eventUrl(id))).body)));
    const counts = new Map<string, number>();
    for (const e of events) if (e.district) counts.set(e.district, (counts.get(e.district) ?? 0) + 1);
    const [district] = [...counts].sort((a, b) => b[1] - a[1])[0]!;

    const c = await client();
    await c.subscribe({ topic: 'events', filter: { districts: [district] } });
    const snapItems = c.snapshots('events')[0]?.items ?? [];
    expect(snapItems.length).toBeGreaterThan(0);
    expect(snapItems.every((e) => e.district === district)).toBe(true);

    const more = await postNew(30);
    const expected = (
      await Promise.all(more.map(async (id) => Event.parse((await getJson(eventUrl(id))).body)))
    )
      .filter((e) => e.district === district)
      .map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    await c.waitFor(hasAll(c, expected), 'the district’s new events');
    // A further flush interval, so an event of another district would have arrived by now if it leaked.
    await settle();
    const delivered = c.deltas('events').flatMap((d) => d.upserts);
    expect(delivered.every((e) => e.district === district)).toBe(true);
    expect(delivered.map((e) => e.id).sort()).toEqual(expected.sort());
    expect(c.violations).toEqual([]);
  });
});

describe('live protocol: health topic', () => {
  it('delivers the hotline feed health as a snapshot, then as deltas when records arrive', async () => {
    const c = await client();
    expect(await c.subscribe({ topic: 'health' })).toEqual({ ok: true, topic: 'health', mode: 'snapshot' });
    const hotline = (c.snapshots('health')[0]?.items ?? []).find((h) => h.source === 'hotline');
    const before = FeedHealth.parse(hotline);
    await postNew(1);
    const latest = () =>
      c
        .deltas('health')
        .flatMap((d) => d.upserts)
        .filter((h) => h.source === 'hotline')
        .at(-1);
    await c.waitFor(() => (latest()?.received ?? 0) > before.received, 'hotline health delta', 4000);
    expect(latest()).toMatchObject({ source: 'hotline', connected: true, state: 'healthy' });
    expect(c.violations).toEqual([]);
  });
});
