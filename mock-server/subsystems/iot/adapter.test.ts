import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sensor } from '../../../src/contract/entities';
import { ERROR_CATALOGUE } from '../../../src/contract/errors';
import { mutateJson, mutateText } from '../../../tests/helpers/mutate';
import { Random } from '../../simulation/random';
import { EventDraft } from '../../../src/contract/event';
import { loadCityPack, type CityPack } from '../../city-packs/load';
import type { AdaptResult } from '../../pipeline/adapter';
import { iotAdapter, type IotRecord } from './adapter';
import { FLEET, IotFleet } from './fleet';
import type { Telemetry } from './native';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const fixture = (name: string): { topic: string; payload: Telemetry } =>
  JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as { topic: string; payload: Telemetry };

let pack: CityPack;
beforeAll(() => {
  pack = loadCityPack('shanghai');
});

const adapt = (topic: string, message: unknown, previous: Sensor | null = null) =>
  iotAdapter.adapt({ topic, message, previous } satisfies IotRecord, { pack });
const adaptFixture = (name: string, previous: Sensor | null = null) => {
  const f = fixture(name);
  return adapt(f.topic, f.payload, previous);
};

/** The adapted output checked against the contract, as the pipeline does. */
function accepted(r: AdaptResult): { sensor: Sensor; drafts: EventDraft[] } {
  if (!r.ok) throw new Error(`rejected: ${r.code} ${r.message}`);
  return { sensor: Sensor.parse(r.states?.[0]?.item), drafts: r.drafts.map((d) => EventDraft.parse(d)) };
}

/** Feeds readings of one device in order, carrying the state like the connector does through the store. */
function run(topic: string, base: Telemetry, values: number[], key = 'depth', unit = 'cm') {
  let previous: Sensor | null = null;
  const out: { sensor: Sensor; drafts: EventDraft[] }[] = [];
  values.forEach((v, i) => {
    const r = accepted(
      adapt(topic, { ...base, ts: base.ts + i * 60_000, values: { [key]: { v, unit } } }, previous),
    );
    previous = r.sensor;
    out.push(r);
  });
  return out;
}

describe('iot adapter: readings and units', () => {
  it('stores a waterlogging reading as the sensor state and raises an alarm at 15 cm', () => {
    const { sensor, drafts } = accepted(adaptFixture('good-waterlogging.json'));
    expect(sensor).toMatchObject({
      id: 'SH-WL-000017',
      type: 'waterlogging',
      value: 18.6,
      unit: 'cm',
      alarm: true,
      alarmEventId: 'iot:SH-WL-000017@1795995000000',
      updatedAt: '2026-11-29T23:30:00.000Z',
    });
    expect(sensor.district).toMatch(/^3101\d\d$/);
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      source: 'iot',
      nativeId: 'SH-WL-000017@1795995000000',
      category: 'waterlogging',
      severity: 'III',
      title: '道路积水 18.6 cm',
      address: '华山路下立交',
      reportedAt: '2026-11-29T23:30:00.000Z',
      attributes: { alarmState: 'active', raiseAt: 15, clearAt: 10, battery: 83, rssi: -79 },
    });
  });

  it('converts a vendor reporting millimetres to centimetres', () => {
    expect(accepted(adaptFixture('good-waterlogging-mm.json')).sensor).toMatchObject({
      value: 18.6,
      unit: 'cm',
    });
  });

  it('turns a two-axis inclinometer (degrees) into the tilt ratio in ‰ and alarms above 4‰', () => {
    const { sensor, drafts } = accepted(adaptFixture('good-building-tilt.json'));
    // tan 0.2006° = 0.003501, tan 0.1535° = 0.002679 → √(…) = 4.41‰
    expect(sensor).toMatchObject({ type: 'building-tilt', value: 4.41, unit: '‰', alarm: true });
    expect(drafts[0]).toMatchObject({ category: 'building-safety', severity: 'II' });
  });

  it.each([
    [
      'good-manhole.json',
      { type: 'manhole-tilt', value: 27.5, unit: '°', alarm: true },
      'municipal-facility',
    ],
    ['good-pm25.json', { type: 'pm25', value: 38, unit: 'µg/m³', alarm: false }, null],
    ['good-noise.json', { type: 'noise', value: 66.4, unit: 'dB(A)', alarm: false }, null],
  ])('adapts %s', (file, expected, category) => {
    const { sensor, drafts } = accepted(adaptFixture(file));
    expect(sensor).toMatchObject(expected);
    expect(drafts.map((d) => d.category)).toEqual(category ? [category] : []);
  });

  it('raises an elderly-care alarm for a wristband SOS, with the heart rate as value and no personal data', () => {
    const { sensor, drafts } = accepted(adaptFixture('good-wristband-sos.json'));
    expect(sensor).toMatchObject({ type: 'wristband', value: 104, unit: 'bpm', alarm: true });
    expect(drafts[0]).toMatchObject({
      category: 'elderly-care',
      severity: 'II',
      title: '老人求助：一键呼救',
      reporter: null,
      address: '',
      attributes: { flags: 'sos' },
    });
  });
});

