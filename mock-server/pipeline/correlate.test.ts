import { describe, expect, it } from 'vitest';
import type { CorrelationTable } from '../../src/contract/city-pack';
import type { Category } from '../../src/contract/event';
import type { SourceId } from '../../src/contract/source';
import { Correlator, roadsOf, type Correlatable } from './correlate';

const TABLE: CorrelationTable = {
  rules: {
    waterlogging: { with: ['waterlogging', 'pipe-burst'], radiusM: 300, windowMinutes: 60 },
    'traffic-accident': { with: ['traffic-accident', 'traffic-congestion'], radiusM: 400, windowMinutes: 30 },
  },
  dedupedSources: ['traffic'],
  sources: {},
  extentM: 0,
  otherStreetFactor: 1,
  maxScore: 2,
};
const ORIGIN = { lon: 121.47, lat: 31.23 };
const T0 = Date.parse('2026-11-24T02:00:00Z');
/** Degrees of latitude per metre. */
const LAT_M = 1 / 110_574;

let n = 0;
function report(
  source: SourceId,
  category: Category,
  northM: number,
  minutes: number,
  extra: Partial<Correlatable> = {},
): Correlatable {
  return {
    id: `${source}:r${++n}`,
    source,
    category,
    location: { lon: ORIGIN.lon, lat: ORIGIN.lat + northM * LAT_M },
    reportedAt: new Date(T0 + minutes * 60_000).toISOString(),
    relatedIds: [],
    status: 'reported',
    ...extra,
  };
}

const correlator = () => new Correlator(TABLE, ORIGIN, () => T0);

