import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Event } from '../../src/contract/event';
import { EventPage } from '../../src/contract/rest';
import { EventsHourly } from '../../src/contract/stats';
import { orderFactory, postOrder } from '../helpers/hotline-orders';
import { LiveClient } from '../helpers/live-client';
import {
  call,
  errorCode,
  HUANGPU,
  putCamera,
  seedDistrictEvents,
  signInAll,
  XUHUI,
  type Sessions,
} from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let s: Sessions;
let all: Event[];

beforeAll(async () => {
  server = await startTestServer();
  s = await signInAll(server);
  all = await seedDistrictEvents(server, 81, 3);
  await putCamera(server, '31010100001320000011', HUANGPU);
  await putCamera(server, '31010400001320000012', XUHUI);
});
afterAll(async () => {
  await server?.stop();
});

const inHp = () => all.filter((e) => e.district === HUANGPU);
const xhEvent = () => all.find((e) => e.district === XUHUI)!;
const list = async (as: Sessions[keyof Sessions], query = '') =>
  EventPage.parse((await call(server.url, 'GET', `/api/events?limit=500${query}`, as)).body);

/** Posts orders until at least one new 黄浦区 and one new 徐汇区 event exist; returns the new events. */
async function postBothDistricts(seed: number): Promise<Event[]> {
  const before = new Set((await list(s.admin)).items.map((e) => e.id));
  const orders = orderFactory(server.app.pack, seed);
  for (let round = 0; round < 20; round++) {
    for (let i = 0; i < 15; i++) await postOrder(server.url, orders.next());
    const fresh = (await list(s.admin)).items.filter((e) => !before.has(e.id));
    if (fresh.some((e) => e.district === HUANGPU) && fresh.some((e) => e.district === XUHUI)) return fresh;
  }
  throw new Error('no new events in both districts');
}

describe('an officer of 黄浦区 never receives an event of 徐汇区', () => {
  it('over REST: the list, its total (the count), and a district filter asking for more', async () => {
    const page = await list(s['officer-hp']);
    expect(page.items.length).toBe(inHp().length);
    expect(page.total).toBe(inHp().length);
    expect(new Set(page.items.map((e) => e.district))).toEqual(new Set([HUANGPU]));
    const asked = await list(s['officer-hp'], `&district=${XUHUI}`);
    expect(asked).toEqual({ items: [], total: 0 });
    const both = await list(s['officer-hp'], `&district=${HUANGPU},${XUHUI}`);
    expect(both.total).toBe(inHp().length);
    // Search by other filters stays inside the scope too.
    const bySource = await list(s['officer-hp'], '&source=hotline&severity=I,II,III,IV');
    expect(bySource.items.every((e) => e.district === HUANGPU)).toBe(true);
  });

  it('over REST: the detail of a 徐汇区 event is 403 FORBIDDEN_DISTRICT, its own district’s is 200', async () => {
    const res = await call(
      server.url,
      'GET',
      `/api/events/${encodeURIComponent(xhEvent().id)}`,
      s['officer-hp'],
    );
    expect(res.status).toBe(403);
    expect(errorCode(res.body)).toBe('FORBIDDEN_DISTRICT');
    const own = await call(
      server.url,
      'GET',
      `/api/events/${encodeURIComponent(inHp()[0]!.id)}`,
      s['officer-hp'],
    );
    expect(own.status).toBe(200);
  });

  it('in exports and hourly counts', async () => {
    const csv = await call(server.url, 'GET', '/api/events/export', s['officer-hp']);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = csv.text.trim().split('\r\n').slice(1);
    expect(rows.length).toBe(inHp().length);
    expect(csv.text).not.toContain(xhEvent().id);
    const sum = (b: unknown) => EventsHourly.parse(b).buckets.reduce((n, x) => n + x.reported, 0);
    const hourly = (as: Sessions[keyof Sessions], q = '') =>
      call(server.url, 'GET', `/api/stats/events-hourly?hours=168${q}`, as);
    const adminHp = sum((await hourly(s.admin, `&district=${HUANGPU}`)).body);
    expect(sum((await hourly(s['officer-hp'])).body)).toBe(adminHp);
    expect(sum((await hourly(s['officer-hp'], `&district=${XUHUI}`)).body)).toBe(0);
  });

  it('live: in the snapshot, every delta and a resume after reconnecting', async () => {
    const officer = await LiveClient.connect(server.url, s['officer-hp']);
    // Asking for 徐汇区 as well changes nothing: the server forces the session's scope.
    expect(
      await officer.subscribe({ topic: 'events', filter: { districts: [HUANGPU, XUHUI] } }),
    ).toMatchObject({
      ok: true,
    });
    await officer.waitFor(() => officer.snapshots('events').length === 1, 'snapshot');
    const snap = officer.snapshots('events')[0]!;
    expect(snap.items.length).toBeGreaterThanOrEqual(inHp().length);
    expect(snap.items.every((e) => e.district === HUANGPU)).toBe(true);

    const fresh = await postBothDistricts(82);
    const freshHp = fresh.filter((e) => e.district === HUANGPU).map((e) => e.id);
    await officer.waitFor(
      () => freshHp.every((id) => officer.upsertedEventIds().includes(id)),
      'the new 黄浦区 events as deltas',
    );
    const deltaItems = officer.deltas('events').flatMap((d) => d.upserts);
    expect(deltaItems.every((e) => e.district === HUANGPU)).toBe(true);

    // Reconnect after missing changes: the resume carries only 黄浦区 too.
    const held = officer.held.get('events')!;
    const epoch = officer.epochs.get('events')!;
    officer.close();
    const missed = await postBothDistricts(83);
    const back = await LiveClient.connect(server.url, s['officer-hp']);
    expect(await back.subscribe({ topic: 'events', sinceSeq: held, epoch })).toMatchObject({
      ok: true,
      mode: 'resume',
    });
    const missedHp = missed.filter((e) => e.district === HUANGPU).map((e) => e.id);
    await back.waitFor(
      () => missedHp.every((id) => back.upsertedEventIds().includes(id)),
      'the missed 黄浦区 events',
    );
    expect(
      back
        .deltas('events')
        .flatMap((d) => d.upserts)
        .every((e) => e.district === HUANGPU),
    ).toBe(true);
    expect(back.violations).toEqual([]);
    back.close();
  });

  it('live: an officer’s camera topic holds only their districts; the leader’s holds both', async () => {
    const officer = await LiveClient.connect(server.url, s['officer-hp']);
    const leader = await LiveClient.connect(server.url, s.leader);
    await officer.subscribe({ topic: 'cameras' });
    await leader.subscribe({ topic: 'cameras' });
    await officer.waitFor(() => officer.snapshots('cameras').length === 1, 'officer cameras');
    await leader.waitFor(() => leader.snapshots('cameras').length === 1, 'leader cameras');
    expect(officer.snapshots('cameras')[0]!.items.map((c) => c.district)).toEqual([HUANGPU]);
    expect(new Set(leader.snapshots('cameras')[0]!.items.map((c) => c.district))).toEqual(
      new Set([HUANGPU, XUHUI]),
    );
    officer.close();
    leader.close();
  });

  it('video: an officer gets a signed URL for a camera of their district, 403 FORBIDDEN_DISTRICT for another', async () => {
    const own = await call(server.url, 'POST', '/api/video/31010100001320000011/url', s['officer-hp']);
    expect(own.status).toBe(200);
    expect((own.body as { url: string }).url).toMatch(
      /^\/api\/video\/31010100001320000011\/stream\?exp=\d+&sig=/,
    );
    const other = await call(server.url, 'POST', '/api/video/31010400001320000012/url', s['officer-hp']);
    expect(other.status).toBe(403);
    expect(errorCode(other.body)).toBe('FORBIDDEN_DISTRICT');
    const unknown = await call(server.url, 'POST', '/api/video/31010100001320009999/url', s['officer-hp']);
    expect(unknown.status).toBe(404);
  });
});

