import type { Topic } from '../../src/contract/live';

/**
 * The authorization matrix as data: for every REST route and every live topic, what each kind of caller
 * gets. `authz-matrix.test.ts` checks all of it against the running server and fails when a route exists
 * that has no row here (or a row names a route that does not exist): a new route must come with its rule
 * (auth/access.ts) and its row.
 *
 *   ok        authorized: neither 401 nor 403 (nor a 5xx). Most rows send a valid request and get a 2xx; rows
 *             whose handler would change shared state send an incomplete body, and its 400/404/409 shows the
 *             caller got past authorization without changing anything.
 *   401       UNAUTHENTICATED: no (valid) session
 *   403       FORBIDDEN: signed in, but the role may not (or is read-only)
 *   district  FORBIDDEN_DISTRICT: allowed, but the item is outside the caller's districts
 *   signature SIGNED_URL_INVALID: the role may (it passed authorization), but the request carries no URL signed
 *             for the caller's session (the stream route; video-stream.test.ts plays signed URLs)
 */
export const ACTORS = [
  'anonymous',
  'admin',
  'leader',
  'officer-hp',
  'officer-xh',
  'wall',
  'auditor',
] as const;
export type Actor = (typeof ACTORS)[number];
export type Outcome = 'ok' | 401 | 403 | 'district' | 'signature';

/** What a row's request may use: items the test created in the store (黄浦区 = 310101, 徐汇区 = 310104). */
export interface Fixtures {
  /** An event in 黄浦区. */
  eventHp: string;
  /** A camera in 黄浦区. */
  cameraHp: string;
  /** A fresh account (for routes that change or end one). */
  newUserId(): Promise<string>;
  newDeviceId(): Promise<string>;
  /** An open session of a throwaway account. */
  newSessionId(): Promise<string>;
  unique(prefix: string): string;
  demoPassword: string;
  wallToken: string;
  /** The Open311 clients' API key (the `open311` source's intake key). */
  open311Key: string;
}

export interface RouteCase {
  request(fx: Fixtures): Promise<{ path: string; body?: unknown }> | { path: string; body?: unknown };
  expect: Record<Actor, Outcome>;
  /** The call ends the caller's session: run it with a session of its own. */
  fresh?: boolean;
}

/** `allowed` get `ok` (or what `special` says); anonymous gets 401; every other role 403. */
function only(
  allowed: readonly Actor[],
  special: Partial<Record<Actor, Outcome>> = {},
): Record<Actor, Outcome> {
  return Object.fromEntries(
    ACTORS.map((a) => [a, special[a] ?? (allowed.includes(a) ? 'ok' : a === 'anonymous' ? 401 : 403)]),
  ) as Record<Actor, Outcome>;
}
const everyone = only(ACTORS);
const signedIn = only(ACTORS.filter((a) => a !== 'anonymous'));
const readers = ['admin', 'leader', 'officer-hp', 'officer-xh', 'wall'] as const;

const path = (p: string) => () => ({ path: p });

