import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { RoadSegmentState } from '../../../src/contract/entities';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import { EventDraft } from '../../../src/contract/event';
import { mutateJson } from '../../../tests/helpers/mutate';
import { Random } from '../../simulation/random';
import { loadCityPack, type CityPack } from '../../city-packs/load';
import { levelOf, splitTrafficBatch, trafficAdapter } from './adapter';
import { districtCongestion } from './district-index';
import { TrafficWorld } from './simulator';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const text = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const fixture = (name: string): Record<string, unknown> => JSON.parse(text(name)) as Record<string, unknown>;

let pack: CityPack;
beforeAll(() => {
  pack = loadCityPack('shanghai');
});
const adapt = (raw: unknown) => trafficAdapter.adapt(raw, { pack });

describe('交警 batch intake split', () => {
  it('splits a batch into one record per segment and incident, each with the batch time', () => {
    const items = splitTrafficBatch(fixture('good-batch.json'));
    expect(items).toHaveLength(4);
    expect(items?.[0]).toMatchObject({ batchTime: '20261124083000', incident: { type: 'ACCIDENT' } });
    expect(items?.[1]).toMatchObject({
      batchTime: '20261124083000',
      segment: { roadId: 'osm-way-40297647' },
    });
  });

  it.each(['bad-batch-time.json', 'bad-batch-envelope.json'])(
    'keeps %s whole, for the adapter to quarantine as one record',
    (file) => expect(splitTrafficBatch(fixture(file))).toBeNull(),
  );

  it('quarantines a batch it could not split, with the reason', () => {
    expect(adapt(fixture('bad-batch-time.json'))).toMatchObject({ ok: false, code: 'BAD_TIME' });
    const r = adapt(fixture('bad-batch-envelope.json'));
    expect(r).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' });
    expect(!r.ok && r.details?.map((d) => d.path)).toContain('segments');
  });

  it('leaves a truncated body to the transport (it is no JSON at all)', () => {
    expect(() => JSON.parse(text('bad-batch-truncated.txt'))).toThrow();
  });
});

