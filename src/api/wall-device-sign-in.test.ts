import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { signInWallDevice } from './auth';

/**
 * An unattended wall signs in with its device token by itself: it gives the token up only when the server
 * refuses the token, never because the server was restarting or busy when it asked.
 */
const TOKEN = 'demo-wall-token-ops-centre-01';
const me = {
  principal: {
    kind: 'device',
    id: 'd1',
    username: 'device:ops-wall-1',
    displayName: 'ops-wall-1',
    role: 'wall',
    districts: null,
    profile: null,
  },
  csrfToken: 'csrf',
  expiresAt: '2026-12-31T00:00:00.000Z',
};
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const apiError = (status: number, code: string) =>
  json(status, { error: { code, message: code.toLowerCase() } });

describe('signInWallDevice', () => {
  let storage: Map<string, string>;
  beforeEach(() => {
    storage = new Map();
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubGlobal('window', {
      location: { href: `http://127.0.0.1:8080/wall?token=${TOKEN}&layers=events` },
      history: { state: null, replaceState: vi.fn() },
      sessionStorage: {
        getItem: (k: string) => storage.get(k) ?? null,
        setItem: (k: string, v: string) => storage.set(k, v),
        removeItem: (k: string) => storage.delete(k),
      },
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('keeps its token through a network failure, a restarting server and a rate limit, then signs in', async () => {
    const fetch = vi
      .fn<typeof globalThis.fetch>()
      .mockRejectedValueOnce(new TypeError('fetch failed'))
      .mockResolvedValueOnce(new Response('bad gateway', { status: 502 }))
      .mockResolvedValueOnce(apiError(429, 'RATE_LIMITED'))
      .mockResolvedValueOnce(json(200, me));
    vi.stubGlobal('fetch', fetch);
    const signedIn = signInWallDevice();
    await vi.runAllTimersAsync();
    await expect(signedIn).resolves.toBe(true);
    expect(fetch).toHaveBeenCalledTimes(4);
    expect([...storage.values()]).toEqual([TOKEN]);
    // The token left the address bar; the display's other parameters stayed.
    expect(window.history.replaceState).toHaveBeenCalledWith(null, '', '/wall?layers=events');
  });

  it('forgets a token the server refuses and gives up at once', async () => {
    const fetch = vi.fn<typeof globalThis.fetch>().mockResolvedValue(apiError(401, 'INVALID_CREDENTIALS'));
    vi.stubGlobal('fetch', fetch);
    await expect(signInWallDevice()).resolves.toBe(false);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(storage.size).toBe(0);
  });
});