export const REST_MATRIX: Record<string, RouteCase> = {
  // --- public ---
  'GET /api/auth/session': { request: path('/api/auth/session'), expect: everyone },
  'POST /api/auth/login': {
    request: (fx) => ({ path: '/api/auth/login', body: { username: 'leader', password: fx.demoPassword } }),
    expect: everyone,
  },
  'POST /api/auth/device': {
    request: (fx) => ({ path: '/api/auth/device', body: { token: fx.wallToken } }),
    expect: everyone,
  },
  'GET /api/city': { request: path('/api/city'), expect: everyone },
  'GET /api/server': { request: path('/api/server'), expect: everyone },

  // --- signed in ---
  'POST /api/auth/logout': { request: path('/api/auth/logout'), expect: signedIn, fresh: true },

  // --- events and what is computed from them: district-scoped, masked per role ---
  'GET /api/events': { request: path('/api/events?limit=5'), expect: only(readers) },
  'GET /api/events/:id': {
    request: (fx) => ({ path: `/api/events/${encodeURIComponent(fx.eventHp)}` }),
    expect: only(readers, { 'officer-xh': 'district' }),
  },
  'GET /api/events/export': {
    request: path('/api/events/export?limit=5'),
    expect: only(['admin', 'leader', 'officer-hp', 'officer-xh']),
  },
  'GET /api/stats/events-hourly': {
    request: path('/api/stats/events-hourly?hours=2'),
    expect: only(readers),
  },

  // --- map data, feeds, dead letters ---
  'GET /api/roads': { request: path('/api/roads'), expect: only(readers) },
  'GET /api/grid-cells': { request: path('/api/grid-cells'), expect: only(readers) },
  'GET /api/traffic/districts': { request: path('/api/traffic/districts'), expect: only(readers) },
  'GET /api/feeds': { request: path('/api/feeds'), expect: only(readers) },
  'GET /api/dead-letters': { request: path('/api/dead-letters?limit=1'), expect: only(['admin']) },
  // An unknown letter: the admin gets past authorization to a 404, and nothing is replayed.
  'POST /api/dead-letters/:id/replay': {
    request: path('/api/dead-letters/987654321/replay'),
    expect: only(['admin']),
  },

  // --- the demo's simulators (none run in the matrix's server: the admin's stop/start is a 404) ---
  'GET /api/simulators': { request: path('/api/simulators'), expect: only(['admin']) },
  'POST /api/simulators/:source/stop': {
    request: path('/api/simulators/hotline/stop'),
    expect: only(['admin']),
  },
  'POST /api/simulators/:source/start': {
    request: path('/api/simulators/hotline/start'),
    expect: only(['admin']),
  },

  // --- video (依权限分级调阅) ---
  'POST /api/video/:cameraId/url': {
    request: (fx) => ({ path: `/api/video/${fx.cameraHp}/url` }),
    expect: only(readers, { 'officer-xh': 'district' }),
  },
  'GET /api/video/:cameraId/stream': {
    request: (fx) => ({ path: `/api/video/${fx.cameraHp}/stream?exp=9999999999&sig=forged` }),
    expect: only([], {
      admin: 'signature',
      leader: 'signature',
      'officer-hp': 'signature',
      'officer-xh': 'signature',
      wall: 'signature',
    }),
  },
  'GET /api/video/layouts': { request: path('/api/video/layouts'), expect: only(readers) },
  'POST /api/video/layouts': {
    request: () => ({ path: '/api/video/layouts', body: {} }),
    expect: only(['admin', 'leader', 'officer-hp', 'officer-xh']),
  },
  'DELETE /api/video/layouts/:id': {
    request: path('/api/video/layouts/no-such-layout'),
    expect: only(['admin', 'leader', 'officer-hp', 'officer-xh']),
  },

  // --- leader tours (issue 9): played by every reader, edited by leaders and admins; saves with an empty body
  // (400) change nothing, and the reset names a tour that does not exist (404) ---
  'GET /api/tours': { request: path('/api/tours'), expect: only(readers) },
  'GET /api/tours/:id': { request: path('/api/tours/demo'), expect: only(readers) },
  'PUT /api/tours/:id': {
    request: () => ({ path: '/api/tours/demo', body: {} }),
    expect: only(['admin', 'leader']),
  },
  'DELETE /api/tours/:id': {
    request: path('/api/tours/no-such-tour'),
    expect: only(['admin', 'leader']),
  },
  'GET /api/tour-target': {
    request: path('/api/tour-target?kind=live&ref=most-severe-event'),
    expect: only(readers),
  },

  // --- administration ---
  'GET /api/admin/users': { request: path('/api/admin/users'), expect: only(['admin']) },
  'POST /api/admin/users': {
    request: (fx) => ({
      path: '/api/admin/users',
      body: {
        username: fx.unique('matrix'),
        displayName: '矩阵测试',
        role: 'officer',
        districts: ['310101'],
        password: 'a-long-enough-password',
      },
    }),
    expect: only(['admin']),
  },
  'PATCH /api/admin/users/:id': {
    request: async (fx) => ({
      path: `/api/admin/users/${await fx.newUserId()}`,
      body: { displayName: '改名' },
    }),
    expect: only(['admin']),
  },
  'POST /api/admin/users/:id/revoke-sessions': {
    request: async (fx) => ({ path: `/api/admin/users/${await fx.newUserId()}/revoke-sessions` }),
    expect: only(['admin']),
  },
  'GET /api/admin/sessions': { request: path('/api/admin/sessions'), expect: only(['admin']) },
  'DELETE /api/admin/sessions/:id': {
    request: async (fx) => ({ path: `/api/admin/sessions/${await fx.newSessionId()}` }),
    expect: only(['admin']),
  },
  'GET /api/admin/devices': { request: path('/api/admin/devices'), expect: only(['admin']) },
  'POST /api/admin/devices': {
    request: (fx) => ({
      path: '/api/admin/devices',
      body: { name: fx.unique('wall'), profile: 'ops-centre' },
    }),
    expect: only(['admin']),
  },
  'POST /api/admin/devices/:id/revoke': {
    request: async (fx) => ({ path: `/api/admin/devices/${await fx.newDeviceId()}/revoke` }),
    expect: only(['admin']),
  },

  // --- the duty console (issue 6): reads are events:read, district-scoped; actions are events:act ---
  'GET /api/console/queue': { request: path('/api/console/queue?limit=5'), expect: only(readers) },
  'GET /api/console/counts': { request: path('/api/console/counts'), expect: only(readers) },
  'GET /api/console/config': { request: path('/api/console/config'), expect: only(readers) },
  'GET /api/console/events/:id': {
    request: (fx) => ({ path: `/api/console/events/${encodeURIComponent(fx.eventHp)}` }),
    expect: only(readers, { 'officer-xh': 'district' }),
  },
  'GET /api/console/views': { request: path('/api/console/views'), expect: only(readers) },
  'POST /api/console/views': {
    request: () => ({ path: '/api/console/views', body: {} }),
    expect: only(['admin', 'leader', 'officer-hp', 'officer-xh']),
  },
  'DELETE /api/console/views/:id': {
    request: path('/api/console/views/no-such-view'),
    expect: only(['admin', 'leader', 'officer-hp', 'officer-xh']),
  },
  'POST /api/events/:id/actions': {
    request: (fx) => ({
      path: `/api/events/${encodeURIComponent(fx.eventHp)}/actions`,
      body: { action: 'note', version: 0, note: 'matrix' },
    }),
    expect: only(['leader', 'officer-hp'], { 'officer-xh': 'district' }),
  },
  'POST /api/events/:id/acknowledge': {
    request: (fx) => ({ path: `/api/events/${encodeURIComponent(fx.eventHp)}/acknowledge`, body: {} }),
    expect: only(['leader', 'officer-hp'], { 'officer-xh': 'district' }),
  },
  'POST /api/events/actions/batch': {
    // Per-item scope refusals come back inside the 200 body; the row checks the route's own gate.
    request: (fx) => ({
      path: '/api/events/actions/batch',
      body: { action: 'note', items: [{ id: fx.eventHp, version: 0 }] },
    }),
    expect: only(['leader', 'officer-hp', 'officer-xh']),
  },
  'POST /api/warnings/:id/acknowledge': {
    request: path('/api/warnings/no-such-warning/acknowledge'),
    expect: only(['leader', 'officer-hp', 'officer-xh']),
  },

  // --- warning publishing (预警发布): drafts with an empty body (400) publish nothing ---
  'POST /api/warnings/preview': {
    request: () => ({ path: '/api/warnings/preview', body: {} }),
    expect: only(['leader', 'officer-hp', 'officer-xh']),
  },
  'POST /api/warnings': {
    request: () => ({ path: '/api/warnings', body: {} }),
    expect: only(['leader', 'officer-hp', 'officer-xh']),
  },
  'POST /api/warnings/:id/update': {
    request: () => ({ path: '/api/warnings/no-such-warning/update', body: {} }),
    expect: only(['leader', 'officer-hp', 'officer-xh']),
  },
  'POST /api/warnings/:id/cancel': {
    request: () => ({ path: '/api/warnings/no-such-warning/cancel', body: {} }),
    expect: only(['leader', 'officer-hp', 'officer-xh']),
  },
  'GET /api/warnings/published': {
    request: path('/api/warnings/published'),
    expect: only(['leader', 'officer-hp', 'officer-xh']),
  },

  // --- standards out: the public CAP feed and Open311 GeoReport v2 (its POST needs the open311 api_key) ---
  'GET /api/cap/feed': { request: path('/api/cap/feed'), expect: everyone },
  'GET /api/cap/feed.json': { request: path('/api/cap/feed.json'), expect: everyone },
  'GET /api/cap/alerts/:file': { request: path('/api/cap/alerts/no-such-alert.xml'), expect: everyone },
  'GET /api/open311/v2/services.json': { request: path('/api/open311/v2/services.json'), expect: everyone },
  'GET /api/open311/v2/services.xml': { request: path('/api/open311/v2/services.xml'), expect: everyone },
  'GET /api/open311/v2/requests.json': { request: path('/api/open311/v2/requests.json'), expect: everyone },
  'GET /api/open311/v2/requests.xml': { request: path('/api/open311/v2/requests.xml'), expect: everyone },
  'GET /api/open311/v2/requests/:file': {
    request: path('/api/open311/v2/requests/none.json'),
    expect: everyone,
  },
  'POST /api/open311/v2/requests.json': {
    request: (fx) => ({ path: '/api/open311/v2/requests.json', body: { api_key: fx.open311Key } }),
    expect: everyone,
  },
  'POST /api/open311/v2/requests.xml': {
    request: (fx) => ({ path: '/api/open311/v2/requests.xml', body: { api_key: fx.open311Key } }),
    expect: everyone,
  },
  // The API's own description: public, like any API's documentation.
  'GET /api/openapi.json': { request: path('/api/openapi.json'), expect: everyone },

  // --- audit: the auditor only (separation of duties) ---
  'GET /api/audit': { request: path('/api/audit?limit=5'), expect: only(['auditor']) },
  'GET /api/audit/verify': { request: path('/api/audit/verify'), expect: only(['auditor']) },
};

/**
 * Intake routes (`POST /api/intake/<source>`) are not rows: every one of them refuses every session (401,
 * a cookie is no API key) and accepts only its own source's key; the test checks each intake route found.
 */
export const INTAKE_ROUTE = /^POST \/api\/intake\/([a-z-]+)$/;

type TopicOutcome = 'ok' | 'FORBIDDEN';
const topicReaders: Record<Exclude<Actor, 'anonymous'>, TopicOutcome> = {
  admin: 'ok',
  leader: 'ok',
  'officer-hp': 'ok',
  'officer-xh': 'ok',
  wall: 'ok',
  auditor: 'FORBIDDEN',
};

/** Live topics: anonymous connections are refused at the handshake; then per role and topic. */
export const TOPIC_MATRIX: Record<Topic, Record<Exclude<Actor, 'anonymous'>, TopicOutcome>> = {
  events: topicReaders,
  health: topicReaders,
  traffic: topicReaders,
  cameras: topicReaders,
  sensors: topicReaders,
  workers: topicReaders,
  warnings: topicReaders,
};
