import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/contract/errors';
import { EventPage } from '../../src/contract/rest';
import {
  getJson,
  hotlineId,
  localTime,
  orderFactory,
  postOrder,
  type Posted,
} from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

const running: TestServer[] = [];
afterEach(async () => {
  // The last server of each test owns the data dir and removes it; earlier ones were stopped keeping it.
  for (const s of running.splice(0).reverse()) await s.stop();
});

async function start(dataDir?: string): Promise<TestServer> {
  const s = await startTestServer({}, dataDir);
  running.push(s);
  return s;
}

async function stopKeepingData(s: TestServer): Promise<void> {
  running.splice(running.indexOf(s), 1);
  await s.stop({ keepData: true });
}

const allEvents = async (s: TestServer) =>
  EventPage.parse((await getJson(`${s.url}/api/events?limit=500`)).body);

describe('restart on the same data directory', () => {
  it('keeps the events and the epoch, and resumes an old client with exactly the later changes', async () => {
    const first = await start();
    const orders = orderFactory(first.app.pack, 41);
    const before = Array.from({ length: 10 }, () => orders.next());
    for (const o of before) expect((await postOrder(first.url, o)).status).toBe(200);
    const c1 = await LiveClient.connect(first.url);
    await c1.subscribe({ topic: 'events' });
    const { seq, epoch, items } = c1.snapshots('events')[0]!;
    expect(items).toHaveLength(10);
    c1.close();
    const stored = await allEvents(first);
    await stopKeepingData(first);

    const second = await start(first.dataDir);
    expect(await allEvents(second)).toEqual(stored);

    const after = Array.from({ length: 5 }, () => orders.next());
    for (const o of after) expect((await postOrder(second.url, o)).body?.['outcome']).toBe('accepted');
    const changed = { ...before[0]!, 更新时间: localTime(second.app.pack, orders.baseTime + 86_400_000) };
    expect((await postOrder(second.url, changed)).body?.['outcome']).toBe('updated');

    const fresh = await LiveClient.connect(second.url);
    await fresh.subscribe({ topic: 'events' });
    expect(fresh.snapshots('events')[0]?.epoch).toBe(epoch);

    const resumed = await LiveClient.connect(second.url);
    expect(await resumed.subscribe({ topic: 'events', sinceSeq: seq, epoch })).toMatchObject({
      ok: true,
      mode: 'resume',
    });
    const [delta] = resumed.deltas('events');
    const ids = (delta?.upserts ?? []).map((e) => e.id);
    expect(ids.sort()).toEqual([...after, before[0]!].map(hotlineId).sort());
    expect(resumed.violations).toEqual([]);
    fresh.close();
    resumed.close();
  });
});

describe('graceful shutdown', () => {
  it('answers every order posted around close() with 200 only once it is stored, otherwise refuses it', async () => {
    const server = await start();
    const orders = orderFactory(server.app.pack, 42);
    type Answer = Posted | { status: 'network-error'; body: null };
    const sent: { id: string; answer: Answer }[] = [];

    // Eight senders post back to back on keep-alive connections, like a busy platform, until refused.
    const sender = async () => {
      for (;;) {
        const order = orders.next();
        const answer: Answer = await postOrder(server.url, order).catch(
          // The connection was closed under the request: no acknowledgement, so the platform retries later.
          () => ({ status: 'network-error' as const, body: null }),
        );
        sent.push({ id: hotlineId(order), answer });
        if (answer.status !== 200) return;
      }
    };
    const senders = Array.from({ length: 8 }, sender);
    await new Promise((r) => setTimeout(r, 300));
    await stopKeepingData(server);
    await Promise.all(senders);

    const reopened = await start(server.dataDir);
    const stored = new Set((await allEvents(reopened)).items.map((e) => e.id));
    const tally = { stored: 0, refused: 0, networkError: 0 };
    for (const { id, answer } of sent) {
      if (answer.status === 200) {
        expect(stored.has(id), `${id} was acknowledged but is not in the store`).toBe(true);
        tally.stored += 1;
      } else if (answer.status === 503) {
        expect(ApiError.parse(answer.body).error.code).toBe('SHUTTING_DOWN');
        tally.refused += 1;
      } else {
        expect(answer.status, JSON.stringify(answer.body)).toBe('network-error');
        tally.networkError += 1;
      }
    }
    // A record stored whose answer was lost is fine (the redelivery is a duplicate); one from nowhere is not.
    const sentIds = new Set(sent.map((s) => s.id));
    expect([...stored].filter((id) => !sentIds.has(id))).toEqual([]);
    // The race only means something if close() overlapped with senders still posting.
    expect(tally.stored, JSON.stringify(tally)).toBeGreaterThan(8);
    expect(tally.refused + tally.networkError, JSON.stringify(tally)).toBe(8);
  });

  it('finishes a request already in progress at close() and refuses the next one on that connection with 503', async () => {
    const server = await start();
    const orders = orderFactory(server.app.pack, 43);
    const [inProgress, next] = [orders.next(), orders.next()];
    const request = (o: object) => {
      const body = Buffer.from(JSON.stringify(o));
      const head = `POST /api/intake/hotline HTTP/1.1\r\nHost: x\r\nX-Intake-Key: ${server.intakeKey('hotline')}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      return Buffer.concat([Buffer.from(head), body]);
    };
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    const received: Buffer[] = [];
    socket.on('data', (b: Buffer) => received.push(b));
    const ended = new Promise<void>((r) => socket.on('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));

    // Headers and half the body: the request is in progress when shutdown starts.
    const first = request(inProgress);
    socket.write(first.subarray(0, first.length - 20));
    await new Promise((r) => setTimeout(r, 100));
    const closed = stopKeepingData(server);
    await new Promise((r) => setTimeout(r, 100));
    // The rest of the first request, then a second one pipelined on the same connection.
    socket.write(Buffer.concat([first.subarray(first.length - 20), request(next)]));
    await closed;
    await ended;

    const text = Buffer.concat(received).toString('utf8');
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 503]);
    expect(text).toContain('"code":"SHUTTING_DOWN"');
    const stored = new Set((await allEvents(await start(server.dataDir))).items.map((e) => e.id));
    expect(stored.has(hotlineId(inProgress))).toBe(true);
    expect(stored.has(hotlineId(next))).toBe(false);
  });
});
