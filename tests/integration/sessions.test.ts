import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../mock-server/app';
import { parseConfig } from '../../mock-server/config';
import { Me, SessionState } from '../../src/contract/auth';
import { DEMO_PASSWORD, deviceLogin, login, type Credentials } from '../helpers/auth';
import { LiveClient } from '../helpers/live-client';
import { call, errorCode } from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { dropSchema, storeEnv } from '../helpers/test-store';

let server: TestServer;
let n = 0;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A fresh account of `role` (so a test that ends its sessions or locks it disturbs no other test). */
async function newUser(role = 'leader', districts: string[] | null = null) {
  const username = `u${++n}-${role}`;
  const res = await call(server.url, 'POST', '/api/admin/users', server.admin, {
    username,
    displayName: `测试${n}`,
    role,
    districts,
    password: DEMO_PASSWORD,
  });
  expect(res.status, res.text).toBe(201);
  return { id: (res.body as { id: string }).id, username };
}

const session = (c: Credentials | null) => call(server.url, 'GET', '/api/auth/session', c);
const isSignedIn = async (c: Credentials) => SessionState.parse((await session(c)).body).me !== null;
const feeds = (c: Credentials) => call(server.url, 'GET', '/api/feeds', c);
const postLogin = (username: string, password: string, headers: Record<string, string> = {}) =>
  call(server.url, 'POST', '/api/auth/login', null, { username, password }, headers);

describe('sign-in and the session cookie', () => {
  it('sets an httpOnly, SameSite=Strict cookie (not Secure over plain http) and answers who signed in', async () => {
    const res = await postLogin('leader', DEMO_PASSWORD);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cb_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(cookie)![1]);
    expect(maxAge).toBeGreaterThan(11.9 * 3600);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    const me = Me.parse(res.body);
    expect(me.principal).toMatchObject({ username: 'leader', role: 'leader', districts: null });
  });

  it('marks the cookie Secure when configured for https', async () => {
    const secure = await startTestServer({ COOKIE_SECURE: 'true' });
    try {
      const res = await fetch(`${secure.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: DEMO_PASSWORD }),
      });
      expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    } finally {
      await secure.stop();
    }
  });

  it('refuses a wrong password and an unknown account with the same INVALID_CREDENTIALS', async () => {
    const u = await newUser();
    for (const [name, pw] of [
      [u.username, 'not-the-password'],
      ['nobody-here', DEMO_PASSWORD],
    ]) {
      const res = await postLogin(name!, pw!);
      expect(res.status).toBe(401);
      expect(errorCode(res.body)).toBe('INVALID_CREDENTIALS');
      expect(res.headers.get('set-cookie')).toBeNull();
    }
  });

  it('answers /api/auth/session with me: null for a stranger and for a forged cookie', async () => {
    expect(SessionState.parse((await session(null)).body)).toEqual({ me: null });
    const forged = { cookie: 'cb_session=AAAA', csrf: 'x', principal: server.admin.principal };
    expect(SessionState.parse((await session(forged)).body)).toEqual({ me: null });
    expect((await feeds(forged)).status).toBe(401);
  });
});

describe('CSRF protection on state-changing requests', () => {
  it('refuses a request without the session’s X-CSRF-Token, or with another one', async () => {
    const c = await login(server.url, 'leader');
    const other = await login(server.url, 'leader');
    const logout = (headers: Record<string, string>, token: string | null) =>
      fetch(`${server.url}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie: c.cookie, ...(token ? { 'x-csrf-token': token } : {}), ...headers },
      });
    for (const [headers, token] of [
      [{}, null],
      [{}, other.csrf],
      [{}, 'x'.repeat(43)],
    ] as const) {
      const res = await logout(headers, token);
      expect(res.status).toBe(403);
      expect(errorCode(await res.json())).toBe('CSRF_FAILED');
    }
    expect(await isSignedIn(c)).toBe(true);
  });

  it('refuses a cross-site request even with the right token (Origin or Sec-Fetch-Site from another site)', async () => {
    const c = await login(server.url, 'leader');
    const crossSite: Record<string, string>[] = [
      { origin: 'http://evil.example' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'null' },
    ];
    for (const headers of crossSite) {
      const res = await call(server.url, 'POST', '/api/auth/logout', c, {}, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(errorCode(res.body)).toBe('CSRF_FAILED');
    }
    const res = await postLogin('leader', DEMO_PASSWORD, { origin: 'http://evil.example' });
    expect(errorCode(res.body)).toBe('CSRF_FAILED');
    // The same origin with the token passes.
    const ok = await call(
      server.url,
      'POST',
      '/api/auth/logout',
      c,
      {},
      {
        origin: server.url,
        'sec-fetch-site': 'same-origin',
      },
    );
    expect(ok.status).toBe(200);
  });

  it('refuses a cross-origin live connection carrying a valid cookie', async () => {
    const { io } = await import('socket.io-client');
    const socket = io(server.url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      extraHeaders: { cookie: server.admin.cookie, origin: 'http://evil.example' },
    });
    const err = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(err.message).toBe('CSRF_FAILED');
    socket.close();
  });
});

