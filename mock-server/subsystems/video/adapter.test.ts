import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Camera } from '../../../src/contract/entities';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import { mutateJson } from '../../../tests/helpers/mutate';
import { Random } from '../../simulation/random';
import { EventDraft } from '../../../src/contract/event';
import { loadCityPack, type CityPack } from '../../city-packs/load';
import type { AdaptResult } from '../../pipeline/adapter';
import { videoAdapter } from './adapter';
import { parseGb28181Id } from './gb28181';
import { CataloguePage } from './native';
import { CAMERA_COUNT, VideoPlatform } from './platform';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

let pack: CityPack;
beforeAll(() => {
  pack = loadCityPack('shanghai');
});
const adapt = (raw: unknown) => videoAdapter.adapt(raw, { pack });

function accepted(r: AdaptResult): { cameras: Camera[]; drafts: EventDraft[] } {
  if (!r.ok) throw new Error(`rejected: ${r.code} ${r.message}`);
  return {
    cameras: (r.states ?? []).map((s) => Camera.parse(s.item)),
    drafts: r.drafts.map((d) => EventDraft.parse(d)),
  };
}

describe('GB/T 28181 device ids', () => {
  const isDivision = (code: string) => ['310101', '310106'].includes(code);
  it('splits an id into centre, industry, type, network and serial', () => {
    expect(parseGb28181Id('31010603001320000123', isDivision)).toEqual({
      ok: true,
      value: {
        id: '31010603001320000123',
        centre: '31010603',
        district: '310106',
        industry: '00',
        industryName: '社会治安路面接入',
        type: '132',
        typeName: '网络摄像机(IPC)',
        network: '0',
        networkName: '监控报警专网',
        serial: '000123',
      },
    });
  });

  it('accepts a city-level centre (zero-filled) with no district', () => {
    expect(parseGb28181Id('31010000001310000001', isDivision)).toMatchObject({
      ok: true,
      value: { district: null },
    });
  });

  it.each([
    ['3101060300132000012', 'INTAKE_SCHEMA', 'deviceId'],
    ['31010603001320ABC123', 'INTAKE_SCHEMA', 'deviceId'],
    [3.101060300132e19, 'INTAKE_SCHEMA', 'deviceId'],
    ['31999903001320000123', 'UNKNOWN_CODE', 'deviceId.centre'],
    ['31010012001320000123', 'UNKNOWN_CODE', 'deviceId.centre'], // city centre with unit digits
    ['32010000001320000123', 'UNKNOWN_CODE', 'deviceId.centre'], // another province's city
    ['31010603301320000123', 'UNKNOWN_CODE', 'deviceId.industry'], // 30: reserved
    ['31010603009990000123', 'UNKNOWN_CODE', 'deviceId.type'],
    ['31010603001329000123', 'UNKNOWN_CODE', 'deviceId.network'], // 9: reserved
  ])('rejects %s with %s at %s', (id, code, path) => {
    const r = parseGb28181Id(id, isDivision);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.details?.[0]?.path).toBe(path);
  });
});

describe('video adapter', () => {
  it('turns a catalogue item into a camera state in WGS-84 with its view direction', () => {
    const { cameras, drafts } = accepted(adapt(fixture('good-catalogue-item.json')));
    expect(drafts).toEqual([]);
    expect(cameras[0]).toEqual({
      id: '31010603001320000123',
      name: '静安区南京西路/石门一路东南角',
      location: { lon: 121.461862, lat: 31.229031 },
      district: '310106',
      street: expect.stringMatching(/^310106\d{3}$/) as string,
      online: true,
      direction: 315, // DirectionType 8 西北: a south-east corner camera looks north-west
      alarmEventId: null,
      districtMismatch: false,
      updatedAt: '2026-11-24T00:30:00.000Z',
    });
  });

  it('adapts every item of a catalogue page', () => {
    const page = CataloguePage.parse(fixture('good-catalogue-page.json'));
    const cams = page.data.list.map((i) => accepted(adapt(i)).cameras[0]!);
    expect(cams.map((c) => [c.online, c.direction])).toEqual([
      [true, 315],
      [false, 135],
    ]);
  });

  it('takes a status push as the camera going offline at the platform time', () => {
    const { cameras } = accepted(adapt(fixture('good-status-off.json')));
    expect(cameras[0]).toMatchObject({ online: false, updatedAt: '2026-11-24T01:15:02.417Z' });
  });

  it('turns an AI alarm into an event with the camera, and marks the camera with the open alarm', () => {
    const { cameras, drafts } = accepted(adapt(fixture('good-alarm-start.json')));
    expect(drafts[0]).toMatchObject({
      source: 'video',
      nativeId: 'AL202611240920030401',
      category: 'crowd',
      severity: 'III', // priority 2
      title: '人群聚集 · 静安区南京西路/石门一路东南角',
      cameraIds: ['31010603001320000123'],
      district: '310106',
      reportedAt: '2026-11-24T01:20:03.105Z',
      attributes: { alarmType: 'CROWD', alarmState: 'active', confidence: 0.91, priority: 2 },
    });
    expect(cameras[0]!.alarmEventId).toBe('video:AL202611240920030401');
  });

  it('closes the alarm with the end push: same event, newer source time, camera free again', () => {
    const { cameras, drafts } = accepted(adapt(fixture('good-alarm-end.json')));
    expect(drafts[0]).toMatchObject({
      nativeId: 'AL202611240920030401',
      reportedAt: '2026-11-24T01:20:03.105Z',
      sourceUpdatedAt: '2026-11-24T01:35:11.880Z',
      attributes: { alarmState: 'ended', endedAt: '2026-11-24T01:35:11.880Z' },
    });
    expect(cameras[0]!.alarmEventId).toBeNull();
  });

  it('flags a camera whose id names another district than its coordinates', () => {
    expect(accepted(adapt(fixture('good-district-mismatch.json'))).cameras[0]).toMatchObject({
      district: '310106',
      districtMismatch: true,
    });
  });

  it.each([
    ['bad-id-19-digits.json', 'INTAKE_SCHEMA', 'deviceId'],
    ['bad-id-letters.json', 'INTAKE_SCHEMA', 'deviceId'],
    ['bad-id-unknown-centre.json', 'UNKNOWN_CODE', 'deviceId.centre'],
    ['bad-id-reserved-industry.json', 'UNKNOWN_CODE', 'deviceId.industry'],
    ['bad-not-camera-nvr.json', 'UNKNOWN_CODE', 'deviceId.type'],
    ['bad-alarm-unknown-type.json', 'UNKNOWN_CODE', 'alarmType'],
    ['bad-alarm-end-without-time.json', 'BAD_TIME', 'endTime'],
    ['bad-coords-zero.json', 'COORD_OUT_OF_RANGE', 'longitude'],
    ['bad-time.json', 'BAD_TIME', 'updateTime'],
  ])('rejects %s with %s naming %s', (file, code, path) => {
    const r = adapt(fixture(file));
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.details?.map((d) => d.path.replace(/^device\./, ''))).toContain(path);
  });

  it.each([null, 7, 'x', [], { msgType: 'reboot' }, { msgType: 'alarm' }, { msgType: 'status', device: {} }])(
    'rejects %j without throwing',
    (raw) => expect(adapt(raw).ok).toBe(false),
  );

  it('keeps a hostile camera name verbatim as data', () => {
    expect(accepted(adapt(fixture('hostile-xss-name.json'))).cameras[0]!.name).toBe(
      '<script>alert(1)</script>南京西路',
    );
  });
});

