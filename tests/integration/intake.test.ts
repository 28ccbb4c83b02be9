import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CityPack } from '../../mock-server/city-packs/load';
import { parseConfig } from '../../mock-server/config';
import { ApiError } from '../../src/contract/errors';
import { Event } from '../../src/contract/event';
import type { FeedHealth } from '../../src/contract/feed-health';
import { DeadLetterPage, IntakeResponse } from '../../src/contract/rest';
import { getJson, hotlineId, localTime, orderFactory, postOrder } from '../helpers/hotline-orders';
import { startTestServer, type TestServer } from '../helpers/test-server';

/** Metres between two WGS-84 points (equirectangular; exact enough below a kilometre). */
function metres(a: [number, number], b: [number, number]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  return Math.hypot(x, (b[1] - a[1]) * k) * 6_371_000;
}

let server: TestServer;
let pack: CityPack;
let orders: ReturnType<typeof orderFactory>;

beforeAll(async () => {
  server = await startTestServer();
  pack = server.app.pack;
  orders = orderFactory(pack);
});
afterAll(async () => {
  await server?.stop();
});

const getEvent = async (id: string) => {
  const res = await getJson(`${server.url}/api/events/${encodeURIComponent(id)}`);
  return { status: res.status, event: res.status === 200 ? Event.parse(res.body) : null };
};
const hotlineFeed = async () =>
  (await getJson<FeedHealth[]>(`${server.url}/api/feeds`)).body.find((f) => f.source === 'hotline')!;
const deadLetters = async () =>
  DeadLetterPage.parse((await getJson(`${server.url}/api/dead-letters?source=hotline&limit=500`)).body).items;

describe('hotline webhook: good orders', () => {
  it('accepts a work order and serves it at /api/events/:id with its GCJ-02 location converted to WGS-84', async () => {
    const order = orders.next();
    const res = await postOrder(server.url, order);
    expect(res.status).toBe(200);
    expect(IntakeResponse.parse(res.body)).toEqual({ outcome: 'accepted', id: hotlineId(order) });

    const { status, event } = await getEvent(hotlineId(order));
    expect(status).toBe(200);
    expect(event).toMatchObject({
      source: 'hotline',
      nativeId: order.工单编号,
      status: 'reported',
      version: 1,
    });
    const gcj: [number, number] = [Number(order.经度), Number(order.纬度)];
    const wgs = gcoord.transform(gcj, gcoord.GCJ02, gcoord.WGS84) as [number, number];
    const stored: [number, number] = [event!.location.lon, event!.location.lat];
    expect(metres(stored, wgs)).toBeLessThan(1);
    // The GCJ-02 offset in Shanghai is several hundred metres: storing the native datum would show here.
    expect(metres(stored, gcj)).toBeGreaterThan(100);
  });

  it('answers a redelivery of the same order as a duplicate and keeps version 1', async () => {
    const order = orders.next();
    expect((await postOrder(server.url, order)).body).toMatchObject({ outcome: 'accepted' });
    const before = await hotlineFeed();
    const again = await postOrder(server.url, order);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ outcome: 'duplicate', id: hotlineId(order) });
    expect((await getEvent(hotlineId(order))).event?.version).toBe(1);
    const after = await hotlineFeed();
    expect(after.duplicates - before.duplicates).toBe(1);
    expect(after.accepted - before.accepted).toBe(0);
  });

  it('applies a later 更新时间 as an update with version 2, and refuses an older one as stale', async () => {
    const order = orders.next();
    await postOrder(server.url, order);
    const newer = {
      ...order,
      更新时间: localTime(pack, orders.baseTime + 3_600_000),
      紧急程度: '特急',
      诉求内容: '更新：情况加重，需要尽快处理。',
    };
    const updated = await postOrder(server.url, newer);
    expect(updated.body).toEqual({ outcome: 'updated', id: hotlineId(order) });
    const afterUpdate = (await getEvent(hotlineId(order))).event!;
    expect(afterUpdate).toMatchObject({
      version: 2,
      severity: 'II',
      description: newer.诉求内容,
      status: 'reported',
    });

    // An update written earlier at the source but delivered late must not roll the event back.
    const older = {
      ...order,
      更新时间: localTime(pack, orders.baseTime + 1_800_000),
      诉求内容: '旧的更新，迟到了。',
    };
    const stale = await postOrder(server.url, older);
    expect(stale.status).toBe(200);
    expect(stale.body).toEqual({ outcome: 'stale', id: hotlineId(order) });
    expect((await getEvent(hotlineId(order))).event).toEqual(afterUpdate);
  });

  it('stores hostile citizen text verbatim (escaping is the renderer’s job, not the store’s)', async () => {
    const hostile = `<img src=x onerror="window.__xss=1"><script>alert('x')</script>&amp; 占道经营 "\u2028"`;
    const order = { ...orders.next(), 诉求内容: hostile, 来电人: '"><script>alert(1)</script>' };
    expect((await postOrder(server.url, order)).status).toBe(200);
    const { event } = await getEvent(hotlineId(order));
    expect(event?.description).toBe(hostile);
    expect(event?.reporter?.name).toBe(order.来电人);
  });
});

