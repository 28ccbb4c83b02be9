import { describe, expect, it } from 'vitest';
import type { Camera, Sensor, Warning } from '../../src/contract/entities';
import { safeHiding } from '../../src/contract/safe-mode';
import type { DistrictTraffic } from '../../src/contract/traffic';
import {
  cameraFor,
  pickActiveWarning,
  pickLatestSensorAlarm,
  pickMostCongested,
  warningBox,
} from './live-targets';

const NOW = Date.parse('2026-05-12T02:00:00Z');
const CITY: [number, number, number, number] = [121.409, 31.179, 121.552, 31.279];

const warning = (id: string, w: Partial<Warning>): Warning => ({
  id,
  identifier: id,
  sender: 'sh-weather',
  sent: '2026-05-12T01:00:00Z',
  msgType: 'Alert',
  level: 'yellow',
  event: '暴雨',
  headline: id,
  description: '',
  instruction: '',
  areas: [
    {
      desc: '全市',
      polygons: [
        [
          [121.3, 31.1],
          [121.6, 31.1],
          [121.6, 31.3],
          [121.3, 31.1],
        ],
      ],
    },
  ],
  effective: null,
  expires: null,
  active: true,
  updatedAt: '2026-05-12T01:00:00Z',
  ...w,
});

describe('pickActiveWarning', () => {
  it('takes the most severe colour first, then the newest', () => {
    const picked = pickActiveWarning(
      [
        warning('yellow-new', { level: 'yellow', sent: '2026-05-12T01:50:00Z' }),
        warning('orange-old', { level: 'orange', sent: '2026-05-12T00:10:00Z' }),
        warning('orange-new', { level: 'orange', sent: '2026-05-12T01:10:00Z' }),
      ],
      NOW,
    );
    expect(picked?.id).toBe('orange-new');
  });

  it('skips withdrawn and expired warnings', () => {
    const picked = pickActiveWarning(
      [
        warning('red-cancelled', { level: 'red', active: false }),
        warning('red-expired', { level: 'red', expires: '2026-05-12T01:59:59Z' }),
        warning('blue', { level: 'blue' }),
      ],
      NOW,
    );
    expect(picked?.id).toBe('blue');
    expect(pickActiveWarning([warning('gone', { active: false })], NOW)).toBeNull();
  });
});

describe('warningBox', () => {
  it('cuts a warning larger than the city to the city', () => {
    expect(warningBox(warning('w', {}), CITY)).toEqual([121.409, 31.179, 121.552, 31.279]);
  });

  it('frames a warning inside the city by its own polygons', () => {
    const w = warning('w', {
      areas: [
        {
          desc: '黄浦',
          polygons: [
            [
              [121.47, 31.2],
              [121.5, 31.2],
              [121.5, 31.24],
              [121.47, 31.2],
            ],
          ],
        },
      ],
    });
    expect(warningBox(w, CITY)).toEqual([121.47, 31.2, 121.5, 31.24]);
  });

  it('falls back to the city for a warning that misses it', () => {
    const w = warning('w', {
      areas: [
        {
          desc: '远郊',
          polygons: [
            [
              [120, 30],
              [120.1, 30],
              [120.1, 30.1],
              [120, 30],
            ],
          ],
        },
      ],
    });
    expect(warningBox(w, CITY)).toEqual(CITY);
  });
});

const district = (code: string, index: number, segments = 10, congestedShare = 0.1): DistrictTraffic => ({
  district: code,
  name: code,
  index,
  band: 'light',
  congestedShare,
  lengthKm: 10,
  segments,
  updatedAt: null,
});

describe('pickMostCongested', () => {
  it('takes the highest index, a larger congested share breaking a tie', () => {
    const rows = [
      district('310101', 4.2),
      district('310104', 6.1, 10, 0.2),
      district('310105', 6.1, 10, 0.3),
    ];
    expect(pickMostCongested(rows, () => true)?.district).toBe('310105');
  });

  it("ignores districts without traffic states and those outside the caller's districts", () => {
    const rows = [district('310101', 9, 0), district('310104', 8), district('310105', 3)];
    expect(pickMostCongested(rows, (d) => d !== '310104')?.district).toBe('310105');
    expect(pickMostCongested([district('310101', 9, 0)], () => true)).toBeNull();
  });
});

const sensor = (id: string, s: Partial<Sensor>): Sensor => ({
  id,
  type: 'waterlogging',
  location: { lon: 121.48, lat: 31.23 },
  district: '310101',
  value: 30,
  unit: 'cm',
  alarm: true,
  alarmEventId: null,
  updatedAt: '2026-05-12T01:00:00Z',
  ...s,
});

describe('pickLatestSensorAlarm', () => {
  const sensors = [
    sensor('old', { updatedAt: '2026-05-12T00:00:00Z' }),
    sensor('quiet', { alarm: false, updatedAt: '2026-05-12T01:59:00Z' }),
    sensor('wristband', { type: 'wristband', updatedAt: '2026-05-12T01:58:00Z' }),
    sensor('xuhui', { district: '310104', updatedAt: '2026-05-12T01:30:00Z' }),
    sensor('newest-gauge', { updatedAt: '2026-05-12T01:20:00Z' }),
  ];
  const all = () => true;

  it('takes the newest sensor in alarm', () => {
    expect(pickLatestSensorAlarm(sensors, { hiding: safeHiding([]), visible: all })?.id).toBe('wristband');
  });

  it('never takes a type safe mode hides, nor one outside the districts', () => {
    const hiding = safeHiding(['sensors:wristband']);
    expect(pickLatestSensorAlarm(sensors, { hiding, visible: all })?.id).toBe('xuhui');
    expect(pickLatestSensorAlarm(sensors, { hiding, visible: (d) => d === '310101' })?.id).toBe(
      'newest-gauge',
    );
  });

  it('narrows to one type', () => {
    expect(
      pickLatestSensorAlarm(sensors, { type: 'noise', hiding: safeHiding([]), visible: all }),
    ).toBeNull();
  });
});

const camera = (id: string, lon: number, online = true): Camera => ({
  id,
  name: id,
  location: { lon, lat: 31.23 },
  district: '310101',
  street: null,
  online,
  direction: null,
  alarmEventId: null,
  updatedAt: '2026-05-12T01:00:00Z',
});

describe('cameraFor', () => {
  const event = { location: { lon: 121.48, lat: 31.23 }, cameraIds: [] as string[] };
  // 0.001° of longitude at 31°N ≈ 95 m.
  const near = camera('31010100001320000001', 121.481);
  const nearer = camera('31010100001320000002', 121.4805, false);
  const far = camera('31010100001320000003', 121.5);

  it("takes the event's own camera while it is online, else the nearest online one", () => {
    expect(cameraFor({ ...event, cameraIds: [far.id] }, [near, far], () => true)?.id).toBe(far.id);
    expect(cameraFor({ ...event, cameraIds: [nearer.id] }, [nearer, near], () => true)?.id).toBe(near.id);
    // Nothing else in range: its own, offline (the player shows the placeholder).
    expect(cameraFor({ ...event, cameraIds: [nearer.id] }, [nearer], () => true)?.id).toBe(nearer.id);
  });

  it('else the nearest online camera within range', () => {
    expect(cameraFor(event, [far, nearer, near], () => true)?.id).toBe(near.id);
    expect(cameraFor(event, [far], () => true)).toBeNull();
  });

  it('never one the caller may not see', () => {
    expect(cameraFor(event, [near], () => false)).toBeNull();
  });
});