describe('correlation of reports of one incident', () => {
  it('links compatible reports within the radius and window, both ways', () => {
    const c = correlator();
    const call = report('hotline', 'waterlogging', 0, 0);
    const camera = report('video', 'waterlogging', 250, 20);
    const burst = report('city-management', 'pipe-burst', 100, 40);
    expect(c.link([call])).toEqual([]);
    expect(c.link([camera])).toEqual([[camera.id, call.id]]);
    // The third joins the incident: linked to both members, so the incident stays a clique.
    expect(c.link([burst]).sort()).toEqual([
      [burst.id, call.id],
      [burst.id, camera.id],
    ]);
  });

  it('keeps reports apart when too far, too late, or of incompatible categories', () => {
    const c = correlator();
    c.link([report('hotline', 'waterlogging', 0, 0)]);
    expect(c.link([report('video', 'waterlogging', 320, 5)])).toEqual([]);
    expect(c.link([report('iot', 'waterlogging', 0, 61)])).toEqual([]);
    expect(c.link([report('grid', 'traffic-accident', 10, 1)])).toEqual([]);
    expect(c.link([report('grid', 'sanitation', 0, 1)])).toEqual([]);
  });

  it('never chains: a report must be within reach of every open member of the incident', () => {
    const c = correlator();
    const a = report('hotline', 'waterlogging', 0, 0);
    const b = report('video', 'waterlogging', 280, 0);
    c.link([a, b]);
    // Within 300 m of b but 560 m from a.
    expect(c.link([report('iot', 'waterlogging', 560, 1)])).toEqual([]);
  });

  it('never puts two reports of a source that merges its own duplicates into one incident', () => {
    const c = correlator();
    const crash = report('traffic', 'traffic-accident', 0, 0);
    const call = report('hotline', 'traffic-congestion', 50, 5);
    c.link([crash, call]);
    expect(c.link([report('traffic', 'traffic-accident', 20, 6)])).toEqual([]);
  });

  it('links reports of one incident that arrive in the same batch', () => {
    const c = correlator();
    const a = report('hotline', 'waterlogging', 0, 0);
    const b = report('video', 'waterlogging', 30, 2);
    expect(c.link([a, b])).toEqual([[b.id, a.id]]);
  });

  it('forgets closed reports and those of a failed batch, and picks up a console merge from the hub', () => {
    const c = correlator();
    const a = report('hotline', 'waterlogging', 0, 0);
    c.link([a]);
    c.observe({ ...a, status: 'closed' });
    expect(c.link([report('video', 'waterlogging', 10, 1)])).toEqual([]);

    const d = correlator();
    const x = report('hotline', 'waterlogging', 0, 0);
    d.link([x]);
    d.forget([x.id]);
    expect(d.size).toBe(0);
  });

  it('stays bounded: reports older than twice the longest window behind the newest are swept', () => {
    let now = T0;
    const c = new Correlator(TABLE, ORIGIN, () => now);
    for (let i = 0; i < 5_000; i++) {
      now = T0 + i * 60_000;
      c.link([report('hotline', 'waterlogging', (i % 50) * 1000, i)]);
    }
    // 5,000 minutes of reports, one a minute; the index keeps about two hours' worth.
    expect(c.size).toBeLessThan(2_200);
    expect(c.size).toBeGreaterThanOrEqual(120);
  });

  it('does not let a report from a source with a broken clock (years ahead) sweep the index empty', () => {
    const c = correlator();
    const a = report('hotline', 'waterlogging', 0, 0);
    c.link([a, report('iot', 'waterlogging', 5_000, 60 * 24 * 365 * 3)]);
    for (let i = 0; i < 2_100; i++) c.link([report('grid', 'waterlogging', 20_000 + i * 1000, 0)]);
    expect(c.link([report('video', 'waterlogging', 10, 5)])).toEqual([[`video:r${n}`, a.id]]);
  });

  it('narrows a pair by how precisely and how late each source reports, and by the streets their addresses name', () => {
    const table: CorrelationTable = {
      ...TABLE,
      sources: {
        hotline: { accuracyM: 100, minDelayMinutes: 2, delayMinutes: 30, addressNamesSpot: true },
        video: { accuracyM: 100, minDelayMinutes: 1, delayMinutes: 5, addressNamesSpot: false },
        iot: { accuracyM: 20, minDelayMinutes: 0, delayMinutes: 10, addressNamesSpot: true },
      },
      extentM: 0,
      otherStreetFactor: 0.5,
    };
    const c = new Correlator(table, ORIGIN, () => T0);
    // Camera (alarm at minute 2) and a caller at minute 20, 150 m apart: within 100 + 100 m and the caller's delay.
    const camera = report('video', 'waterlogging', 0, 2, { address: '南京西路与石门一路交叉口' });
    c.link([camera]);
    const call = report('hotline', 'waterlogging', 150, 20, { address: '上海市静安区威海路10号' });
    expect(c.link([call])).toEqual([[call.id, camera.id]]);
    // A caller long before the camera's alarm reports something else: a camera sees it within minutes.
    const d = new Correlator(table, ORIGIN, () => T0);
    const early = report('hotline', 'waterlogging', 0, 0);
    d.link([early]);
    expect(d.link([report('video', 'waterlogging', 50, 25)])).toEqual([]);
    // A gauge and a caller 100 m apart on different streets: only half the 120 m reach.
    const e = new Correlator(table, ORIGIN, () => T0);
    e.link([report('iot', 'waterlogging', 0, 0, { address: '延安中路易涝点' })]);
    expect(
      e.link([report('hotline', 'waterlogging', 100, 5, { address: '上海市黄浦区淮海中路5号' })]),
    ).toEqual([]);
    const onSameRoad = report('hotline', 'waterlogging', 100, 5, { address: '上海市黄浦区延安中路5号' });
    expect(e.link([onSameRoad])).toHaveLength(1);
  });

  it('gives a report to the incident with most reports within reach, not to a lone neighbour', () => {
    const c = correlator();
    const a = report('video', 'waterlogging', 0, 0);
    const b = report('iot', 'waterlogging', 20, 1);
    const lone = report('grid', 'waterlogging', -320, 2);
    c.link([a, b]);
    c.link([lone]);
    // 70 m from the lone report, 250 m from the others: all within reach, and the two-report incident wins.
    const call = report('hotline', 'waterlogging', -250, 3);
    expect(
      c
        .link([call])
        .map(([, other]) => other)
        .sort(),
    ).toEqual([a.id, b.id].sort());
  });

  it('reads road names out of Chinese addresses', () => {
    expect(roadsOf('上海市静安区南京西路与石门一路交叉口东南角')).toEqual(['南京西路', '石门一路']);
    expect(roadsOf('上海市徐汇区漕溪北路88弄12号')).toEqual(['漕溪北路']);
    expect(roadsOf('上海市浦东新区世纪大道100号')).toEqual(['世纪大道']);
    expect(roadsOf('')).toEqual([]);
  });
});