describe('交警 adapter: segment readings', () => {
  it('turns a reading into a road-segment state with ratio, level and district', () => {
    const r = adapt(fixture('good-segment-item.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.drafts).toHaveLength(0);
    expect(r.states?.[0]?.topic).toBe('traffic');
    expect(RoadSegmentState.parse(r.states?.[0]?.item)).toEqual({
      id: 'osm-way-40297647',
      speedKmh: 12.4,
      freeFlowKmh: 50,
      ratio: 0.248,
      level: 'jammed',
      district: '310101',
      updatedAt: '2026-11-24T00:30:00.000Z', // 08:30 in Shanghai
    });
  });

  it.each([
    [0.95, 'free'],
    [0.7, 'free'],
    [0.69, 'slow'],
    [0.5, 'slow'],
    [0.49, 'congested'],
    [0.3, 'congested'],
    [0.29, 'jammed'],
    [0, 'jammed'],
  ])('ratio %d is %s by the pack thresholds', (ratio, level) => {
    expect(levelOf(ratio, pack.codeTables.traffic)).toBe(level);
  });

  it.each([
    ['bad-unknown-road.json', 'UNKNOWN_CODE', 'segment.roadId'],
    ['bad-negative-speed.json', 'INTAKE_SCHEMA', 'segment.speed'],
    ['bad-zero-free-flow.json', 'INTAKE_SCHEMA', 'segment.freeFlowSpeed'],
    ['bad-implausible-speed.json', 'INTAKE_SCHEMA', 'segment.speed'],
    ['bad-unknown-incident-type.json', 'UNKNOWN_CODE', 'incident.type'],
    ['bad-incident-time.json', 'BAD_TIME', 'incident.startTime'],
    ['bad-incident-out-of-city.json', 'COORD_OUT_OF_RANGE', 'incident.lng'],
  ])('quarantines %s with %s naming %s', (file, code, path) => {
    const r = adapt(fixture(file));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe(code);
    expect(r.details?.map((d) => d.path)).toContain(path);
  });

  it('refuses a calendar date that does not exist', () => {
    const item = { ...fixture('good-incident-item.json') } as { incident: Record<string, unknown> };
    const r = adapt({ ...item, incident: { ...item.incident, startTime: '20261131081532' } });
    expect(r).toMatchObject({ ok: false, code: 'BAD_TIME' });
  });

  it.each([null, 1, 'x', [], {}, { segment: null }, { incident: 'ACCIDENT' }])(
    'quarantines %j without throwing',
    (payload) => expect(adapt(payload)).toMatchObject({ ok: false, code: 'INTAKE_SCHEMA' }),
  );

  it('leaves prototypes alone', () => {
    expect(adapt(JSON.parse(text('hostile-prototype.json'))).ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('交警 adapter: incidents', () => {
  it('turns an incident into an event on its road: GCJ-02 → WGS-84, compact local times → UTC, severity by rule', () => {
    const r = adapt(fixture('good-incident-item.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = EventDraft.parse(r.drafts[0]);
    expect(d).toMatchObject({
      source: 'traffic',
      nativeId: 'JJ20261124081532A03',
      category: 'traffic-accident',
      severity: 'III', // one injury
      title: '交通事故 · 延安东路',
      district: '310101',
      street: '310101013',
      grid: '310101013006002',
      reportedAt: '2026-11-24T00:15:32.000Z',
      sourceUpdatedAt: '2026-11-24T00:24:10.000Z',
      attributes: { nativeStatus: 'ACTIVE', lanesBlocked: 2, injuries: 1, roadId: 'osm-way-40297647' },
    });
    // The fixture's GCJ-02 point was made from this WGS-84 road vertex.
    expect(Math.abs(d.location.lon - 121.474667)).toBeLessThan(1e-5);
    expect(Math.abs(d.location.lat - 31.230904)).toBeLessThan(1e-5);
  });

  it('reports a cleared incident as a later update of the same event', () => {
    const r = adapt(fixture('good-incident-cleared.json'));
    expect(r.ok && r.drafts[0]).toMatchObject({
      nativeId: 'JJ20261124081532A03',
      sourceUpdatedAt: '2026-11-24T00:59:44.000Z',
      attributes: { nativeStatus: 'CLEARED', sourceStatus: 'resolved' },
    });
  });

  it.each([
    [{ type: 'ACCIDENT', injuries: 3, lanesBlocked: 1 }, 'II'],
    [{ type: 'ACCIDENT', injuries: 0, lanesBlocked: 1 }, 'IV'],
    [{ type: 'BREAKDOWN', injuries: 0, lanesBlocked: 3 }, 'III'],
    [{ type: 'CLOSURE', injuries: 0, lanesBlocked: 2 }, 'IV'],
  ])('rates %j as %s', (patch, severity) => {
    const item = fixture('good-incident-item.json') as { incident: Record<string, unknown> };
    const r = adapt({ ...item, incident: { ...item.incident, ...patch } });
    expect(r.ok && r.drafts[0]?.severity).toBe(severity);
  });

  it('keeps hostile text as data', () => {
    const r = adapt(fixture('hostile-xss-incident.json'));
    expect(r.ok && r.drafts[0]?.description).toContain('<script>');
  });

  it('lists a fixture for every case it tests', () => {
    expect(readdirSync(FIXTURES).length).toBeGreaterThanOrEqual(16);
  });
});

describe('交警 adapter: mutated input', () => {
  it('never throws on 2,000 mutated items and batches: each is accepted as valid output or rejected with a code', () => {
    const rnd = new Random(6060);
    const goods = [
      'good-segment-item.json',
      'good-incident-item.json',
      'good-incident-cleared.json',
      'good-batch.json',
    ];
    for (let i = 0; i < 2000; i++) {
      const mutant = mutateJson(fixture(rnd.pick(goods)), rnd);
      // A mutated batch goes through the intake's split first, as it would over HTTP.
      for (const record of splitTrafficBatch(mutant) ?? [mutant]) {
        const r = adapt(record);
        if (r.ok) {
          for (const d of r.drafts) EventDraft.parse(d);
          for (const s of r.states ?? []) RoadSegmentState.parse(s.item);
        } else expect(ERROR_CATALOGUE).toHaveProperty(r.code);
      }
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('交警 simulator and congestion index', () => {
  const at = (local: string) => Date.parse(`2026-11-24T${local}:00+08:00`);
  const statesOf = (time: number, world: TrafficWorld) =>
    splitTrafficBatch(world.batch(time).batch)!.flatMap((item) => {
      const r = adapt(item);
      return r.ok ? (r.states ?? []).map((s) => s.item as RoadSegmentState) : [];
    });

  it('sends every real road segment, the same batch for the same seed and time', () => {
    const a = new TrafficWorld(pack, 11, 1).batch(at('08:30')).batch;
    expect(a.segments).toHaveLength(pack.roads.length);
    expect(new TrafficWorld(pack, 11, 1).batch(at('08:30')).batch).toEqual(a);
  });

  it('congests at rush hour, flows freely at night, and arterials more than side streets', () => {
    const world = new TrafficWorld(pack, 12, 1);
    const share = (states: RoadSegmentState[], cls?: string) => {
      const picked = states.filter((s) => !cls || pack.roadById.get(s.id)?.class === cls);
      return picked.filter((s) => s.level === 'congested' || s.level === 'jammed').length / picked.length;
    };
    const peak = statesOf(at('08:30'), world);
    const evening = statesOf(at('18:15'), world);
    const night = statesOf(at('03:00'), world);
    expect(share(peak)).toBeGreaterThan(0.15);
    expect(share(evening)).toBeGreaterThan(0.15);
    expect(share(night)).toBeLessThan(0.01);
    expect(share(peak, 'primary')).toBeGreaterThan(2 * share(peak, 'residential'));
  });

  it('produces a small share of defective records among the good ones', () => {
    const world = new TrafficWorld(pack, 13, 1);
    let bad = 0;
    let all = 0;
    for (let m = 0; m < 30; m++) {
      for (const item of splitTrafficBatch(world.batch(at('08:00') + m * 60_000).batch)!) {
        all++;
        if (!adapt(item).ok) bad++;
      }
    }
    expect(bad).toBeGreaterThan(0);
    expect(bad / all).toBeLessThan(0.005);
  });

  it('reports incidents on real roads, updated when lanes reopen and once more when cleared', () => {
    const world = new TrafficWorld(pack, 14, 1);
    const seen = new Map<string, Set<string>>();
    for (let m = 0; m < 240; m += 1) {
      for (const i of world.batch(at('07:00') + m * 60_000).batch.incidents) {
        expect(pack.roadById.has(i.roadId)).toBe(true);
        seen.set(i.incidentId, (seen.get(i.incidentId) ?? new Set()).add(`${i.status}@${i.updateTime}`));
      }
    }
    expect(seen.size).toBeGreaterThan(10);
    const lives = [...seen.values()];
    expect(lives.some((l) => [...l].some((s) => s.startsWith('CLEARED')))).toBe(true);
    expect(lives.some((l) => [...l].filter((s) => s.startsWith('ACTIVE')).length === 2)).toBe(true);
  });

  it('computes a district index from length- and class-weighted (1 − ratio), higher at the peak', () => {
    const world = new TrafficWorld(pack, 15, 1);
    const peak = districtCongestion(statesOf(at('08:30'), world), pack);
    const night = districtCongestion(statesOf(at('03:00'), world), pack);
    expect(peak.map((d) => d.district).sort()).toEqual([...pack.manifest.focusDistricts].sort());
    for (const [i, d] of peak.entries()) {
      expect(d.index).toBeGreaterThan(night[i]!.index);
      expect(d.segments).toBeGreaterThan(0);
    }
    expect(Math.max(...night.map((d) => d.index))).toBeLessThan(2);
    expect(night.every((d) => d.band === 'smooth')).toBe(true);
  });

  it('gives index 10 for a standstill and 0 for free flow', () => {
    const road = pack.roads.find((r) => r.class === 'primary')!;
    const state = (ratio: number): RoadSegmentState => ({
      id: road.id,
      speedKmh: 50 * ratio,
      freeFlowKmh: 50,
      ratio,
      level: levelOf(ratio, pack.codeTables.traffic),
      district: '310101',
      updatedAt: '2026-11-24T00:30:00.000Z',
    });
    const of = (ratio: number) =>
      districtCongestion([state(ratio)], pack).find((d) => d.district === '310101')!;
    expect(of(0)).toMatchObject({ index: 10, band: 'severe', congestedShare: 1 });
    expect(of(1)).toMatchObject({ index: 0, band: 'smooth', congestedShare: 0 });
    expect(of(1.2).index).toBe(0);
  });
});
