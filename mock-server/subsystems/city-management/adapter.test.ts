import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import { EventDraft } from '../../../src/contract/event';
import { mutateJson } from '../../../tests/helpers/mutate';
import { Random } from '../../simulation/random';
import { loadCityPack, type CityPack } from '../../city-packs/load';
import { cityManagementAdapter } from './adapter';
import { CasePage, type CityManagementCase } from './native';
import { CityManagementWorld } from './simulator';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

/** Metres between two WGS-84 points (equirectangular; exact enough below a kilometre). */
function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6_371_000;
}

let pack: CityPack;
beforeAll(() => {
  pack = loadCityPack('shanghai');
});
const adapt = (raw: unknown) => cityManagementAdapter.adapt(raw, { pack });

describe('数字城管 adapter', () => {
  it('normalizes a 部件 case: class code → category, BD-09 → WGS-84, epoch seconds → UTC, grid kept', () => {
    const r = adapt(fixture('good-component-case.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = EventDraft.parse(r.drafts[0]);
    expect(d).toMatchObject({
      source: 'city-management',
      nativeId: '26112409120501',
      category: 'municipal-facility',
      severity: 'IV',
      district: '310101',
      street: '310101002',
      grid: '310101002006004',
      reportedAt: '2026-11-24T01:12:05.000Z',
      sourceUpdatedAt: '2026-11-24T01:33:05.000Z',
      reporter: null,
    });
    expect(d.title).toContain('雨水井盖');
    // The fixture was made from the WGS-84 point below; the BD-09 offset (~1 km here) must be gone.
    expect(metres([d.location.lon, d.location.lat], [121.47456, 31.23155])).toBeLessThan(1);
    const bd = fixture('good-component-case.json') as { bdX: number; bdY: number };
    expect(metres([d.location.lon, d.location.lat], [bd.bdX, bd.bdY])).toBeGreaterThan(500);
  });

  it('keeps the platform status as nativeStatus and never sets our lifecycle status', () => {
    const r = adapt(fixture('good-component-case.json'));
    expect(r.ok && r.drafts[0]?.attributes).toMatchObject({
      nativeStatus: '任务派遣',
      nativeStatusCode: 3,
      sourceStatus: 'dispatched',
      caseKind: '部件',
      classCode: '0103',
      componentId: '3101010103000417',
      handleDept: '区市政养护所',
    });
    expect(r.ok && 'status' in r.drafts[0]!).toBe(false);
  });

  it('flags an overdue case and raises a 一般 (IV) class to 较大 (III) by the code table rule', () => {
    const waterlogging = adapt(fixture('good-event-case-overdue.json'));
    expect(waterlogging.ok && waterlogging.drafts[0]).toMatchObject({
      category: 'waterlogging',
      severity: 'III',
      grid: '310104014007003',
      attributes: { overdue: true, sourceStatus: 'in-progress' },
    });
    const litter = { ...fixture('good-event-case-overdue.json'), mainTypeCode: '01', subTypeCode: '02' };
    expect(adapt(litter)).toMatchObject({ ok: true, drafts: [{ category: 'sanitation', severity: 'III' }] });
    const closed = { ...litter, statusCode: 6, statusName: '核查结案' };
    expect(adapt(closed)).toMatchObject({ ok: true, drafts: [{ severity: 'IV' }] });
  });

  it.each([
    ['bad-unknown-class.json', 'UNKNOWN_CODE', 'subTypeCode'],
    ['bad-unknown-status.json', 'UNKNOWN_CODE', 'statusCode'],
    ['bad-unknown-grid.json', 'UNKNOWN_CODE', 'gridCode'],
    ['bad-ms-time.json', 'BAD_TIME', 'createTime'],
    ['bad-coords-zero.json', 'COORD_OUT_OF_RANGE', 'bdX'],
    ['bad-missing-address.json', 'INTAKE_SCHEMA', 'address'],
    ['bad-coords-as-strings.json', 'INTAKE_SCHEMA', 'bdX'],
    ['bad-component-class-mismatch.json', 'INTAKE_SCHEMA', 'componentId'],
  ])('quarantines %s with %s naming %s', (file, code, path) => {
    const r = adapt(fixture(file));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.details?.map((d) => d.path)).toContain(path);
  });

  it('says when a time looks like milliseconds', () => {
    const r = adapt(fixture('bad-ms-time.json'));
    expect(!r.ok && r.message).toMatch(/milliseconds/);
  });

  it('refuses an update time before the creation time', () => {
    const c = fixture('good-component-case.json') as { createTime: number };
    expect(adapt({ ...c, updateTime: c.createTime - 1 })).toMatchObject({ ok: false, code: 'BAD_TIME' });
  });

  it('refuses a 部件 case without a component id', () => {
    const r = adapt({ ...fixture('good-component-case.json'), componentId: null });
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
  });

  it.each([null, 42, 'case', [], {}, { caseCode: 1 }, fixture('good-page.json')])(
    'quarantines a non-case payload %j without throwing',
    (payload) => expect(adapt(payload)).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' }),
  );

  it('keeps hostile text verbatim as data and leaves prototypes alone', () => {
    const r = adapt(fixture('hostile-xss.json'));
    expect(r.ok && r.drafts[0]?.description).toContain('<script>');
    const p = adapt(JSON.parse(readFileSync(join(FIXTURES, 'hostile-prototype.json'), 'utf8')));
    expect(p.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('flags a grid code of another 街道 than the coordinates instead of trusting either silently', () => {
    const other = [...pack.gridCodes].find((g) => !g.startsWith('310101002'))!;
    const r = adapt({ ...fixture('good-component-case.json'), gridCode: other });
    expect(r.ok && r.drafts[0]).toMatchObject({ grid: other, attributes: { gridMismatch: true } });
  });

  it('parses the page envelope of the platform and refuses an error envelope', () => {
    expect(CasePage.safeParse(fixture('good-page.json')).success).toBe(true);
    expect(CasePage.safeParse(fixture('bad-page-envelope.json')).success).toBe(false);
  });

  it('lists a fixture for every case it tests', () => {
    expect(readdirSync(FIXTURES).length).toBeGreaterThanOrEqual(14);
  });
});

describe('数字城管 adapter: mutated input', () => {
  it('never throws on 2,000 mutated cases: each is accepted as a valid draft or rejected with a catalogue code', () => {
    const rnd = new Random(3042);
    const goods = readdirSync(FIXTURES).filter((f) => f.startsWith('good-') && f !== 'good-page.json');
    for (let i = 0; i < 2000; i++) {
      const r = adapt(mutateJson(fixture(rnd.pick(goods)), rnd));
      if (r.ok) for (const d of r.drafts) EventDraft.parse(d);
      else expect(ERROR_CATALOGUE).toHaveProperty(r.code);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('BD-09 → WGS-84 against independently published pairs', () => {
  it('recovers the Alibaba Cloud address service example within 2 m', () => {
    // help.aliyun.com, 地址标准化 TransferCoord example: one point in BD09, GCJ02 and WGS84 (Hangzhou).
    const wgs = gcoord.transform([120.032768, 30.285238], gcoord.BD09, gcoord.WGS84) as [number, number];
    expect(metres(wgs, [120.021519, 30.281543])).toBeLessThan(2);
    const gcj = gcoord.transform([120.032768, 30.285238], gcoord.BD09, gcoord.GCJ02) as [number, number];
    expect(metres(gcj, [120.026268, 30.279164])).toBeLessThan(0.2);
  });

  it('explains why eviltransform’s BD-09 table is not used as ground truth: it was made with π, not x_pi', () => {
    // googollee/eviltransform test.py TESTS_bd: (bdLat, bdLng) → (wgsLat, wgsLng). Its bd2gcj used π where
    // Baidu's published formula uses x_pi = π·3000/180, so its pairs sit 10–42 m from the standard BD-09
    // conversion (which the Alibaba pair above confirms). Reproducing the pairs with π proves the diagnosis.
    const table: [[number, number], [number, number]][] = [
      [
        [120.019809, 29.199786],
        [120.00877901149691, 29.196131605295484],
      ],
      [
        [120.036455, 29.210504],
        [120.0253853970846, 29.206795749156136],
      ],
    ];
    const withPi = ([lng, lat]: [number, number]): [number, number] => {
      const x = lng - 0.0065;
      const y = lat - 0.006;
      const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * Math.PI);
      const t = Math.atan2(y, x) - 0.000003 * Math.cos(x * Math.PI);
      const g: [number, number] = [z * Math.cos(t), z * Math.sin(t)];
      // eviltransform's one-step GCJ-02 inverse.
      const f = gcoord.transform(g, gcoord.WGS84, gcoord.GCJ02) as [number, number];
      return [2 * g[0] - f[0], 2 * g[1] - f[1]];
    };
    for (const [bd, wgs] of table) {
      expect(metres(withPi(bd), wgs)).toBeLessThan(0.01);
      expect(
        metres(gcoord.transform(bd, gcoord.BD09, gcoord.WGS84) as [number, number], wgs),
      ).toBeGreaterThan(5);
    }
  });
});

describe('数字城管 simulator', () => {
  const now = Date.parse('2026-11-24T04:00:00Z');

  it('serves the same cases for the same seed and instant, whatever was asked before', () => {
    const a = new CityManagementWorld(pack, 5, 1);
    const b = new CityManagementWorld(pack, 5, 1);
    a.casesAt(now - 3_600_000);
    expect(a.casesAt(now)).toEqual(b.casesAt(now));
    expect(new CityManagementWorld(pack, 6, 1).casesAt(now)).not.toEqual(b.casesAt(now));
  });

  it('produces cases the adapter accepts, except a small share of defects it quarantines with a reason', () => {
    const cases = new CityManagementWorld(pack, 7, 1).casesAt(now);
    expect(cases.length).toBeGreaterThan(300);
    const rejected = cases.map(adapt).filter((r) => !r.ok);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.length / cases.length).toBeLessThan(0.05);
    for (const r of rejected) {
      expect(['INTAKE_SCHEMA', 'UNKNOWN_CODE', 'BAD_TIME', 'COORD_OUT_OF_RANGE']).toContain(!r.ok && r.code);
    }
  });

  it('moves cases along 信息收集 → … → 核查结案 over time, each change a later updateTime', () => {
    const world = new CityManagementWorld(pack, 8, 1);
    const before = new Map(world.casesAt(now).map((c) => [c.caseCode, c]));
    const later = world.casesAt(now + 30 * 60_000);
    const moved = later.filter((c) => {
      const b = before.get(c.caseCode);
      return b !== undefined && b.statusCode !== c.statusCode;
    });
    expect(moved.length).toBeGreaterThan(10);
    for (const c of moved) {
      const b = before.get(c.caseCode)!;
      expect(c.statusCode).toBeGreaterThan(b.statusCode);
      expect(c.updateTime).toBeGreaterThan(b.updateTime);
    }
  });

  it('pages changes newest first and filters by updatedSince', () => {
    const world = new CityManagementWorld(pack, 9, 1);
    const since = Math.floor(now / 1000) - 1800;
    const first = world.page(now, { updatedSince: since, page: 1, pageSize: 10 });
    const all = world.casesAt(now).filter((c) => c.updateTime >= since);
    expect(first.data.total).toBe(all.length);
    const times = first.data.items.map((c) => (c as CityManagementCase).updateTime);
    expect(times).toEqual([...times].sort((x, y) => y - x));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(since);
  });
});
