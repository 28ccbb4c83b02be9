import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/contract/errors';
import type { FeedHealth } from '../../src/contract/feed-health';
import { DeadLetterPage, EventPage } from '../../src/contract/rest';
import type { HotlineWorkOrder } from '../../mock-server/subsystems/hotline/native';
import { getJson, hotlineId, orderFactory, postOrder, type Posted } from '../helpers/hotline-orders';
import { startTestServer, type TestServer } from '../helpers/test-server';

interface Send {
  body: string;
  contentType: string;
  /** The good order it carries, or the code a bad record must be quarantined with. */
  expect: { good: HotlineWorkOrder } | { status: number; code: ErrorCode };
}

const GOOD = 200;
const REDELIVERED = 20;

let server: TestServer;
beforeAll(async () => {
  // A server of its own: the feed's counters start at zero, so the accounting can be checked exactly.
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const bad = (body: string, status: number, code: ErrorCode, contentType = 'application/json'): Send => ({
  body,
  contentType,
  expect: { status, code },
});

/** 40 bad records of every kind the webhook meets, each built from an otherwise valid order. */
function badRecords(next: () => HotlineWorkOrder): Send[] {
  const json = (o: object) => JSON.stringify(o);
  const kinds: [number, (i: number) => Send][] = [
    [8, (i) => bad(json(next()).slice(0, 50 + i * 7), 400, 'INTAKE_DECODE')],
    [6, () => bad(json({ ...next(), 经度: undefined }), 422, 'INTAKE_SCHEMA')],
    [2, () => bad(json({ ...next(), 经度: 'east' }), 422, 'INTAKE_SCHEMA')],
    [6, () => bad(json({ ...next(), 诉求分类: '其他/未归类' }), 422, 'UNKNOWN_CODE')],
    [6, () => bad(json({ ...next(), 受理时间: '2026-02-30 10:00:00' }), 422, 'BAD_TIME')],
    [6, () => bad(json({ ...next(), 经度: 0, 纬度: 0 }), 422, 'COORD_OUT_OF_RANGE')],
    [4, () => bad(json(next()), 415, 'UNSUPPORTED_MEDIA_TYPE', 'text/plain')],
    [2, () => bad(json({ ...next(), 诉求内容: 'x'.repeat(300 * 1024) }), 413, 'PAYLOAD_TOO_LARGE')],
  ];
  return kinds.flatMap(([n, make]) => Array.from({ length: n }, (_, i) => make(i)));
}

/** What the dead-letter store must hold for a bad record: its code and raw text (none past the body limit). */
const letterOf = (s: Send): string => {
  const e = s.expect as { status: number; code: ErrorCode };
  return `${e.code} ${e.status === 413 ? '' : s.body}`;
};

describe('a mixed stream of good and bad records sent concurrently', () => {
  it('stores every good record once, dead-letters every bad one, and balances the feed exactly', async () => {
    const orders = orderFactory(server.app.pack, 11);
    const goods: Send[] = Array.from({ length: GOOD }, () => {
      const o = orders.next();
      return { body: JSON.stringify(o), contentType: 'application/json', expect: { good: o } };
    });
    const bads = badRecords(() => orders.next());
    // Redeliveries race their originals: exactly one of each pair may be 'accepted'.
    const redeliveries = goods.slice(0, REDELIVERED).map((g) => ({ ...g }));
    const stream: Send[] = [];
    for (let i = 0; i < GOOD; i++) {
      stream.push(goods[i]!);
      if (i % 5 === 4) stream.push(bads[(i - 4) / 5]!);
      if (i % 10 === 9) stream.push(redeliveries[(i - 9) / 10]!);
    }
    expect(stream).toHaveLength(GOOD + 40 + REDELIVERED);

    const answers: Posted[] = await Promise.all(
      stream.map((s) => postOrder(server.url, s.body, s.contentType)),
    );

    const outcomesById = new Map<string, string[]>();
    stream.forEach((s, i) => {
      const a = answers[i]!;
      if ('good' in s.expect) {
        expect(a.status, JSON.stringify(a.body)).toBe(200);
        const id = hotlineId(s.expect.good);
        expect(a.body?.['id']).toBe(id);
        outcomesById.set(id, [...(outcomesById.get(id) ?? []), String(a.body?.['outcome'])]);
      } else {
        expect({
          status: a.status,
          code: (a.body?.['error'] as { code?: string } | undefined)?.code,
        }).toEqual(s.expect);
      }
    });
    expect(outcomesById.size).toBe(GOOD);
    for (const [id, outcomes] of outcomesById) {
      expect(
        outcomes.filter((o) => o === 'accepted'),
        id,
      ).toHaveLength(1);
      expect(
        outcomes.filter((o) => o !== 'accepted').every((o) => o === 'duplicate'),
        id,
      ).toBe(true);
    }

    const events = EventPage.parse((await getJson(`${server.url}/api/events?source=hotline&limit=500`)).body);
    expect(events.total).toBe(GOOD);
    expect(new Set(events.items.map((e) => e.id))).toEqual(new Set(outcomesById.keys()));
    expect(events.items.every((e) => e.version === 1)).toBe(true);

    const letters = DeadLetterPage.parse(
      (await getJson(`${server.url}/api/dead-letters?source=hotline&limit=500`)).body,
    );
    expect(letters.total).toBe(bads.length);
    const expected = bads.map(letterOf);
    const stored = letters.items.map((d) => `${d.code} ${d.raw}`);
    expect(stored.sort()).toEqual(expected.sort());

    const feed = (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body.find(
      (f) => f.source === 'hotline',
    )!;
    expect(feed).toMatchObject({
      received: GOOD + bads.length + REDELIVERED,
      accepted: GOOD,
      duplicates: REDELIVERED,
      quarantined: bads.length,
      errors: 0,
    });
    expect(feed.received).toBe(feed.accepted + feed.duplicates + feed.quarantined);
  });
});
