import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lengthM, normalizeHighway, parseOsm, type OsmData } from './osm';
import { roadNetwork } from './layers';

const OSM = join(import.meta.dirname, '../../mock-server/city-packs/shanghai/source/osm/shanghai_center.osm');
// The export's bbox plus a margin: Overpass returns whole ways, which may run a little past it.
const [W, S, E, N] = [121.409 - 0.03, 31.179 - 0.03, 121.552 + 0.03, 31.279 + 0.03];

describe('OSM parsing', () => {
  let osm: OsmData;
  beforeAll(() => {
    osm = parseOsm(readFileSync(OSM, 'utf8'));
  });

  it('reads every road way and the traffic signals', () => {
    expect(osm.wayCount).toBe(4701);
    expect(osm.roads.length).toBe(4701);
    expect(osm.signals.length).toBeGreaterThanOrEqual(1384);
  });

  it('yields named primary roads with Chinese and English names', () => {
    const yanan = osm.roads.filter((r) => r.name === '延安东路');
    expect(yanan.length).toBeGreaterThan(0);
    expect(yanan.every((r) => r.class === 'primary')).toBe(true);
    expect(yanan.some((r) => !r.link && r.nameEn === "East Yan'an Road")).toBe(true);
    expect(osm.roads.some((r) => r.name === '南京西路' && r.nameEn === 'West Nanjing Road')).toBe(true);
  });

  it('keeps WGS-84 lon/lat order inside the area', () => {
    const outside = osm.roads
      .flatMap((r) => r.parts.flat())
      .filter(([lon, lat]) => !(lon > W && lon < E && lat > S && lat < N));
    expect(outside).toEqual([]);
  });

  it('builds the simulators network from named drivable ways only', () => {
    const net = roadNetwork(osm);
    expect(net.length).toBeGreaterThan(1000);
    const classes = new Set(net.map((r) => r.class));
    expect(
      [...classes].every((c) =>
        ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential'].includes(c),
      ),
    ).toBe(true);
    for (const r of net) {
      expect(r.id).toMatch(/^osm-way-\d+(-\d+)?$/);
      expect(r.name.length).toBeGreaterThan(0);
      expect(r.coords.length).toBeGreaterThanOrEqual(2);
      for (const [lon, lat] of r.coords) {
        expect(Math.round(lon * 1e6) / 1e6).toBe(lon);
        expect(Math.round(lat * 1e6) / 1e6).toBe(lat);
      }
    }
    expect(new Set(net.map((r) => r.id)).size).toBe(net.length);
    const yanan = net.filter((r) => r.name === '延安东路').reduce((m, r) => m + r.lengthM, 0);
    // East Yan'an Road runs ~2.5 km from the Bund to 西藏中路 (both carriageways are mapped).
    expect(yanan).toBeGreaterThan(2000);
    expect(yanan).toBeLessThan(12000);
  });
});

describe('helpers', () => {
  it('normalizes highway values', () => {
    expect(normalizeHighway('primary_link')).toEqual({ class: 'primary', link: true });
    expect(normalizeHighway('unclassified')).toEqual({ class: 'residential', link: false });
    expect(normalizeHighway('footway')).toBeNull();
    expect(normalizeHighway('traffic_signals')).toBeNull();
  });

  it('measures great-circle length', () => {
    expect(
      lengthM([
        [121.47, 31.0],
        [121.47, 32.0],
      ]),
    ).toBeCloseTo(111_195, -2);
  });
});
