import type { Camera } from '../../src/contract/entities';
import type { Event } from '../../src/contract/event';
import { EventPage } from '../../src/contract/rest';
import { authHeaders, deviceLogin, type Credentials } from './auth';
import { getJson, orderFactory, postOrder } from './hotline-orders';
import type { TestServer } from './test-server';

export const HUANGPU = '310101';
export const XUHUI = '310104';

/** Signed-in sessions of every seeded role (and the demo wall display). */
export interface Sessions {
  admin: Credentials;
  leader: Credentials;
  'officer-hp': Credentials;
  'officer-xh': Credentials;
  wall: Credentials;
  auditor: Credentials;
}

export async function signInAll(server: TestServer): Promise<Sessions> {
  return {
    admin: server.admin,
    leader: await server.login('leader'),
    'officer-hp': await server.login(`officer-${HUANGPU}`),
    'officer-xh': await server.login(`officer-${XUHUI}`),
    wall: await deviceLogin(server.url),
    auditor: await server.login('auditor'),
  };
}

/**
 * Posts real 12345 work orders until both 黄浦区 and 徐汇区 have at least `perDistrict` events (the
 * simulator places orders on the real road network, so districts come by chance), and returns all
 * stored events as the admin sees them.
 */
export async function seedDistrictEvents(
  server: TestServer,
  seed: number,
  perDistrict = 3,
): Promise<Event[]> {
  const orders = orderFactory(server.app.pack, seed);
  const count = (events: Event[], d: string) => events.filter((e) => e.district === d).length;
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 20; i++) {
      const res = await postOrder(server.url, orders.next());
      if (res.status !== 200) throw new Error(`intake refused a good order: ${JSON.stringify(res.body)}`);
    }
    const events = EventPage.parse((await getJson(`${server.url}/api/events?limit=500`)).body).items;
    if (count(events, HUANGPU) >= perDistrict && count(events, XUHUI) >= perDistrict) return events;
  }
  throw new Error('the simulator placed too few orders in 黄浦区 and 徐汇区');
}

/** Stores a camera state (as the video connector would) and returns it. */
export async function putCamera(server: TestServer, id: string, district: string): Promise<Camera> {
  const camera: Camera = {
    id,
    name: `测试摄像机 ${district}`,
    location: { lon: 121.48, lat: 31.23 },
    district,
    street: null,
    online: true,
    direction: null,
    alarmEventId: null,
    updatedAt: new Date().toISOString(),
  };
  await server.app.states.put('cameras', [camera]);
  return camera;
}

/** One HTTP request as `as` (null: anonymous), with the CSRF token a browser page would send. */
export async function call(
  url: string,
  method: string,
  path: string,
  as: Credentials | null,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: unknown; text: string; headers: Headers }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...authHeaders(as),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...extraHeaders,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null; // not JSON (CSV, an empty 304 …): the test reads `text`
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

export const errorCode = (body: unknown): string | undefined =>
  (body as { error?: { code?: string } } | null)?.error?.code;