describe('iot adapter: hysteresis', () => {
  const f = () => fixture('good-waterlogging.json');

  it('does not flap when the value hovers at the raise line: one raise, no clear above the clear line', () => {
    const out = run(f().topic, f().payload, [14.9, 15.1, 14.8, 15.2, 14.9, 15.0, 14.7, 11, 10.5]);
    const events = out.flatMap((o) => o.drafts.map((d) => d.attributes['alarmState']));
    expect(events).toEqual(['active']);
    expect(out.map((o) => o.sensor.alarm)).toEqual([false, true, true, true, true, true, true, true, true]);
  });

  it('clears only at or below the clear line, updating the same event', () => {
    const out = run(f().topic, f().payload, [16, 12, 10.1, 10, 9, 14.9, 15]);
    const drafts = out.flatMap((o) => o.drafts);
    expect(drafts.map((d) => [d.nativeId, d.attributes['alarmState']])).toEqual([
      [`SH-WL-000017@${f().payload.ts}`, 'active'],
      [`SH-WL-000017@${f().payload.ts}`, 'cleared'],
      [`SH-WL-000017@${f().payload.ts + 6 * 60_000}`, 'active'],
    ]);
    expect(drafts[1]).toMatchObject({
      title: '道路积水已解除',
      reportedAt: new Date(f().payload.ts).toISOString(),
      sourceUpdatedAt: new Date(f().payload.ts + 3 * 60_000).toISOString(),
    });
    expect(out[3]!.sensor).toMatchObject({ alarm: false, alarmEventId: null });
  });

  it('keeps the alarm across a restart: the stored state decides, not memory', () => {
    const raised = accepted(adaptFixture('good-waterlogging.json')).sensor;
    const stored = Sensor.parse(JSON.parse(JSON.stringify(raised)));
    const next = { ...f().payload, ts: f().payload.ts + 60_000, values: { depth: { v: 14, unit: 'cm' } } };
    expect(accepted(adapt(f().topic, next, stored))).toMatchObject({ sensor: { alarm: true }, drafts: [] });
  });

  it('ignores a redelivered or older reading: same state, no alarm change', () => {
    const raised = accepted(adaptFixture('good-waterlogging.json')).sensor;
    const again = accepted(adaptFixture('good-waterlogging.json', raised));
    expect(again.drafts).toEqual([]);
    expect(again.sensor.updatedAt).toBe(raised.updatedAt);
    const older = { ...f().payload, ts: f().payload.ts - 60_000, values: { depth: { v: 0, unit: 'cm' } } };
    const late = accepted(adapt(f().topic, older, raised));
    expect(late.drafts).toEqual([]);
    // The state carries the older time, so the store keeps the newer one.
    expect(late.sensor.updatedAt < raised.updatedAt).toBe(true);
  });

  it('clears a wristband alarm when the device clears its flags', () => {
    const sos = fixture('good-wristband-sos.json');
    const raised = accepted(adapt(sos.topic, sos.payload)).sensor;
    const calm = {
      ...sos.payload,
      ts: sos.payload.ts + 60_000,
      values: { hr: { v: 80, unit: 'bpm' }, sos: { v: false }, fall: { v: false } },
    };
    const { sensor, drafts } = accepted(adapt(sos.topic, calm, raised));
    expect(sensor.alarm).toBe(false);
    expect(drafts[0]).toMatchObject({ title: '老人求助已解除', attributes: { alarmState: 'cleared' } });
  });
});

