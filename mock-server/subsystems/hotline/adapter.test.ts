import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import { beforeAll, describe, expect, it } from 'vitest';
import { EventDraft } from '../../../src/contract/event';
import { loadCityPack, type CityPack } from '../../city-packs/load';
import { localToUtc } from '../../codecs/local-time';
import { hotlineAdapter } from './adapter';
import { HotlineGenerator } from './simulator';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));

/** Metres between two WGS-84 points (equirectangular; exact enough below a kilometre). */
function metres(a: [number, number], b: [number, number]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6_371_000;
}

let pack: CityPack;
beforeAll(() => {
  pack = loadCityPack('shanghai');
});

describe('hotline adapter', () => {
  it('normalizes a GCJ-02 work order with local time into a contract draft', () => {
    const r = hotlineAdapter.adapt(fixture('good-order.json'), { pack });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = EventDraft.parse(r.drafts[0]);
    expect(d).toMatchObject({
      source: 'hotline',
      nativeId: 'SH2611240830000001',
      category: 'sanitation',
      severity: 'IV',
      reportedAt: '2026-11-24T00:30:00.000Z', // 08:30 Asia/Shanghai (UTC+8, no DST)
      district: '310106',
      reporter: { name: '张先生', phone: '13912345678' },
    });
    expect(d.street).toMatch(/^310106\d{3}$/);
    // GCJ-02 lies several hundred metres from WGS-84 in Shanghai; the adapter must have removed the offset.
    const [wLon, wLat] = gcoord.transform([121.462118, 31.226915], gcoord.GCJ02, gcoord.WGS84) as [
      number,
      number,
    ];
    expect(metres([d.location.lon, d.location.lat], [wLon, wLat])).toBeLessThan(0.2);
    expect(metres([d.location.lon, d.location.lat], [121.462118, 31.226915])).toBeGreaterThan(300);
  });

  it('accepts numeric strings for coordinates and uses 更新时间 as the source update time', () => {
    const r = hotlineAdapter.adapt(fixture('good-order-string-coords.json'), { pack });
    expect(r.ok && r.drafts[0]).toMatchObject({
      severity: 'III',
      category: 'construction-nuisance',
      reportedAt: '2026-11-24T00:45:12.000Z',
      sourceUpdatedAt: '2026-11-24T01:02:40.000Z',
      district: '310104',
    });
  });

  it.each([
    ['bad-missing-coords.json', 'INTAKE_SCHEMA', '经度'],
    ['bad-unknown-class.json', 'UNKNOWN_CODE', '诉求分类'],
    ['bad-time.json', 'BAD_TIME', '受理时间'],
    ['bad-out-of-city.json', 'COORD_OUT_OF_RANGE', '经度'],
  ])('rejects %s with %s naming %s', (file, code, field) => {
    const r = hotlineAdapter.adapt(fixture(file), { pack });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.details?.map((d) => d.path)).toContain(field);
  });

  it.each([null, 42, 'text', [], {}, { 工单编号: 1 }])(
    'rejects a non-order payload %j without throwing',
    (payload) => {
      const r = hotlineAdapter.adapt(payload, { pack });
      expect(r).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
    },
  );

  it('keeps hostile citizen text verbatim as data (rendering escapes it), without touching prototypes', () => {
    const r = hotlineAdapter.adapt(fixture('hostile-xss.json'), { pack });
    expect(r.ok && r.drafts[0]?.description).toContain('<script>');
    const p = hotlineAdapter.adapt(
      JSON.parse(readFileSync(join(FIXTURES, 'hostile-prototype.json'), 'utf8')),
      { pack },
    );
    expect(p.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('rejects oversized content instead of truncating it', () => {
    const o = { ...(fixture('good-order.json') as object), 诉求内容: '长'.repeat(4001) };
    expect(hotlineAdapter.adapt(o, { pack })).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
  });

  it('flags a district name that contradicts the coordinates instead of trusting either silently', () => {
    const o = { ...(fixture('good-order.json') as object), 所属区: '徐汇区' };
    const r = hotlineAdapter.adapt(o, { pack });
    expect(r.ok && r.drafts[0]?.attributes).toMatchObject({
      districtMismatch: true,
      nativeDistrict: '徐汇区',
    });
  });

  it('adapts every simulated order, and the simulator sends only real roads inside the city', () => {
    const gen = new HotlineGenerator(pack, 7, Date.parse('2026-11-24T02:00:00Z'));
    for (let i = 0; i < 300; i++) {
      const r = hotlineAdapter.adapt(gen.order(Date.parse('2026-11-24T02:00:00Z') + i * 1000), { pack });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      if (r.ok) expect(r.drafts[0]?.district).not.toBeNull();
    }
  });

  it('lists a fixture for every case it tests', () => {
    expect(readdirSync(FIXTURES).length).toBeGreaterThanOrEqual(8);
  });
});

describe('GCJ-02 → WGS-84 against independently published pairs', () => {
  // [WGS-84 lon, lat], [GCJ-02 lon, lat]: pairs published with other implementations and services —
  // googollee/eviltransform's test table (Shanghai, Shenzhen, Beijing) and the AMap coordinate-convert
  // API answer quoted in the R package `ChinaMapConvert` tests (Beijing).
  const PAIRS: [string, [number, number], [number, number]][] = [
    ['Shanghai (eviltransform)', [121.5272106, 31.1774276], [121.531541859215, 31.17530398364597]],
    ['Shenzhen (eviltransform)', [113.912316, 22.543847], [113.9171764808363, 22.540796131694766]],
    ['Beijing (eviltransform)', [116.377817, 39.911954], [116.38404722455657, 39.91334545536069]],
    ['Beijing (AMap API)', [116.39089, 39.90734], [116.39713623, 39.90874539]],
  ];
  it.each(PAIRS)('%s is recovered within 1 m', (_name, wgs, gcj) => {
    const back = gcoord.transform(gcj, gcoord.GCJ02, gcoord.WGS84) as [number, number];
    expect(metres(back, wgs)).toBeLessThan(1);
  });
});

describe('local time strings', () => {
  it.each([
    ['2026-11-24 00:00:00', '2026-11-23T16:00:00.000Z'],
    ['2026-07-01 12:34:56', '2026-07-01T04:34:56.000Z'],
    ['2024-02-29 23:59:59', '2024-02-29T15:59:59.000Z'],
  ])('%s in Asia/Shanghai is %s', (local, utc) => {
    expect(localToUtc(local, 'Asia/Shanghai')).toBe(utc);
  });
  it.each(['2026-02-29 10:00:00', '2026-13-01 10:00:00', '2026-11-24 24:00:00', '2026-11-24T10:00:00', ''])(
    'rejects %j',
    (local) => expect(localToUtc(local, 'Asia/Shanghai')).toBeNull(),
  );
});