describe('sign-out, revocation and expiry end the session everywhere', () => {
  it('logout ends the session for REST and disconnects its live socket', async () => {
    const c = await login(server.url, 'leader');
    const live = await LiveClient.connect(server.url, c);
    const gone = new Promise<string>((r) => live.socket.once('disconnect', r));
    const res = await call(server.url, 'POST', '/api/auth/logout', c, {});
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/cb_session=;/);
    expect(await gone).toBe('io server disconnect');
    expect((await feeds(c)).status).toBe(401);
    await expect(LiveClient.connect(server.url, c)).rejects.toThrow(/UNAUTHENTICATED/);
  });

  it('an admin revoking a user’s sessions signs them out of REST and live at once', async () => {
    const u = await newUser();
    const a = await login(server.url, u.username);
    const b = await login(server.url, u.username);
    const live = await LiveClient.connect(server.url, a);
    const gone = new Promise<string>((r) => live.socket.once('disconnect', r));
    const res = await call(server.url, 'POST', `/api/admin/users/${u.id}/revoke-sessions`, server.admin, {});
    expect(res.body).toEqual({ revoked: 2 });
    await gone;
    expect((await feeds(a)).status).toBe(401);
    expect((await feeds(b)).status).toBe(401);
  });

  it('an admin can end one session and leave the user’s others open', async () => {
    const u = await newUser();
    const a = await login(server.url, u.username);
    const b = await login(server.url, u.username);
    const open = (await call(server.url, 'GET', `/api/admin/sessions?principalId=${u.id}`, server.admin))
      .body as { id: string }[];
    expect(open).toHaveLength(2);
    await call(server.url, 'DELETE', `/api/admin/sessions/${open[0]!.id}`, server.admin);
    const stillIn = [(await feeds(a)).status, (await feeds(b)).status].sort();
    expect(stillIn).toEqual([200, 401]);
  });

  it('changing a user’s role, districts or password ends their sessions; renaming does not', async () => {
    const u = await newUser('officer', ['310101']);
    const patch = (body: object) => call(server.url, 'PATCH', `/api/admin/users/${u.id}`, server.admin, body);
    let c = await login(server.url, u.username);
    expect((await patch({ displayName: '新名字' })).status).toBe(200);
    expect((await feeds(c)).status).toBe(200);
    const changes: [object, string][] = [
      [{ districts: ['310101', '310104'] }, DEMO_PASSWORD],
      [{ role: 'leader' }, DEMO_PASSWORD],
      [{ password: 'another-long-password' }, 'another-long-password'],
    ];
    for (const [body, password] of changes) {
      const res = await patch(body);
      expect(res.status, res.text).toBe(200);
      expect((await feeds(c)).status, JSON.stringify(body)).toBe(401);
      c = await login(server.url, u.username, password);
    }
    expect(c.principal.role).toBe('leader');
  });

  it('a disabled account is signed out and cannot sign in', async () => {
    const u = await newUser();
    const c = await login(server.url, u.username);
    await call(server.url, 'PATCH', `/api/admin/users/${u.id}`, server.admin, { disabled: true });
    expect((await feeds(c)).status).toBe(401);
    expect(errorCode((await postLogin(u.username, DEMO_PASSWORD)).body)).toBe('INVALID_CREDENTIALS');
  });

  it('ends a session idle longer than SESSION_IDLE_MINUTES, and one past its absolute expiry', async () => {
    const idle = await login(server.url, 'leader');
    const old = await login(server.url, 'leader');
    const db = server.app.db.kysely;
    const idOf = async (c: Credentials) =>
      (await server.app.security.auth.resolve(c.cookie.split('=')[1]))!.session.id;
    const [idleId, oldId] = [await idOf(idle), await idOf(old)];
    // Time is moved in the store, not waited for: 31 minutes without a request, or past expires_at.
    await db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000).toISOString() })
      .where('id', '=', idleId)
      .execute();
    await db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', oldId)
      .execute();
    expect((await feeds(idle)).status).toBe(401);
    expect((await feeds(old)).status).toBe(401);
  });
});