describe('video adapter: mutated input', () => {
  it('never throws on 2,000 mutated records: each is accepted or rejected with a catalogue code', () => {
    const rnd = new Random(2828);
    const files = readdirSync(FIXTURES).filter(
      (f) => f.startsWith('good-') && f !== 'good-catalogue-page.json',
    );
    for (let i = 0; i < 2000; i++) {
      const r = adapt(mutateJson(fixture(rnd.pick(files)), rnd));
      if (r.ok) {
        for (const d of r.drafts) EventDraft.parse(d);
        for (const s of r.states ?? []) Camera.parse(s.item);
      } else expect(ERROR_CATALOGUE).toHaveProperty(r.code);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('video platform simulator', () => {
  const start = Date.parse('2026-11-24T02:00:00Z');

  it('catalogues ≈400 cameras at real intersections, ids matching their district (bar a few flagged)', () => {
    const platform = new VideoPlatform(pack, 3, start);
    const list = platform.page(1, 1000).data.list;
    const results = list.map((i) => adapt(i));
    const cams = results.flatMap((r) => (r.ok ? accepted(r).cameras : []));
    expect(cams).toHaveLength(CAMERA_COUNT);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual([
      'INTAKE_SCHEMA',
      'UNKNOWN_CODE',
    ]);
    expect(new Set(cams.map((c) => c.id)).size).toBe(CAMERA_COUNT);
    for (const c of cams) {
      expect(c.name).toMatch(/^.+区.+\/.+[东西][南北]角$/);
      expect(pack.manifest.focusDistricts).toContain(c.district);
    }
    const mismatched = cams.filter((c) => c.districtMismatch).length;
    expect(mismatched).toBeGreaterThan(0);
    expect(mismatched / cams.length).toBeLessThan(0.05);
    const offline = cams.filter((c) => !c.online).length / cams.length;
    expect(offline).toBeGreaterThan(0.005);
    expect(offline).toBeLessThan(0.08);
  });

  it('pushes status flaps and alarms for an hour that all adapt, ~3% offline throughout', () => {
    const platform = new VideoPlatform(pack, 4, start);
    const pushes = platform.advance(start + 3_600_000);
    expect(pushes.filter((p) => p.msgType === 'status').length).toBeGreaterThan(20);
    expect(pushes.filter((p) => p.msgType === 'alarm').length).toBeGreaterThan(5);
    for (const p of pushes) expect(adapt(p).ok, JSON.stringify(p)).toBe(true);
    const offline = platform.devices().filter((d) => d.status === 'OFF').length / CAMERA_COUNT;
    expect(offline).toBeLessThan(0.08);
  });

  it('pages the catalogue like the REST API', () => {
    const platform = new VideoPlatform(pack, 3, start);
    const p1 = platform.page(1, 150);
    const p3 = platform.page(3, 150);
    expect(p1.data.total).toBe(platform.size);
    expect(p1.data.list).toHaveLength(150);
    expect(p3.data.list).toHaveLength(platform.size - 300);
  });
});

it('has a fixture for every case it tests', () => {
  expect(readdirSync(FIXTURES).length).toBeGreaterThanOrEqual(16);
});