describe('personal data is masked on the server for roles that do not need it', () => {
  const withCaller = () => all.find((e) => e.reporter?.name && e.reporter.phone && e.district === HUANGPU)!;

  it('REST: leader and wall see 张** / 139****5678, the officer and admin the full record', async () => {
    const e = withCaller();
    const path = `/api/events/${encodeURIComponent(e.id)}`;
    for (const role of ['leader', 'wall'] as const) {
      const seen = Event.parse((await call(server.url, 'GET', path, s[role])).body);
      expect(seen.reporter!.name).toBe(
        `${[...e.reporter!.name!][0]}${'*'.repeat([...e.reporter!.name!].length - 1)}`,
      );
      expect(seen.reporter!.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect(JSON.stringify(seen)).not.toContain(e.reporter!.phone!);
      const listed = (await list(s[role])).items.find((x) => x.id === e.id)!;
      expect(listed.reporter).toEqual(seen.reporter);
    }
    for (const role of ['officer-hp', 'admin'] as const) {
      const seen = Event.parse((await call(server.url, 'GET', path, s[role])).body);
      expect(seen.reporter).toEqual(e.reporter);
    }
  });

  it('export: the leader’s CSV carries masked phone numbers', async () => {
    const csv = await call(server.url, 'GET', '/api/events/export', s.leader);
    expect(csv.status).toBe(200);
    for (const e of all.filter((x) => x.reporter?.phone)) expect(csv.text).not.toContain(e.reporter!.phone!);
  });

  it('live: the wall’s snapshot is masked with the same function', async () => {
    const e = withCaller();
    const wall = await LiveClient.connect(server.url, s.wall);
    await wall.subscribe({ topic: 'events' });
    await wall.waitFor(() => wall.snapshots('events').length === 1, 'wall snapshot');
    const seen = wall.snapshots('events')[0]!.items.find((x) => x.id === e.id)!;
    expect(seen.reporter!.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect(JSON.stringify(wall.snapshots('events')[0])).not.toContain(e.reporter!.phone!);
    wall.close();
  });
});