describe('hotline webhook: rejected records', () => {
  it('quarantines malformed JSON as 400 INTAKE_DECODE and keeps its bytes exactly', async () => {
    // CRLF, tabs, trailing spaces, CJK and an astral-plane emoji: all must survive to the dead-letter store.
    const broken = `{"工单编号": "SH-BROKEN-0001",\r\n\t"诉求内容": "井盖缺失 🚧  \\u4e95  ", "经度": 121.4,,}  `;
    const res = await postOrder(server.url, broken);
    expect(res.status).toBe(400);
    expect(ApiError.parse(res.body).error.code).toBe('INTAKE_DECODE');
    const letter = (await deadLetters()).find((d) => d.raw === broken);
    expect(letter).toMatchObject({ source: 'hotline', code: 'INTAKE_DECODE' });
    expect(Buffer.from(letter!.raw, 'utf8').equals(Buffer.from(broken, 'utf8'))).toBe(true);
  });

  it('quarantines a schema-invalid order as 422 INTAKE_SCHEMA naming the missing field', async () => {
    const { 经度: _dropped, ...order } = orders.next();
    const raw = JSON.stringify(order);
    const res = await postOrder(server.url, raw);
    expect(res.status).toBe(422);
    const err = ApiError.parse(res.body).error;
    expect(err.code).toBe('INTAKE_SCHEMA');
    expect(err.details?.map((d) => d.path)).toContain('经度');
    expect((await deadLetters()).find((d) => d.raw === raw)).toMatchObject({
      source: 'hotline',
      code: 'INTAKE_SCHEMA',
    });
    expect((await getEvent(`hotline:${order.工单编号}`)).status).toBe(404);
  });

  it('quarantines an order with an unknown 诉求分类 as 422 UNKNOWN_CODE', async () => {
    const raw = JSON.stringify({ ...orders.next(), 诉求分类: '其他/未归类' });
    const res = await postOrder(server.url, raw);
    expect(res.status).toBe(422);
    const err = ApiError.parse(res.body).error;
    expect(err.code).toBe('UNKNOWN_CODE');
    expect(err.details?.map((d) => d.path)).toContain('诉求分类');
    expect((await deadLetters()).find((d) => d.raw === raw)).toMatchObject({
      source: 'hotline',
      code: 'UNKNOWN_CODE',
    });
  });

  it('refuses a wrong content type with 415 and keeps the record in the dead-letter store', async () => {
    const raw = JSON.stringify(orders.next());
    const res = await postOrder(server.url, raw, 'text/plain');
    expect(res.status).toBe(415);
    expect(ApiError.parse(res.body).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await deadLetters()).find((d) => d.raw === raw)).toMatchObject({
      source: 'hotline',
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it('refuses a body over INTAKE_BODY_LIMIT with 413 and the catalogue body, and records the refusal', async () => {
    const limit = parseConfig({}).INTAKE_BODY_LIMIT; // the test server runs with the default
    const huge = JSON.stringify({ ...orders.next(), 诉求内容: '长'.repeat(limit) });
    const before = await hotlineFeed();
    const res = await postOrder(server.url, huge);
    expect(res.status).toBe(413);
    expect(ApiError.parse(res.body).error.code).toBe('PAYLOAD_TOO_LARGE');
    const letter = (await deadLetters()).find((d) => d.code === 'PAYLOAD_TOO_LARGE');
    expect(letter).toMatchObject({ source: 'hotline' });
    // The body is never read past the limit (that is the limit's point), so there is no raw to keep.
    expect(letter!.message).toMatch(/limit/);
    const after = await hotlineFeed();
    expect(after.quarantined - before.quarantined).toBe(1);
  });

  it('keeps the feed accounting balanced: received = accepted + duplicates + quarantined', async () => {
    const f = await hotlineFeed();
    expect(f.received).toBeGreaterThan(0);
    expect(f.received).toBe(f.accepted + f.duplicates + f.quarantined);
  });
});
