import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventsHourly } from '../../src/contract/stats';
import { orderFactory, postOrder, getJson } from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';
import type { Event } from '../../src/contract/event';

const HOUR = 3_600_000;

describe('the wall’s server data: hourly stats and the live window', () => {
  let server: TestServer;
  const now = Date.parse('2026-11-24T12:30:00.000Z');
  beforeAll(async () => {
    server = await startTestServer({}, undefined, { now: () => now });
    const orders = orderFactory(server.app.pack, 3);
    for (let i = 0; i < 12; i++) expect((await postOrder(server.url, orders.next())).status).toBe(200);
  });
  afterAll(() => server.stop());

  it('counts events reported per hour over the last 24 hours, every hour present', async () => {
    const res = await getJson<unknown>(`${server.url}/api/stats/events-hourly`);
    expect(res.status).toBe(200);
    const body = EventsHourly.parse(res.body);
    expect(body.buckets).toHaveLength(24);
    expect(body.to).toBe('2026-11-24T13:00:00.000Z'); // end of the current hour
    const events = (await getJson<{ items: Event[] }>(`${server.url}/api/events?limit=500`)).body.items;
    const expected = new Map<string, number>();
    for (const e of events)
      if (e.reportedAt >= body.from && e.reportedAt < body.to) {
        const hour = new Date(Math.floor(Date.parse(e.reportedAt) / HOUR) * HOUR).toISOString();
        expected.set(hour, (expected.get(hour) ?? 0) + 1);
      }
    expect(expected.size).toBeGreaterThan(0); // the orders fall inside the window, or the test proves nothing
    for (const b of body.buckets) expect(b.reported).toBe(expected.get(b.start) ?? 0);
    expect(body.buckets.every((b) => b.closed === 0)).toBe(true);
  });

  it('counts closed events by the hour of their last change and filters by district', async () => {
    const events = (await getJson<{ items: Event[] }>(`${server.url}/api/events?limit=500`)).body.items;
    const target = events[0]!;
    await server.app.db.kysely
      .updateTable('events')
      .set({ status: 'closed', updated_at: '2026-11-24T11:15:00.000Z' })
      .where('id', '=', target.id)
      .execute();
    const body = EventsHourly.parse((await getJson(`${server.url}/api/stats/events-hourly?hours=3`)).body);
    expect(body.buckets.map((b) => b.closed)).toEqual([0, 1, 0]);
    const other = target.district === '310101' ? '310104' : '310101';
    const elsewhere = EventsHourly.parse(
      (await getJson(`${server.url}/api/stats/events-hourly?hours=3&district=${other}`)).body,
    );
    expect(elsewhere.buckets.map((b) => b.closed)).toEqual([0, 0, 0]);
  });

  it.each([
    ['hours=0', 'hours'],
    ['hours=1000', 'hours'],
    ['hours=abc', 'hours'],
    ['district=31', 'district.0'],
    ['source=fax', 'source.0'],
  ])('refuses a bad query (%s) with BAD_REQUEST naming the field', async (query, path) => {
    const res = await getJson<{ error: { code: string; details: { path: string }[] } }>(
      `${server.url}/api/stats/events-hourly?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
    expect(res.body.error.details.map((d) => d.path)).toContain(path);
  });

  it('leaves events closed before the live window out of a snapshot that asks for the window', async () => {
    const events = (await getJson<{ items: Event[] }>(`${server.url}/api/events?limit=500`)).body.items;
    const old = events[1]!;
    const recent = events[2]!;
    await server.app.db.kysely
      .updateTable('events')
      .set({ status: 'closed', updated_at: new Date(Date.now() - 30 * HOUR).toISOString() })
      .where('id', '=', old.id)
      .execute();
    await server.app.db.kysely
      .updateTable('events')
      .set({ status: 'closed', updated_at: new Date(Date.now() - 2 * HOUR).toISOString() })
      .where('id', '=', recent.id)
      .execute();
    const windowed = await LiveClient.connect(server.url);
    const everything = await LiveClient.connect(server.url);
    try {
      await windowed.subscribe({ topic: 'events', filter: { closedWithinHours: 24 } });
      await everything.subscribe({ topic: 'events' });
      await windowed.waitFor(() => windowed.snapshots('events').length > 0, 'windowed snapshot');
      await everything.waitFor(() => everything.snapshots('events').length > 0, 'snapshot');
      const ids = (c: LiveClient) => new Set(c.snapshots('events')[0]!.items.map((e) => e.id));
      expect(ids(everything).has(old.id)).toBe(true);
      expect(ids(windowed).has(old.id)).toBe(false);
      expect(ids(windowed).has(recent.id)).toBe(true);
      // Exactly the events closed before the window are left out (the earlier test's closed event is dated
      // on the server's fixed clock, so it may be history by the wall clock too).
      const cutoff = Date.now() - 24 * HOUR;
      const history = everything
        .snapshots('events')[0]!
        .items.filter((e) => e.status === 'closed' && Date.parse(e.updatedAt) < cutoff)
        .map((e) => e.id);
      expect(history).toContain(old.id);
      expect([...ids(everything)].filter((id) => !ids(windowed).has(id)).sort()).toEqual(history.sort());
      expect(windowed.violations).toEqual([]);
    } finally {
      windowed.close();
      everything.close();
    }
  });

  it('refuses a live window outside 1 h … 30 days', async () => {
    const c = await LiveClient.connect(server.url);
    try {
      const ack = await c.subscribe({ topic: 'events', filter: { closedWithinHours: 0 } });
      expect(ack.ok).toBe(false);
      if (!ack.ok) expect(ack.error.code).toBe('BAD_REQUEST');
    } finally {
      c.close();
    }
  });
});
