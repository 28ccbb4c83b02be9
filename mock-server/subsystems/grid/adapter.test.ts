import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import gcoord from 'gcoord';
import { beforeAll, describe, expect, it } from 'vitest';
import { FieldWorker } from '../../../src/contract/entities';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import { EventDraft } from '../../../src/contract/event';
import { mutateJson } from '../../../tests/helpers/mutate';
import { Random } from '../../simulation/random';
import { loadCityPack, type CityPack } from '../../city-packs/load';
import { gridAdapter } from './adapter';
import {
  CasesResponse,
  formatOffsetTime,
  parseOffsetTime,
  VerificationsResponse,
  WorkersResponse,
} from './native';
import { metres } from './patrol-route';
import { GridWorld, parseSince, WORKERS } from './simulator';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Record<string, unknown>;

let pack: CityPack;
beforeAll(() => {
  pack = loadCityPack('shanghai');
});
const adapt = (raw: unknown) => gridAdapter.adapt(raw, { pack });

describe('网格化 adapter: patrol cases', () => {
  it('turns a patrol case into an event in its unit-grid cell, ISO local time with offset → UTC', () => {
    const r = adapt(fixture('good-case.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = EventDraft.parse(r.drafts[0]);
    expect(d).toMatchObject({
      source: 'grid',
      nativeId: 'WG26112410154001',
      category: 'street-order',
      severity: 'IV',
      grid: '310106012005004',
      district: '310106',
      street: '310106012',
      reportedAt: '2026-11-24T02:15:40.000Z',
      sourceUpdatedAt: '2026-11-24T03:02:40.000Z',
      location: { lon: 121.44823, lat: 31.22264 },
      attributes: {
        nativeStatus: '处置中',
        sourceStatus: 'in-progress',
        workerId: 'W0042',
        coordSys: 'WGS84',
      },
    });
    expect(r.states ?? []).toHaveLength(0);
  });

  it('removes the GCJ-02 offset of positions from the old app release', () => {
    const r = adapt(fixture('good-case-gcj02.json'));
    expect(r.ok && r.drafts[0]).toMatchObject({
      category: 'street-order',
      severity: 'III',
      grid: '310115008011001',
    });
    if (!r.ok) return;
    const { lon, lat } = r.drafts[0]!.location;
    expect(metres([lon, lat], [121.50341, 31.20712])).toBeLessThan(1);
    const raw = (fixture('good-case-gcj02.json') as { location: { lng: number; lat: number } }).location;
    expect(metres([lon, lat], [raw.lng, raw.lat])).toBeGreaterThan(300);
  });

  it.each([
    ['bad-unknown-issue.json', 'UNKNOWN_CODE', 'issue_type'],
    ['bad-unknown-state.json', 'UNKNOWN_CODE', 'state'],
    ['bad-unknown-grid.json', 'UNKNOWN_CODE', 'grid_code'],
    ['bad-unknown-datum.json', 'UNKNOWN_CODE', 'location.coord_sys'],
    ['bad-time-no-offset.json', 'INTAKE_SCHEMA', 'reported_at'],
    ['bad-time-feb30.json', 'BAD_TIME', 'reported_at'],
    ['bad-missing-content.json', 'INTAKE_SCHEMA', 'content'],
    ['bad-worker-gps-lost.json', 'COORD_OUT_OF_RANGE', 'location.lng'],
    ['bad-worker-unknown-state.json', 'UNKNOWN_CODE', 'state'],
  ])('quarantines %s with %s naming %s', (file, code, path) => {
    const r = adapt(fixture(file));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.details?.map((d) => d.path)).toContain(path);
  });

  it('refuses an update before the report', () => {
    const c = fixture('good-case.json');
    expect(adapt({ ...c, updated_at: '2026-11-24T10:15:39+08:00' })).toMatchObject({
      ok: false,
      code: 'BAD_TIME',
    });
  });

  it('flags a grid code the position contradicts instead of moving the case', () => {
    const other = [...pack.gridCodes].find((g) => g !== '310106012005004')!;
    const r = adapt({ ...fixture('good-case.json'), grid_code: other });
    expect(r.ok && r.drafts[0]).toMatchObject({
      grid: other,
      attributes: { gridMismatch: true, locatedGrid: '310106012005004' },
    });
  });

  it.each([null, 7, 'case', [], {}, { case_id: 5 }, { worker_id: [] }, fixture('good-cases-page.json')])(
    'quarantines a non-record %j without throwing',
    (payload) => expect(adapt(payload)).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' }),
  );

  it('keeps hostile text verbatim as data and leaves prototypes alone', () => {
    const r = adapt(fixture('hostile-xss.json'));
    expect(r.ok && r.drafts[0]?.description).toContain('<img');
    const p = adapt(JSON.parse(readFileSync(join(FIXTURES, 'hostile-prototype.json'), 'utf8')));
    expect(p.ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('parses the platform envelopes of cases, workers and verifications', () => {
    expect(CasesResponse.safeParse(fixture('good-cases-page.json')).success).toBe(true);
    expect(WorkersResponse.safeParse(fixture('good-workers-response.json')).success).toBe(true);
    expect(VerificationsResponse.safeParse(fixture('good-verifications.json')).success).toBe(true);
    expect(CasesResponse.safeParse({ ok: false, error: 'busy' }).success).toBe(false);
  });

  it('lists a fixture for every case it tests', () => {
    expect(readdirSync(FIXTURES).length).toBeGreaterThanOrEqual(18);
  });
});

describe('网格化 adapter: worker positions', () => {
  it('turns a position report into a workers state', () => {
    const r = adapt(fixture('good-worker.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.drafts).toHaveLength(0);
    const s = r.states?.[0];
    expect(s?.topic).toBe('workers');
    expect(FieldWorker.parse(s?.item)).toEqual({
      id: 'W0042',
      name: '陈志强',
      grid: '310106012005004',
      district: '310106',
      location: { lon: 121.448512, lat: 31.222731 },
      status: 'patrolling',
      updatedAt: '2026-11-24T03:05:40.000Z',
    });
  });

  it('maps 离岗 to off-duty and converts an old-app GCJ-02 position', () => {
    const r = adapt(fixture('good-worker-off-duty.json'));
    const item = r.ok ? (r.states?.[0]?.item as FieldWorker) : null;
    expect(item).toMatchObject({ status: 'off-duty', updatedAt: '2026-11-24T13:00:00.000Z' });
    expect(metres([item!.location.lon, item!.location.lat], [121.50341, 31.20712])).toBeLessThan(1);
  });
});

describe('网格化 adapter: mutated input', () => {
  it('never throws on 2,000 mutated cases and reports: each is accepted as valid output or rejected with a code', () => {
    const rnd = new Random(4711);
    const goods = ['good-case.json', 'good-case-gcj02.json', 'good-worker.json', 'good-worker-off-duty.json'];
    for (let i = 0; i < 2000; i++) {
      const r = adapt(mutateJson(fixture(rnd.pick(goods)), rnd));
      if (r.ok) {
        for (const d of r.drafts) EventDraft.parse(d);
        for (const s of r.states ?? []) FieldWorker.parse(s.item);
      } else expect(ERROR_CATALOGUE).toHaveProperty(r.code);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('the platform time format', () => {
  it.each([
    ['2026-11-24T08:30:00+08:00', '2026-11-24T00:30:00.000Z'],
    ['2026-11-24T08:30:00-05:30', '2026-11-24T14:00:00.000Z'],
    ['2024-02-29T23:59:59+08:00', '2024-02-29T15:59:59.000Z'],
  ])('%s is %s', (s, utc) => expect(new Date(parseOffsetTime(s)!).toISOString()).toBe(utc));

  it.each([
    '2026-02-29T10:00:00+08:00',
    '2026-11-24T24:00:00+08:00',
    '2026-11-24 08:30:00',
    '2026-11-24T08:30:00Z',
    '',
  ])('refuses %j', (s) => expect(parseOffsetTime(s)).toBeNull());

  it('writes the zone’s offset and round-trips', () => {
    const t = Date.parse('2026-11-24T00:30:05Z');
    expect(formatOffsetTime(t, 'Asia/Shanghai')).toBe('2026-11-24T08:30:05+08:00');
    expect(formatOffsetTime(Date.parse('2026-07-01T12:00:00Z'), 'America/New_York')).toBe(
      '2026-07-01T08:00:00-04:00',
    );
    expect(parseOffsetTime(formatOffsetTime(t, 'Asia/Shanghai'))).toBe(t);
  });

  it('reads `since` with an encoded "+" and refuses one a client forgot to encode', () => {
    expect(parseSince(new URLSearchParams('since=2026-11-24T08%3A30%3A00%2B08%3A00'))).toBe(
      Date.parse('2026-11-24T00:30:00Z'),
    );
    // An unencoded "+" arrives as a space.
    expect(typeof parseSince(new URLSearchParams('since=2026-11-24T08:30:00+08:00'))).toBe('string');
  });
});

describe('网格化 simulator', () => {
  const afternoon = Date.parse('2026-11-24T06:00:00Z'); // 14:00 in Shanghai

  it('is deterministic for a seed', () => {
    const a = new GridWorld(pack, 3, 1);
    const b = new GridWorld(pack, 3, 1);
    expect(a.casesAt(afternoon)).toEqual(b.casesAt(afternoon));
    expect(a.workersAt(afternoon)).toEqual(b.workersAt(afternoon));
  });

  it('keeps ~100 workers on real roads inside the city, in their own grid cells, moving while on duty', () => {
    const world = new GridWorld(pack, 4, 1);
    expect(world.workers).toHaveLength(WORKERS);
    const now = world.workersAt(afternoon);
    const later = world.workersAt(afternoon + 60_000);
    let moved = 0;
    for (const [i, w] of now.entries()) {
      const r = adapt(w);
      if (!r.ok) {
        expect(r.code).toBe('COORD_OUT_OF_RANGE'); // a lost GPS fix, now and then
        continue;
      }
      expect(pack.gridCodes.has(w.grid_code)).toBe(true);
      const a = gcoord.transform(
        [w.location.lng, w.location.lat],
        gcoord[w.location.coord_sys as 'WGS84'],
        gcoord.WGS84,
      );
      const b = later[i]!.location;
      if (
        w.state !== '离岗' &&
        metres(
          a as [number, number],
          gcoord.transform([b.lng, b.lat], gcoord[b.coord_sys as 'WGS84'], gcoord.WGS84) as [number, number],
        ) > 10
      )
        moved++;
    }
    expect(moved).toBeGreaterThan(50);
    // At 3 a.m. only the night watch (about a fifth) is on duty; everyone else's last report is frozen.
    const night = Date.parse('2026-11-24T19:00:00Z');
    const at3 = world.workersAt(night);
    const off = at3.filter((w) => w.state === '离岗');
    expect(at3.length - off.length).toBeGreaterThan(WORKERS * 0.1);
    expect(at3.length - off.length).toBeLessThan(WORKERS * 0.35);
    const offLater = new Set(off.map((w) => w.worker_id));
    expect(world.workersAt(night + 600_000).filter((w) => offLater.has(w.worker_id))).toEqual(off);
  });

  it('produces cases the adapter accepts, except a small share of defects it quarantines with a reason', () => {
    const cases = new GridWorld(pack, 5, 1).casesAt(afternoon);
    expect(cases.length).toBeGreaterThan(200);
    const results = cases.map(adapt);
    const rejected = results.filter((r) => !r.ok);
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.length / cases.length).toBeLessThan(0.05);
    for (const r of results) if (r.ok) expect(pack.gridCodes.has(r.drafts[0]!.grid!)).toBe(true);
  });

  it('verifies fixes later, sometimes sending one back, and lists each check once', () => {
    const world = new GridWorld(pack, 6, 1);
    const since = afternoon - 6 * 3_600_000;
    const checks = world.verificationsSince(afternoon, since);
    expect(checks.length).toBeGreaterThan(20);
    expect(checks.some((v) => v.result === '不通过')).toBe(true);
    const byCase = new Map(world.casesAt(afternoon).map((c) => [c.case_id, c]));
    for (const v of checks.filter((x) => x.result === '通过')) {
      expect(byCase.get(v.case_id)?.state).toBe('已核实');
    }
    const times = checks.map((v) => parseOffsetTime(v.verified_at)!);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(since);
  });
});
