import { EventActionResult, EventDetail, type EventActionRequest } from '../../src/contract/console';
import { Event } from '../../src/contract/event';
import type { HotlineWorkOrder } from '../../mock-server/subsystems/hotline/native';
import type { Credentials } from './auth';
import { localTime, postOrder } from './hotline-orders';
import { call } from './scoped-data';
import type { TestServer } from './test-server';

/** GCJ-02 points (as call takers' maps give them) inside 黄浦区 (People's Square) and 徐汇区 (Xujiahui). */
export const PLACES = {
  huangpu: { lon: 121.478, lat: 31.2284 },
  xuhui: { lon: 121.4415, lat: 31.1915 },
} as const;

let serial = 0;

/**
 * A 12345 work order at a chosen place and class (default: exposed rubbish in 黄浦区, urgency 一般), with a
 * unique 工单编号; `at` is its update time (redeliveries use a later one).
 */
export function workOrder(
  server: TestServer,
  over: Partial<HotlineWorkOrder> & { place?: { lon: number; lat: number }; at?: number } = {},
): HotlineWorkOrder {
  serial += 1;
  // Each order ~150 m from the last (a 10 × 10 grid east and south of People's Square, inside 黄浦区), so the
  // reopen-on-re-report rule (same category within 100 m) never joins two tests' events by accident.
  const spread = {
    lon: PLACES.huangpu.lon + (serial % 10) * 0.0015,
    lat: PLACES.huangpu.lat - (Math.floor(serial / 10) % 10) * 0.0015,
  };
  const { place = spread, at = Date.now() - 60_000, ...rest } = over;
  return {
    工单编号: `CT${process.pid}${String(Date.now()).slice(-7)}${String(serial).padStart(4, '0')}`,
    受理时间: localTime(server.app.pack, at - 60_000),
    更新时间: localTime(server.app.pack, at),
    来电渠道: '电话',
    诉求类型: '投诉',
    诉求分类: '城市管理/暴露垃圾',
    紧急程度: '一般',
    诉求内容: '人民广场附近垃圾堆放多日无人清理，请尽快处理。',
    地址: '上海市黄浦区人民大道200号',
    经度: place.lon,
    纬度: place.lat,
    来电人: '王先生',
    联系电话: '13912345678',
    ...rest,
  };
}

/** Posts a work order through the real webhook and returns the stored event (as the admin reads it). */
export async function reportEvent(server: TestServer, order: HotlineWorkOrder): Promise<Event> {
  const res = await postOrder(server.url, order);
  if (res.status !== 200) throw new Error(`intake refused the order: ${JSON.stringify(res.body)}`);
  const got = await call(
    server.url,
    'GET',
    `/api/events/${encodeURIComponent(`hotline:${order.工单编号}`)}`,
    server.admin,
  );
  return Event.parse(got.body);
}

/** One lifecycle action as `as`; the parsed result when it succeeds, the raw answer either way. */
export async function act(
  server: TestServer,
  as: Credentials,
  id: string,
  body: EventActionRequest | Record<string, unknown>,
): Promise<{ status: number; body: unknown; result: EventActionResult | null }> {
  const res = await call(server.url, 'POST', `/api/events/${encodeURIComponent(id)}/actions`, as, body);
  return {
    status: res.status,
    body: res.body,
    result: res.status === 200 ? EventActionResult.parse(res.body) : null,
  };
}

export async function detailOf(server: TestServer, as: Credentials, id: string): Promise<EventDetail> {
  const res = await call(server.url, 'GET', `/api/console/events/${encodeURIComponent(id)}`, as);
  if (res.status !== 200) throw new Error(`detail of ${id}: ${res.status} ${res.text}`);
  return EventDetail.parse(res.body);
}