describe('iot adapter: bad and hostile input', () => {
  it.each([
    ['bad-epoch-seconds.json', 'BAD_TIME', 'ts'],
    ['bad-unknown-type.json', 'UNKNOWN_CODE', 'topic'],
    ['bad-unknown-unit.json', 'UNKNOWN_CODE', 'values.depth.unit'],
    ['bad-value-na.json', 'INTAKE_SCHEMA', 'values.depth.v'],
    ['bad-topic-mismatch.json', 'INTAKE_SCHEMA', 'deviceId'],
    ['bad-out-of-city.json', 'COORD_OUT_OF_RANGE', 'loc'],
  ])('rejects %s with %s naming %s', (file, code, path) => {
    const r = adaptFixture(file);
    expect(r).toMatchObject({ ok: false, code });
    if (!r.ok) expect(r.details?.map((d) => d.path)).toContain(path);
  });

  it.each([
    null,
    'text',
    42,
    {},
    { topic: 7 },
    { topic: 'city/noise/x', message: {} },
    { topic: 'a/b/c/telemetry', message: null },
  ])('rejects %j without throwing', (raw) => {
    const r = iotAdapter.adapt(raw, { pack });
    expect(r.ok).toBe(false);
  });

  it('keeps hostile site text verbatim as data and does not touch prototypes', () => {
    expect(accepted(adaptFixture('hostile-site-xss.json')).drafts[0]!.address).toBe(
      '<img src=x onerror=alert(1)>下立交',
    );
    const raw = JSON.parse(readFileSync(join(FIXTURES, 'hostile-prototype.json'), 'utf8')) as {
      topic: string;
      payload: unknown;
    };
    expect(adapt(raw.topic, raw.payload).ok).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('iot adapter: mutated input', () => {
  it('never throws on 2,000 mutated messages and topics: each is accepted or rejected with a catalogue code', () => {
    const rnd = new Random(4242);
    const files = readdirSync(FIXTURES).filter((f) => f.startsWith('good-'));
    for (let i = 0; i < 2000; i++) {
      const f = fixture(rnd.pick(files));
      const topic = rnd.chance(0.2) ? mutateText(f.topic, rnd) : f.topic;
      const r = adapt(topic, mutateJson(f.payload, rnd));
      if (r.ok) for (const d of r.drafts) EventDraft.parse(d);
      else expect(ERROR_CATALOGUE).toHaveProperty(r.code);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('iot fleet simulator', () => {
  it('places ≈300 sensors on real roads inside the city, each reading adapting cleanly', () => {
    const start = Date.parse('2026-11-24T00:00:00Z');
    const fleet = new IotFleet(pack, 7, start);
    expect(fleet.sensors).toHaveLength(Object.values(FLEET).reduce((a, b) => a + b, 0));
    const states = new Map<string, Sensor>();
    const raised = new Set<string>();
    let readings = 0;
    for (let t = start; t <= start + 6 * 3_600_000; t += 60_000) {
      for (const p of fleet.due(t)) {
        readings += 1;
        const r = accepted(adapt(`city/${p.topic}`, p.message, states.get(p.message.deviceId) ?? null));
        expect(r.sensor.district).not.toBeNull();
        states.set(r.sensor.id, r.sensor);
        for (const d of r.drafts) if (d.attributes['alarmState'] === 'active') raised.add(d.category);
      }
    }
    expect(states.size).toBe(fleet.sensors.length);
    // Noise and wristbands every minute, the rest every 5–10: ≈ 1.4 messages a second in all.
    expect(readings / (6 * 3600)).toBeGreaterThan(1);
    // The first shower starts within 10 minutes of start: low spots cross 15 cm.
    expect(raised).toContain('waterlogging');
  });

  it('sends defective messages that the adapter quarantines with a reason', () => {
    const fleet = new IotFleet(pack, 9, Date.parse('2026-11-24T00:00:00Z'));
    for (let i = 0; i < 20; i++) {
      const bad = fleet.defective(Date.parse('2026-11-24T01:00:00Z') + i * 1000);
      let message: unknown;
      try {
        message = JSON.parse(bad.payload);
      } catch {
        continue; // cut-off JSON: the connector quarantines it as INTAKE_DECODE before the adapter
      }
      expect(adapt(`city/${bad.topic}`, message).ok).toBe(false);
    }
  });
});

it('has a fixture for every case it tests', () => {
  expect(readdirSync(FIXTURES).length).toBeGreaterThanOrEqual(15);
});
