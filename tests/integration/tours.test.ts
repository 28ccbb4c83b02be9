import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage } from '../../src/contract/auth';
import type { RoadSegmentState, Sensor, Warning } from '../../src/contract/entities';
import { hasPhoneLike } from '../../src/contract/safe-mode';
import { ResolvedTarget, TourRecord, TourSummary, type Tour } from '../../src/contract/tour';
import { copyCityPack } from '../helpers/city-pack-copy';
import { PLACES, reportEvent, workOrder } from '../helpers/console';
import { call, errorCode, HUANGPU, putCamera, signInAll, XUHUI, type Sessions } from '../helpers/scoped-data';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let s: Sessions;

beforeAll(async () => {
  server = await startTestServer();
  s = await signInAll(server);
});
afterAll(async () => {
  await server?.stop();
});

const demo = async (): Promise<TourRecord> => {
  const res = await call(server.url, 'GET', '/api/tours/demo', s.leader);
  expect(res.status, res.text).toBe(200);
  return TourRecord.parse(res.body);
};
const save = (tour: unknown, version: number, as = s.leader) =>
  call(server.url, 'PUT', '/api/tours/demo', as, { tour, version });
const auditOf = async (action: string) => {
  const res = await call(server.url, 'GET', `/api/audit?action=${action}&limit=50`, s.auditor);
  return AuditPage.parse(res.body).items.filter((e) => e.action === action);
};

