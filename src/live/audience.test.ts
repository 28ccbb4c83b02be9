import { afterEach, describe, expect, it } from 'vitest';
import type { Sensor } from '../contract/entities';
import type { Delta } from '../contract/live';
import { hasPhoneLike, safeHiding } from '../contract/safe-mode';
import { testEvent } from '../layers/test-events';
import { replaceAudienceHiding, screenDelta } from './audience';
import { setAudienceHiding } from './socket-client';
import { LIVE } from './stores';

const HIDING = safeHiding(['cameras', 'workers', 'sensors:wristband', 'category:elderly-care']);
const citizen = testEvent('hotline:1', {
  address: '南京东路1号 请回电13912345678',
  reporter: { name: '张**', phone: '139****5678' },
});
const sos = testEvent('iot:sos', { category: 'elderly-care' });
const sensor = (id: string, type: Sensor['type']): Sensor => ({
  id,
  type,
  location: { lon: 121.47, lat: 31.23 },
  district: '310101',
  value: 1,
  unit: '',
  alarm: false,
  alarmEventId: null,
  updatedAt: '2026-11-24T02:00:00.000Z',
});

afterEach(() => {
  replaceAudienceHiding(null);
  LIVE.events.replace([], -1, 'e', '2026-11-24T02:00:00.000Z');
  LIVE.sensors.replace([], -1, 'e', '2026-11-24T02:00:00.000Z');
});

describe('the audience screen', () => {
  it('passes deltas through untouched while safe mode is off', () => {
    const d: Delta = {
      topic: 'events',
      fromSeq: 1,
      toSeq: 2,
      upserts: [citizen, sos],
      removes: [],
      serverTime: '',
    };
    expect(screenDelta(d)).toBe(d);
  });

  it('redacts events and turns hidden ones into removes', () => {
    replaceAudienceHiding(HIDING);
    const d = screenDelta({
      topic: 'events',
      fromSeq: 1,
      toSeq: 2,
      upserts: [citizen, sos],
      removes: ['hotline:gone'],
      serverTime: '',
    });
    expect(d.removes).toEqual(['hotline:gone', 'iot:sos']);
    expect(d.upserts).toHaveLength(1);
    const kept = d.upserts[0] as typeof citizen;
    expect(kept.reporter).toBeNull();
    expect(hasPhoneLike(kept.address)).toBe(false);
  });

  it('drops hidden sensor types, workers and cameras, and leaves other topics alone', () => {
    replaceAudienceHiding(HIDING);
    const sensors = screenDelta({
      topic: 'sensors',
      fromSeq: 1,
      toSeq: 2,
      upserts: [sensor('WB-1', 'wristband'), sensor('WL-1', 'waterlogging')],
      removes: [],
      serverTime: '',
    });
    expect(sensors.upserts.map((s) => (s as Sensor).id)).toEqual(['WL-1']);
    expect(sensors.removes).toEqual(['WB-1']);
    const traffic: Delta = {
      topic: 'traffic',
      fromSeq: 1,
      toSeq: 2,
      upserts: [],
      removes: [],
      serverTime: '',
    };
    expect(screenDelta(traffic)).toBe(traffic);
  });

  it('screens what the page already holds the moment safe mode goes on', () => {
    LIVE.events.replace([citizen, sos], 5, 'e', '2026-11-24T02:00:00.000Z');
    LIVE.sensors.replace([sensor('WB-1', 'wristband'), sensor('WL-1', 'waterlogging')], 3, 'e', '');
    const rev = LIVE.events.store.getState().rev;
    setAudienceHiding(HIDING);
    const events = LIVE.events.store.getState();
    expect([...events.items.keys()]).toEqual(['hotline:1']);
    expect(events.items.get('hotline:1')!.reporter).toBeNull();
    expect(hasPhoneLike(events.items.get('hotline:1')!.address)).toBe(false);
    expect(events.rev).toBeGreaterThan(rev);
    expect([...LIVE.sensors.store.getState().items.keys()]).toEqual(['WL-1']);
    // Off again: with no connection there is nothing to fetch back, and nothing fails.
    setAudienceHiding(null);
    expect(
      screenDelta({ topic: 'events', fromSeq: 5, toSeq: 6, upserts: [sos], removes: [], serverTime: '' })
        .upserts,
    ).toEqual([sos]);
  });
});