describe('wall displays', () => {
  it('sign in with their device token, read, and never act', async () => {
    const wall = await deviceLogin(server.url);
    expect(wall.principal).toMatchObject({ kind: 'device', role: 'wall', profile: 'ops-centre' });
    expect((await feeds(wall)).status).toBe(200);
    const act = await call(server.url, 'POST', '/api/admin/users', wall, {});
    expect(act.status).toBe(403);
  });

  it('a wrong device token is refused; a revoked device loses its sessions and its token', async () => {
    const bad = await call(server.url, 'POST', '/api/auth/device', null, { token: 'x'.repeat(40) });
    expect(errorCode(bad.body)).toBe('INVALID_CREDENTIALS');
    const created = await call(server.url, 'POST', '/api/admin/devices', server.admin, {
      name: '黄浦分中心',
      profile: 'district-wall',
      districts: ['310101'],
    });
    expect(created.status).toBe(201);
    const { device, token, wallUrl } = created.body as {
      device: { id: string };
      token: string;
      wallUrl: string;
    };
    expect(wallUrl).toBe(`/wall?token=${token}`);
    const c = await deviceLogin(server.url, token);
    expect(c.principal.districts).toEqual(['310101']);
    await call(server.url, 'POST', `/api/admin/devices/${device.id}/revoke`, server.admin, {});
    expect((await feeds(c)).status).toBe(401);
    const again = await call(server.url, 'POST', '/api/auth/device', null, { token });
    expect(errorCode(again.body)).toBe('INVALID_CREDENTIALS');
  });
});

describe('login rate limiting', () => {
  it('locks an account after LOGIN_MAX_FAILURES failures, even for the right password, and says when to retry', async () => {
    const u = await newUser();
    for (let i = 0; i < 5; i++) expect((await postLogin(u.username, 'wrong-password-x')).status).toBe(401);
    const locked = await postLogin(u.username, DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(errorCode(locked.body)).toBe('RATE_LIMITED');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    // Other accounts are not affected.
    expect((await postLogin('leader', DEMO_PASSWORD)).status).toBe(200);
  });

  it('locks an address after LOGIN_MAX_FAILURES_PER_ADDRESS failures across accounts, and keeps it over a restart', async () => {
    const strict = await startTestServer({ LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
    const dir = strict.dataDir;
    try {
      const post = (url: string, username: string, password: string) =>
        call(url, 'POST', '/api/auth/login', null, { username, password });
      for (const name of ['a1', 'a2', 'a3', 'a4'])
        expect((await post(strict.url, name, 'nope-nope-nope')).status).toBe(401);
      expect((await post(strict.url, 'leader', DEMO_PASSWORD)).status).toBe(429);
      await strict.stop({ keepData: true });
      // The counters are in the store: the same data directory after a restart is still locked.
      const config = parseConfig({
        PORT: '0',
        DATA_DIR: dir,
        STATIC_DIR: '',
        SIMULATORS: 'false',
        ...storeEnv(dir),
      });
      const again = await buildApp(config, pino({ level: 'silent' }));
      try {
        const url = await again.listen();
        expect((await post(url, 'leader', DEMO_PASSWORD)).status).toBe(429);
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await dropSchema(dir);
    }
  });
});
