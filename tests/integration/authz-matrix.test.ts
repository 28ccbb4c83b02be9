import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_KEY_HEADER } from '../../src/contract/auth';
import { SOURCE_IDS, type SourceId } from '../../src/contract/source';
import type { Topic } from '../../src/contract/live';
import { DEMO_PASSWORD, DEMO_WALL_TOKEN, deviceLogin, type Credentials } from '../helpers/auth';
import { orderFactory } from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import {
  call,
  errorCode,
  HUANGPU,
  putCamera,
  seedDistrictEvents,
  signInAll,
  type Sessions,
} from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';
import {
  ACTORS,
  INTAKE_ROUTE,
  REST_MATRIX,
  TOPIC_MATRIX,
  type Actor,
  type Fixtures,
  type Outcome,
} from './authz-matrix';

let server: TestServer;
let sessions: Sessions;
let fx: Fixtures;
let n = 0;

beforeAll(async () => {
  server = await startTestServer();
  sessions = await signInAll(server);
  const events = await seedDistrictEvents(server, 71, 1);
  const camera = await putCamera(server, '31010100001320000001', HUANGPU);
  const newUser = async () => {
    const username = fx.unique('throwaway');
    const res = await call(server.url, 'POST', '/api/admin/users', server.admin, {
      username,
      displayName: '临时',
      role: 'leader',
      password: DEMO_PASSWORD,
    });
    if (res.status !== 201) throw new Error(`fixture user: ${res.text}`);
    return { id: (res.body as { id: string }).id, username };
  };
  fx = {
    eventHp: events.find((e) => e.district === HUANGPU)!.id,
    cameraHp: camera.id,
    newUserId: async () => (await newUser()).id,
    newDeviceId: async () => {
      const res = await call(server.url, 'POST', '/api/admin/devices', server.admin, {
        name: fx.unique('device'),
        profile: 'ops-centre',
      });
      return (res.body as { device: { id: string } }).device.id;
    },
    newSessionId: async () => {
      const u = await newUser();
      await server.login(u.username);
      const res = await call(server.url, 'GET', `/api/admin/sessions?principalId=${u.id}`, server.admin);
      return (res.body as { id: string }[])[0]!.id;
    },
    unique: (prefix) => `${prefix}-${++n}-${Date.now() % 100_000}`,
    demoPassword: DEMO_PASSWORD,
    wallToken: DEMO_WALL_TOKEN,
    open311Key: server.intakeKey('open311'),
  };
});
afterAll(async () => {
  await server?.stop();
});

const credentialsOf = async (actor: Actor, fresh: boolean): Promise<Credentials | null> => {
  if (actor === 'anonymous') return null;
  if (!fresh) return sessions[actor];
  if (actor === 'wall') return deviceLogin(server.url);
  const username = {
    admin: 'admin',
    leader: 'leader',
    'officer-hp': 'officer-310101',
    'officer-xh': 'officer-310104',
    auditor: 'auditor',
  }[actor];
  return server.login(username);
};

/** Every route Fastify has, as `METHOD /url` (HEAD routes mirror their GET). */
const apiRoutes = () =>
  [
    ...new Set(
      server.app.security.routes
        .filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'))
        .map((r) => `${r.method} ${r.url}`),
    ),
  ].sort();

function judge(outcome: Outcome, res: { status: number; body: unknown }): string | null {
  const code = errorCode(res.body);
  const got = `${res.status} ${code ?? ''}`.trim();
  switch (outcome) {
    case 'ok':
      return res.status !== 401 && res.status !== 403 && res.status < 500
        ? null
        : `expected to pass, got ${got}`;
    case 401:
      return res.status === 401 && code === 'UNAUTHENTICATED'
        ? null
        : `expected 401 UNAUTHENTICATED, got ${got}`;
    case 403:
      return res.status === 403 && code === 'FORBIDDEN' ? null : `expected 403 FORBIDDEN, got ${got}`;
    case 'district':
      return res.status === 403 && code === 'FORBIDDEN_DISTRICT'
        ? null
        : `expected 403 FORBIDDEN_DISTRICT, got ${got}`;
    case 'signature':
      return res.status === 403 && code === 'SIGNED_URL_INVALID'
        ? null
        : `expected 403 SIGNED_URL_INVALID, got ${got}`;
  }
}