describe('tours: load, save, validation', () => {
  it("serves the city pack's demo tour until one is saved", async () => {
    const list = await call(server.url, 'GET', '/api/tours', s.wall);
    expect(list.status).toBe(200);
    const demoLine = TourSummary.array()
      .parse(list.body)
      .find((t) => t.id === 'demo');
    expect(demoLine).toMatchObject({ source: 'pack', version: 0 });
    expect(demoLine!.scenes).toBeGreaterThanOrEqual(6);
    const r = await demo();
    expect(r).toMatchObject({ source: 'pack', version: 0, updatedBy: null });
    expect(r.tour.scenes[0]!.narration['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  });

  it('saves an edited tour (scenes reordered) as version 1, audited, and serves it from then on', async () => {
    const before = await demo();
    const [first, second, ...rest] = before.tour.scenes;
    const edited: Tour = { ...before.tour, scenes: [second!, first!, ...rest] };
    const res = await save(edited, before.version);
    expect(res.status, res.text).toBe(200);
    expect(TourRecord.parse(res.body)).toMatchObject({ version: 1, source: 'saved', updatedBy: 'leader' });
    const after = await demo();
    expect(after.tour.scenes.map((x) => x.id)).toEqual(edited.scenes.map((x) => x.id));
    const [entry] = await auditOf('tour.save');
    expect(entry).toMatchObject({ actor: 'leader', target: 'demo', details: { version: 1 } });
  });

  it('refuses an invalid tour with TOUR_INVALID naming each scene and field, and stores nothing', async () => {
    const current = await demo();
    const broken = structuredClone(current.tour) as unknown as { scenes: Record<string, unknown>[] };
    broken.scenes[2]!['narration'] = { 'zh-CN': '', en: 'x' };
    broken.scenes[4]!['target'] = { kind: 'district', code: '110101' };
    const res = await save(broken, current.version);
    expect(res.status).toBe(422);
    expect(errorCode(res.body)).toBe('TOUR_INVALID');
    const { error } = res.body as {
      error: { message: string; details: { path: string; message: string }[] };
    };
    expect(error.details.map((d) => d.path)).toEqual(['scenes.2.narration.zh-CN']);
    expect(error.message).toContain('scene 3');
    // The district is only checked once the shapes are right: fixed narration, the city check speaks.
    (broken.scenes[2]!['narration'] as Record<string, string>)['zh-CN'] = '好';
    const again = await save(broken, current.version);
    expect(
      (again.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path),
    ).toEqual(['scenes.4.target.code']);
    expect((await demo()).version).toBe(current.version);
  });

  it('refuses a save over a version someone else saved meanwhile', async () => {
    const current = await demo();
    const res = await save(current.tour, current.version - 1 < 0 ? 5 : current.version - 1);
    expect(res.status).toBe(409);
    expect(errorCode(res.body)).toBe('VERSION_CONFLICT');
  });

  it("refuses a tour whose id is not the URL's", async () => {
    const current = await demo();
    const res = await save({ ...current.tour, id: 'other' }, current.version);
    expect(res.status).toBe(422);
    expect(errorCode(res.body)).toBe('TOUR_INVALID');
  });

  it('lets leaders and admins save, and nobody else', async () => {
    const current = await demo();
    for (const who of ['officer-hp', 'wall', 'auditor'] as const)
      expect((await save(current.tour, current.version, s[who])).status, who).toBe(403);
    const byAdmin = await save(current.tour, current.version, s.admin);
    expect(byAdmin.status, byAdmin.text).toBe(200);
  });

  it('keeps a saved tour across a restart', async () => {
    const saved = await demo();
    expect(saved.source).toBe('saved');
    await server.stop({ keepData: true });
    server = await startTestServer({}, server.dataDir);
    s = await signInAll(server);
    const after = await demo();
    expect(after).toMatchObject({ source: 'saved', version: saved.version });
    expect(after.tour).toEqual(saved.tour);
  });

  it("resets to the city pack's file, audited", async () => {
    const res = await call(server.url, 'DELETE', '/api/tours/demo', s.leader);
    expect(res.status, res.text).toBe(200);
    expect(await demo()).toMatchObject({ source: 'pack', version: 0 });
    expect((await auditOf('tour.reset'))[0]).toMatchObject({ actor: 'leader', target: 'demo' });
    // After a reset the next save starts from version 0 again.
    expect((await save((await demo()).tour, 0)).status).toBe(200);
  });

  it('refuses to start with a broken tour file, naming the file, scene and field', async () => {
    const pack = copyCityPack();
    try {
      pack.edit<{ scenes: { narration: Record<string, string> }[] }>('tours/demo.json', (t) => {
        t.scenes[1]!.narration['en'] = 'Congestion is {worst}.';
        return t;
      });
      await expect(startTestServer({ CITY_PACKS_DIR: pack.root })).rejects.toThrow(
        /tours\/demo\.json: scene 2 "交通运行 · 高峰拥堵" \(rush-hour\) · narration\.en: unknown placeholder \{worst\}/,
      );
    } finally {
      pack.remove();
    }
  });
});

const resolve = async (query: string, as = s.leader): Promise<ResolvedTarget> => {
  const res = await call(server.url, 'GET', `/api/tour-target?${query}`, as);
  expect(res.status, res.text).toBe(200);
  return ResolvedTarget.parse(res.body);
};

describe('live references, resolved when a scene is shown', () => {
  let severeXuhui: string;
  let urgentHuangpu: string;

  beforeAll(async () => {
    // Two open events: the more severe (特急 → II) in 徐汇区 with a phone number in its address.
    severeXuhui = (
      await reportEvent(
        server,
        workOrder(server, {
          place: PLACES.xuhui,
          紧急程度: '特急',
          诉求分类: '水务/路面积水',
          地址: '徐汇区漕溪北路1号 联系13912345678',
        }),
      )
    ).id;
    urgentHuangpu = (
      await reportEvent(server, workOrder(server, { place: PLACES.huangpu, 紧急程度: '紧急' }))
    ).id;
    for (let i = 0; i < 2; i++) await reportEvent(server, workOrder(server, { place: PLACES.huangpu }));
  });

  it('finds the most severe open event, in the caller’s districts only', async () => {
    const leader = await resolve('kind=live&ref=most-severe-event');
    expect(leader).toMatchObject({
      found: true,
      eventId: severeXuhui,
      district: XUHUI,
      facts: { severity: 'II' },
    });
    // The leader sees citizens' phones masked (139****5678) …
    expect(leader.label!['zh-CN']).toContain('139****5678');
    // … and in safe mode not at all.
    const safe = await resolve('kind=live&ref=most-severe-event&safe=1');
    expect(hasPhoneLike(safe.label!['zh-CN'])).toBe(false);
    expect(safe.label!['zh-CN']).toContain('漕溪北路1号');
    const officer = await resolve('kind=live&ref=most-severe-event', s['officer-hp']);
    expect(officer).toMatchObject({ eventId: urgentHuangpu, district: HUANGPU, facts: { severity: 'III' } });
  });

  it('never picks what safe mode hides', async () => {
    const hidden = await resolve('kind=live&ref=most-severe-event&hide=category:waterlogging');
    expect(hidden.eventId).toBe(urgentHuangpu);
  });

  it("gives the event's nearest camera, unless safe mode hides cameras", async () => {
    // 0.0006° east of the event's WGS-84 spot: tens of metres.
    const e = await reportEvent(server, workOrder(server, { place: PLACES.huangpu, 紧急程度: '特急' }));
    const cam = await putCamera(server, '31010100001320000077', HUANGPU);
    await server.app.states.put('cameras', [
      { ...cam, location: { lon: e.location.lon + 0.0006, lat: e.location.lat } },
    ]);
    const r = await resolve(`kind=event&id=${encodeURIComponent(e.id)}`);
    expect(r).toMatchObject({ found: true, eventId: e.id, camera: { id: cam.id, online: true } });
    expect(r.center).toEqual([e.location.lon, e.location.lat]);
    expect((await resolve(`kind=event&id=${encodeURIComponent(e.id)}&hide=cameras`)).camera).toBeNull();
    // An event outside an officer's districts resolves to nothing (its existence is not revealed).
    expect((await resolve(`kind=event&id=${encodeURIComponent(e.id)}`, s['officer-xh'])).found).toBe(false);
  });

  it('finds the most congested district from the latest traffic states', async () => {
    const pack = server.app.pack;
    const inDistrict = (d: string) =>
      pack.roads.filter((r) => pack.locate(...r.coords[0]!).district === d).slice(0, 30);
    const now = new Date().toISOString();
    const state = (id: string, district: string, ratio: number): RoadSegmentState => ({
      id,
      speedKmh: 40 * ratio,
      freeFlowKmh: 40,
      ratio,
      level: ratio >= 0.7 ? 'free' : ratio >= 0.5 ? 'slow' : ratio >= 0.3 ? 'congested' : 'jammed',
      district,
      updatedAt: now,
    });
    await server.app.states.put('traffic', [
      ...inDistrict(HUANGPU).map((r) => state(r.id, HUANGPU, 0.8)),
      ...inDistrict(XUHUI).map((r) => state(r.id, XUHUI, 0.2)),
    ]);
    const r = await resolve('kind=live&ref=most-congested-district');
    expect(r).toMatchObject({ found: true, district: XUHUI, label: { 'zh-CN': '徐汇区' } });
    expect(r.facts.index).toBeGreaterThan(5);
    expect(r.bbox).toEqual(pack.info.districts.find((d) => d.code === XUHUI)!.bbox);
    // An officer of 黄浦区 is shown their own district.
    expect((await resolve('kind=live&ref=most-congested-district', s['officer-hp'])).district).toBe(HUANGPU);
  });

  it('finds the newest sensor alarm, leaving out hidden sensor types', async () => {
    const base = Date.now();
    const sensor = (id: string, type: Sensor['type'], ago: number): Sensor => ({
      id,
      type,
      location: { lon: 121.47, lat: 31.23 },
      district: HUANGPU,
      value: type === 'waterlogging' ? 32 : 120,
      unit: type === 'waterlogging' ? 'cm' : 'bpm',
      alarm: true,
      alarmEventId: null,
      updatedAt: new Date(base - ago).toISOString(),
    });
    await server.app.states.put('sensors', [
      sensor('WL-T1', 'waterlogging', 60_000),
      sensor('WB-T1', 'wristband', 1_000),
    ]);
    expect((await resolve('kind=live&ref=latest-sensor-alarm')).label!['zh-CN']).toBe('WB-T1');
    const safe = await resolve('kind=live&ref=latest-sensor-alarm&hide=sensors:wristband');
    expect(safe).toMatchObject({
      found: true,
      facts: { reading: 32, unit: 'cm', sensorType: 'waterlogging' },
    });
    expect((await resolve('kind=live&ref=latest-sensor-alarm&sensorType=noise')).found).toBe(false);
  });

  it('finds the most severe active warning, framed inside the city, its headline without phone numbers in safe mode', async () => {
    const now = Date.now();
    const w: Warning = {
      id: 'sh-weather,T-1',
      identifier: 'T-1',
      sender: 'sh-weather',
      sent: new Date(now - 60_000).toISOString(),
      msgType: 'Alert',
      level: 'orange',
      event: '暴雨',
      headline: '上海市发布暴雨橙色预警 咨询 021-63211234',
      description: '',
      instruction: '',
      areas: [
        {
          desc: '全市',
          polygons: [
            [
              [120.8, 30.6],
              [122.1, 30.6],
              [122.1, 31.9],
              [120.8, 30.6],
            ],
          ],
        },
      ],
      effective: null,
      expires: new Date(now + 3_600_000).toISOString(),
      active: true,
      updatedAt: new Date(now - 60_000).toISOString(),
    };
    await server.app.states.put('warnings', [w]);
    const r = await resolve('kind=live&ref=active-warning&safe=1');
    expect(r).toMatchObject({
      found: true,
      facts: { warningLevel: 'orange' },
      bbox: server.app.pack.info.bounds,
    });
    expect(r.label!['zh-CN']).toBe('上海市发布暴雨橙色预警 咨询 ***');
  });

  it('finds the 街道 with most open events, and a district with its open events', async () => {
    const r = await resolve('kind=live&ref=busiest-street');
    expect(r.found).toBe(true);
    expect(r.district).toBe(HUANGPU);
    expect(r.facts.openEvents).toBeGreaterThanOrEqual(3);
    expect(r.bbox).not.toBeNull();
    const d = await resolve(`kind=district&code=${HUANGPU}`);
    expect(d).toMatchObject({ found: true, label: { 'zh-CN': '黄浦区', en: 'Huangpu' } });
    expect(d.facts.openEvents).toBeGreaterThanOrEqual(4);
  });

  it('answers "nothing now" rather than failing, and refuses a malformed query', async () => {
    expect((await resolve('kind=event&id=hotline:NO-SUCH')).found).toBe(false);
    expect((await resolve('kind=live&ref=most-severe-event&category=fire')).found).toBe(false);
    const bad = await call(server.url, 'GET', '/api/tour-target?kind=live&ref=worst', s.leader);
    expect(bad.status).toBe(400);
    expect(errorCode(bad.body)).toBe('BAD_REQUEST');
  });
});
