import gcoord from 'gcoord';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '../../src/contract/event';
import type { HotlineWorkOrder } from '../../mock-server/subsystems/hotline/native';
import { getJson, hotlineId, localTime, orderFactory, postOrder } from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

/** A caller's order about waterlogging at a WGS-84 spot (the platform sends GCJ-02), `minutes` after the base time. */
function waterloggingCall(order: HotlineWorkOrder, spot: [number, number], at: number): HotlineWorkOrder {
  const [lon, lat] = gcoord.transform(spot, gcoord.WGS84, gcoord.GCJ02) as [number, number];
  return {
    ...order,
    诉求分类: '水务/路面积水',
    受理时间: localTime(server!.app.pack, at),
    地址: '上海市黄浦区延安东路100号',
    经度: Math.round(lon * 1e6) / 1e6,
    纬度: Math.round(lat * 1e6) / 1e6,
  };
}

const event = async (id: string) =>
  (await getJson<Event>(`${server!.url}/api/events/${encodeURIComponent(id)}`)).body;

describe('correlation of reports of one incident', () => {
  it('links two calls about one flooded street both ways, as a stored change live clients receive', async () => {
    server = await startTestServer();
    const orders = orderFactory(server.app.pack, 91);
    const spot: [number, number] = [121.4862, 31.2298];
    const first = waterloggingCall(orders.next(), spot, orders.baseTime);
    expect((await postOrder(server.url, first)).status).toBe(200);
    const live = await LiveClient.connect(server.url);
    await live.subscribe({ topic: 'events' });

    // 120 m north, ten minutes later; and one far away that must stay alone.
    const second = waterloggingCall(
      orders.next(),
      [spot[0], spot[1] + 120 / 110_574],
      orders.baseTime + 600_000,
    );
    const far = waterloggingCall(orders.next(), [spot[0] + 0.05, spot[1]], orders.baseTime + 600_000);
    expect((await postOrder(server.url, second)).status).toBe(200);
    expect((await postOrder(server.url, far)).status).toBe(200);

    const [a, b, c] = await Promise.all([first, second, far].map((o) => event(hotlineId(o))));
    expect(a!.relatedIds).toEqual([hotlineId(second)]);
    expect(b!.relatedIds).toEqual([hotlineId(first)]);
    expect(c!.relatedIds).toEqual([]);
    // The earlier report changed: a new version and sequence number, so walls and consoles see the link.
    expect(a!.version).toBe(2);
    await live.waitFor(
      () =>
        live
          .deltas('events')
          .some((d) =>
            d.upserts.some((e) => e.id === hotlineId(first) && e.relatedIds.includes(hotlineId(second))),
          ),
      'the link in a delta',
    );
    live.close();
  });

  it('keeps linking after a restart: the index of open reports is rebuilt from the store', async () => {
    server = await startTestServer();
    const orders = orderFactory(server.app.pack, 92);
    const spot: [number, number] = [121.4702, 31.2245];
    const first = waterloggingCall(orders.next(), spot, Date.now() - 600_000);
    expect((await postOrder(server.url, first)).status).toBe(200);
    const dir = server.dataDir;
    await server.stop({ keepData: true });
    server = await startTestServer({}, dir);
    const second = waterloggingCall(orders.next(), [spot[0] + 80 / 95_000, spot[1]], Date.now());
    expect((await postOrder(server.url, second)).status).toBe(200);
    expect((await event(hotlineId(first)))!.relatedIds).toEqual([hotlineId(second)]);
  });
});
