import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventDetail, QueueCounts, QueuePage, SavedView } from '../../src/contract/console';
import { PresenceMessage } from '../../src/contract/live';
import type { Event } from '../../src/contract/event';
import { act, PLACES, reportEvent, workOrder } from '../helpers/console';
import { LiveClient } from '../helpers/live-client';
import { call, errorCode, HUANGPU, XUHUI, signInAll, type Sessions } from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let s: Sessions;
let hp: Event[];
let xh: Event;

const queue = async (as: keyof Sessions, query: string) => {
  const res = await call(server.url, 'GET', `/api/console/queue?${query}`, s[as]);
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${res.text}`);
  return QueuePage.parse(res.body);
};
const ids = (p: QueuePage) => p.items.map((e) => e.id);

beforeAll(async () => {
  server = await startTestServer();
  s = await signInAll(server);
  hp = [
    await reportEvent(
      server,
      workOrder(server, {
        诉求内容: '人民广场地下通道积水严重，行人无法通过。',
        诉求分类: '水务/路面积水',
        紧急程度: '紧急',
      }),
    ),
    await reportEvent(
      server,
      workOrder(server, { 诉求内容: '南京东路井盖松动，车辆经过有响声。', 诉求分类: '市政设施/井盖缺失' }),
    ),
    await reportEvent(
      server,
      workOrder(server, { 诉求内容: 'Hotel lobby noise after midnight', 诉求分类: '环境保护/社会生活噪声' }),
    ),
  ];
  xh = await reportEvent(
    server,
    workOrder(server, {
      place: PLACES.xuhui,
      诉求内容: '徐家汇路口积水',
      诉求分类: '水务/路面积水',
      地址: '上海市徐汇区漕溪北路88号',
    }),
  );
  expect(xh.district).toBe(XUHUI);
});
afterAll(async () => {
  await server?.stop();
});

describe('the console queue', () => {
  it('finds Chinese text anywhere in title, description or address, two characters are enough', async () => {
    expect(ids(await queue('leader', `q=${encodeURIComponent('积水')}`)).sort()).toEqual(
      [hp[0]!.id, xh.id].sort(),
    );
    expect(ids(await queue('leader', `q=${encodeURIComponent('井盖')}`))).toEqual([hp[1]!.id]);
    expect(ids(await queue('leader', `q=${encodeURIComponent('地下通道积水')}`))).toEqual([hp[0]!.id]);
    // Latin text case-insensitively; LIKE wildcards are plain characters.
    expect(ids(await queue('leader', 'q=HOTEL'))).toEqual([hp[2]!.id]);
    expect(ids(await queue('leader', `q=${encodeURIComponent('%')}`))).toEqual([]);
    expect(ids(await queue('leader', `q=${encodeURIComponent('人民大道')}`)).length).toBe(3);
  });

  it('filters by status, category, severity, source and district, and cuts an officer to their districts', async () => {
    expect(ids(await queue('leader', 'category=waterlogging&severity=III')).sort()).toEqual(
      [hp[0]!.id].sort(),
    );
    expect(ids(await queue('leader', `district=${XUHUI}`))).toEqual([xh.id]);
    expect(ids(await queue('leader', 'source=open311'))).toEqual([]);
    const officer = await queue('officer-hp', 'status=reported,accepted');
    expect(officer.items.every((e) => e.district === HUANGPU)).toBe(true);
    expect(ids(officer).sort()).toEqual(hp.map((e) => e.id).sort());
    // Asking for another district gives nothing, not everything.
    expect(ids(await queue('officer-hp', `district=${XUHUI}`))).toEqual([]);
  });

  it('sorts by SLA due (soonest first), by report time, by severity', async () => {
    const bySla = await queue('leader', 'status=reported&sort=sla');
    const dues = bySla.items.map((e) => e.slaDueAt!);
    expect(dues).toEqual([...dues].sort());
    // The waterlogging rule gives 15 minutes to accept, sooner than the default 30.
    expect(bySla.items[0]!.category).toBe('waterlogging');
    const bySeverity = await queue('leader', 'sort=severity');
    expect(bySeverity.items.map((e) => e.severity)).toEqual(
      [...bySeverity.items.map((e) => e.severity)].sort(),
    );
    const byReported = await queue('leader', 'sort=reported');
    const times = byReported.items.map((e) => e.reportedAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('counts open events per status in the caller’s districts', async () => {
    const counts = QueueCounts.parse(
      (await call(server.url, 'GET', '/api/console/counts', s['officer-hp'])).body,
    );
    expect(counts.byStatus.reported).toBe(3);
    const all = QueueCounts.parse((await call(server.url, 'GET', '/api/console/counts', s.leader)).body);
    expect(all.byStatus.reported).toBe(4);
  });

  it('refuses a malformed queue query naming the field', async () => {
    for (const q of ['status=lost', 'sort=random', 'limit=0', 'limit=5000', `q=${'长'.repeat(101)}`]) {
      const res = await call(server.url, 'GET', `/api/console/queue?${q}`, s.leader);
      expect([q, res.status, errorCode(res.body)]).toEqual([q, 400, 'BAD_REQUEST']);
    }
  });

  it('gives each officer their own saved views: save, replace by name, list, delete', async () => {
    const path = '/api/console/views';
    const save = (as: keyof Sessions, body: unknown) => call(server.url, 'POST', path, s[as], body);
    expect(
      (await save('officer-hp', { name: '我的超期', query: { overdue: 'true', sort: 'sla' } })).status,
    ).toBe(201);
    expect(
      (await save('officer-hp', { name: '积水', query: { q: '积水', category: 'waterlogging' } })).status,
    ).toBe(201);
    const replaced = await save('officer-hp', { name: '积水', query: { q: '内涝' } });
    expect(replaced.status).toBe(201);
    const mine = SavedView.array().parse((await call(server.url, 'GET', path, s['officer-hp'])).body);
    expect(mine.map((v) => [v.name, v.query])).toEqual([
      ['我的超期', { overdue: 'true', sort: 'sla' }],
      ['积水', { q: '内涝' }],
    ]);
    expect(SavedView.array().parse((await call(server.url, 'GET', path, s['officer-xh'])).body)).toEqual([]);
    // Someone else's view cannot be deleted; a view the queue would not understand cannot be saved.
    expect((await call(server.url, 'DELETE', `${path}/${mine[0]!.id}`, s['officer-xh'])).body).toEqual({
      ok: true,
      deleted: false,
    });
    expect((await save('officer-hp', { name: '坏', query: { sort: 'random' } })).status).toBe(400);
    expect((await call(server.url, 'DELETE', `${path}/${mine[0]!.id}`, s['officer-hp'])).body).toEqual({
      ok: true,
      deleted: true,
    });
    expect(SavedView.array().parse((await call(server.url, 'GET', path, s['officer-hp'])).body)).toHaveLength(
      1,
    );
  });
});

describe('event detail', () => {
  it('lists the nearest cameras by distance with their online state, only those the caller may see', async () => {
    const near = { lon: hp[0]!.location.lon + 0.001, lat: hp[0]!.location.lat };
    const cams = [
      { id: '31010100001320000101', location: near, district: HUANGPU, online: true },
      {
        id: '31010100001320000102',
        location: { lon: near.lon + 0.002, lat: near.lat },
        district: HUANGPU,
        online: false,
      },
      {
        id: '31010400001320000103',
        location: { lon: near.lon + 0.001, lat: near.lat },
        district: XUHUI,
        online: true,
      },
      {
        id: '31010100001320000104',
        location: { lon: near.lon + 0.05, lat: near.lat },
        district: HUANGPU,
        online: true,
      },
    ];
    await server.app.states.put(
      'cameras',
      cams.map((c) => ({
        ...c,
        name: `测试摄像机${c.id.slice(-3)}`,
        street: null,
        direction: null,
        alarmEventId: null,
        updatedAt: new Date().toISOString(),
      })),
    );
    const d = EventDetail.parse(
      (await call(server.url, 'GET', `/api/console/events/${encodeURIComponent(hp[0]!.id)}`, s['officer-hp']))
        .body,
    );
    expect(d.cameras.map((c) => [c.id, c.online])).toEqual([
      ['31010100001320000101', true],
      ['31010100001320000102', false],
    ]);
    expect(d.cameras[0]!.distanceM).toBeGreaterThan(80);
    expect(d.cameras[0]!.distanceM).toBeLessThan(110);
    const leader = EventDetail.parse(
      (await call(server.url, 'GET', `/api/console/events/${encodeURIComponent(hp[0]!.id)}`, s.leader)).body,
    );
    expect(leader.cameras.map((c) => c.id)).toContain('31010400001320000103');
    // The leader sees the reporter masked; the district officer in full.
    expect(leader.event.reporter?.phone).toBe('139****5678');
    expect(d.event.reporter?.phone).toBe('13912345678');
    expect(d.allowedActions).toEqual(expect.arrayContaining(['accept', 'forward', 'close', 'note']));
    expect(d.suggestion.department?.id).toBe('water-city');
  });

  it('refuses another district’s event detail', async () => {
    const res = await call(
      server.url,
      'GET',
      `/api/console/events/${encodeURIComponent(xh.id)}`,
      s['officer-hp'],
    );
    expect([res.status, errorCode(res.body)]).toEqual([403, 'FORBIDDEN_DISTRICT']);
  });
});

describe('presence', () => {
  it('tells every console who has an event open, never another district’s event', async () => {
    const hpClient = await LiveClient.connect(server.url, s['officer-hp']);
    const leaderClient = await LiveClient.connect(server.url, s.leader);
    const xhClient = await LiveClient.connect(server.url, s['officer-xh']);
    const last = new Map<LiveClient, PresenceMessage>();
    for (const c of [hpClient, leaderClient, xhClient])
      c.socket.on('presence', (m: unknown) => last.set(c, PresenceMessage.parse(m)));
    const until = (c: LiveClient, ok: (m: PresenceMessage) => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out: ${what}`)), 5000);
        const check = () => {
          const m = last.get(c);
          if (m && ok(m)) {
            clearTimeout(t);
            resolve();
          } else setTimeout(check, 20);
        };
        check();
      });
    try {
      xhClient.socket.emit('viewing', { eventId: xh.id });
      hpClient.socket.emit('viewing', { eventId: hp[0]!.id });
      leaderClient.socket.emit('viewing', { eventId: hp[0]!.id });
      await until(
        leaderClient,
        (m) => m.viewers[hp[0]!.id]?.length === 2 && !!m.viewers[xh.id],
        'leader sees both',
      );
      expect(
        last
          .get(leaderClient)!
          .viewers[hp[0]!.id]!.map((v) => v.name)
          .sort(),
      ).toEqual(['值班领导', '黄浦区值班员'].sort());
      await until(hpClient, (m) => m.viewers[hp[0]!.id]?.length === 2, 'officer sees the leader');
      expect(Object.keys(last.get(hpClient)!.viewers)).toEqual([hp[0]!.id]);
      await until(xhClient, (m) => !!m.viewers[xh.id], 'xuhui sees itself');
      expect(Object.keys(last.get(xhClient)!.viewers)).toEqual([xh.id]);
      // Closing the event (or the tab) takes the viewer off.
      leaderClient.socket.emit('viewing', { eventId: null });
      await until(hpClient, (m) => m.viewers[hp[0]!.id]?.length === 1, 'the leader left');
      hpClient.close();
      await until(leaderClient, (m) => !m.viewers[hp[0]!.id], 'the officer disconnected');
      // Asking to be seen on an event outside one's districts records nothing.
      xhClient.socket.emit('viewing', { eventId: hp[1]!.id });
      await until(
        leaderClient,
        (m) => !m.viewers[xh.id] && !m.viewers[hp[1]!.id],
        'out of scope recorded as nothing',
      );
    } finally {
      for (const c of [hpClient, leaderClient, xhClient]) c.close();
    }
  });

  it('keeps the queue’s escalations and actions consistent for a leader and an officer at once', async () => {
    const e = await reportEvent(server, workOrder(server));
    const a = act(server, s['officer-hp'], e.id, { action: 'accept', version: e.version });
    const b = act(server, s.leader, e.id, { action: 'accept', version: e.version });
    const results = await Promise.all([a, b]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