describe('the authorization matrix', () => {
  it('has a row for every REST route the server has, and no row for a route it does not have', () => {
    const routes = apiRoutes().filter((r) => !INTAKE_ROUTE.test(r));
    expect(
      routes.filter((r) => !(r in REST_MATRIX)),
      'routes without a row in authz-matrix.ts',
    ).toEqual([]);
    expect(
      Object.keys(REST_MATRIX).filter((r) => !routes.includes(r)),
      'rows for routes that do not exist',
    ).toEqual([]);
  });

  it('finds every route declaring an access rule (no route falls through to default-deny by accident)', () => {
    const undeclared = server.app.security.routes
      .filter((r) => r.access === undefined)
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('gives every role exactly its row on every REST route', async () => {
    const failures: string[] = [];
    for (const [route, row] of Object.entries(REST_MATRIX)) {
      const method = route.split(' ')[0]!;
      for (const actor of ACTORS) {
        const as = await credentialsOf(actor, row.fresh === true);
        const req = await row.request(fx);
        const res = await call(
          server.url,
          method,
          req.path,
          as,
          req.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}),
        );
        const bad = judge(row.expect[actor], res);
        if (bad) failures.push(`${route} as ${actor}: ${bad}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('opens every intake route to its own source key only, never to a session', async () => {
    const intake = apiRoutes().filter((r) => INTAKE_ROUTE.test(r));
    expect(intake).toContain('POST /api/intake/hotline');
    const order = JSON.stringify(orderFactory(server.app.pack, 72).next());
    for (const route of intake) {
      const source = INTAKE_ROUTE.exec(route)![1] as SourceId;
      const url = `${server.url}/api/intake/${source}`;
      const post = (headers: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: order,
        });
      for (const actor of ACTORS.filter((a) => a !== 'anonymous')) {
        const c = sessions[actor as Exclude<Actor, 'anonymous'>];
        expect(
          (await post({ cookie: c.cookie, 'x-csrf-token': c.csrf })).status,
          `${route} as ${actor}`,
        ).toBe(401);
      }
      expect((await post({})).status, `${route} without a key`).toBe(401);
      expect(
        (await post({ [INTAKE_KEY_HEADER]: 'x'.repeat(43) })).status,
        `${route} with a made-up key`,
      ).toBe(401);
      const other = SOURCE_IDS.find((s) => s !== source)!;
      expect(
        (await post({ [INTAKE_KEY_HEADER]: server.intakeKey(other) })).status,
        `${route} with ${other}'s key`,
      ).toBe(401);
      const own = await post({ [INTAKE_KEY_HEADER]: server.intakeKey(source) });
      expect([401, 403], `${route} with its own key`).not.toContain(own.status);
    }
  });

  it('refuses a live connection without a session at the handshake', async () => {
    await expect(LiveClient.connect(server.url, null)).rejects.toThrow(/UNAUTHENTICATED/);
    await expect(
      LiveClient.connect(server.url, { ...sessions.admin, cookie: 'cb_session=forged-token' }),
    ).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('gives every role exactly its row on every live topic', async () => {
    const failures: string[] = [];
    for (const actor of ACTORS.filter((a): a is Exclude<Actor, 'anonymous'> => a !== 'anonymous')) {
      const client = await LiveClient.connect(server.url, sessions[actor]);
      try {
        for (const [topic, row] of Object.entries(TOPIC_MATRIX) as [Topic, (typeof TOPIC_MATRIX)[Topic]][]) {
          const ack = await client.subscribe({ topic });
          const got = ack.ok ? 'ok' : ack.error.code;
          if (got !== row[actor]) failures.push(`${topic} as ${actor}: expected ${row[actor]}, got ${got}`);
        }
      } finally {
        client.close();
      }
    }
    expect(failures).toEqual([]);
  });
});
