import { CSRF_HEADER, INTAKE_KEY_HEADER, Me, type Principal } from '../../src/contract/auth';
import type { SourceId } from '../../src/contract/source';

/** The demo password the test servers seed (the SEED_PASSWORD default). */
export const DEMO_PASSWORD = 'CityBrain-demo-2026';
/** The demo wall token (the SEED_WALL_TOKEN default). */
export const DEMO_WALL_TOKEN = 'demo-wall-token-ops-centre-01';

/** A signed-in session as a client holds it: the cookie to send and the CSRF token to echo. */
export interface Credentials {
  cookie: string;
  csrf: string;
  principal: Principal;
}

/** Headers for a request with these credentials (the CSRF header only matters on state changes). */
export function authHeaders(c: Credentials | null): Record<string, string> {
  return c ? { cookie: c.cookie, [CSRF_HEADER]: c.csrf } : {};
}

async function signIn(url: string, path: string, body: object): Promise<Credentials> {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0]!;
  const me = Me.parse(await res.json());
  return { cookie, csrf: me.csrfToken, principal: me.principal };
}

export const login = (url: string, username: string, password = DEMO_PASSWORD) =>
  signIn(url, '/api/auth/login', { username, password });

export const deviceLogin = (url: string, token = DEMO_WALL_TOKEN) =>
  signIn(url, '/api/auth/device', { token });

/**
 * Each test server's default identity (the seeded admin) and intake keys, by origin: the shared helpers
 * (getJson, postOrder, LiveClient.connect) use them unless a test passes other credentials.
 */
const defaults = new Map<string, { creds: Credentials; intakeKeys: ReadonlyMap<SourceId, string> }>();

export function setDefaults(
  url: string,
  creds: Credentials,
  intakeKeys: ReadonlyMap<SourceId, string>,
): void {
  defaults.set(new URL(url).origin, { creds, intakeKeys });
}

export function clearDefaults(url: string): void {
  defaults.delete(new URL(url).origin);
}

/** The default credentials of the test server at `url` (null if none is registered). */
export function defaultCredentials(url: string): Credentials | null {
  return defaults.get(new URL(url).origin)?.creds ?? null;
}

/** The intake API key header of `source` on the test server at `url`. */
export function intakeHeaders(url: string, source: SourceId): Record<string, string> {
  const key = defaults.get(new URL(url).origin)?.intakeKeys.get(source);
  return key ? { [INTAKE_KEY_HEADER]: key } : {};
}
