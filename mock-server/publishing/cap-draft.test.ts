import { describe, expect, it } from 'vitest';
import { WarningDraft } from '../../src/contract/console';
import { loadCityPack } from '../city-packs/load';
import { parseCap } from '../subsystems/warnings/cap';
import { alertOfDraft, cancelOf, convexHull, referenceOf, renderAndValidate } from './cap-draft';

const pack = loadCityPack('shanghai');
const sender = { sender: 'ioc.test.example', senderName: '测试中心' };
const draft = WarningDraft.parse({
  level: 'orange',
  event: '大风',
  headline: '大风橙色预警',
  description: '阵风10级',
  instruction: '加固户外设施',
  expires: '2026-11-24T12:00:00.000Z',
  districts: ['310106'],
});
const now = Date.parse('2026-11-24T08:00:00.000Z');

describe('CAP drafts', () => {
  it('writes the colour into the event and CAP severity, local time with its offset, a district hull with its code', () => {
    const alert = alertOfDraft(draft, { ...sender, pack, now, msgType: 'Alert' });
    expect(alert.sent).toBe('2026-11-24T16:00:00+08:00');
    const info = alert.info![0]!;
    expect(info).toMatchObject({
      event: '大风橙色预警',
      severity: 'Severe',
      urgency: 'Immediate',
      expires: '2026-11-24T20:00:00+08:00',
    });
    expect(info.area![0]!.geocode).toEqual([{ valueName: 'GB/T 2260', value: '310106' }]);
    const ring = info.area![0]!.polygon![0]!.split(' ');
    expect(ring[0]).toBe(ring[ring.length - 1]);
    expect(alert.identifier).toMatch(/^IOC-20261124160000-[0-9A-F]{6}$/);
    const v = renderAndValidate(alert);
    expect(v).toMatchObject({ valid: true, errors: [] });
    expect(parseCap(v.xml).ok).toBe(true);
  });

  it('reports why a message would not validate, and never calls it valid', () => {
    const alert = alertOfDraft(draft, { ...sender, pack, now, msgType: 'Alert' });
    const bad = renderAndValidate({ ...alert, status: 'Bogus' as 'Actual' });
    expect(bad.valid).toBe(false);
    expect(bad.errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(bad.errors)).toMatch(/status/);
  });

  it('cancels with the whole chain referenced and all clear', () => {
    const alert = alertOfDraft(draft, { ...sender, pack, now, msgType: 'Alert' });
    const cancel = cancelOf(alert, [referenceOf(alert)], {
      ...sender,
      pack,
      now: now + 60_000,
      reason: '风力减弱',
    });
    expect(cancel).toMatchObject({
      msgType: 'Cancel',
      references: `ioc.test.example,${alert.identifier},${alert.sent}`,
    });
    expect(cancel.info![0]!.responseType).toEqual(['AllClear']);
    expect(renderAndValidate(cancel).valid).toBe(true);
  });

  it('hulls points into a convex ring', () => {
    expect(
      convexHull([
        [0, 0],
        [2, 0],
        [1, 1],
        [2, 2],
        [0, 2],
        [1, 0.5],
      ]),
    ).toEqual([
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ]);
  });
});
