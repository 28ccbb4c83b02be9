import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/contract/errors';
import type { SourceId } from '../../src/contract/source';
import { loadCityPack, type CityPack } from '../../mock-server/city-packs/load';
import type { Adapter } from '../../mock-server/pipeline/adapter';
import { Correlator } from '../../mock-server/pipeline/correlate';
import { FeedHealthTracker } from '../../mock-server/pipeline/feed-health';
import { Hub } from '../../mock-server/pipeline/hub';
import { IngestPipeline, type IngestRecord } from '../../mock-server/pipeline/ingest';
import { StateWriter } from '../../mock-server/pipeline/state-writer';
import { openSqlite, type Db } from '../../mock-server/store/db';
import { DeadLettersRepo } from '../../mock-server/store/dead-letters-repo';
import { EventsRepo } from '../../mock-server/store/events-repo';
import { StatesRepo } from '../../mock-server/store/states-repo';
import { SUBSYSTEMS } from '../../mock-server/subsystems';
import { decodeCapBody } from '../../mock-server/subsystems/warnings/intake';
import { mutatedJson, mutatedText } from '../helpers/fuzz';

/**
 * Property: good records and hostile ones of every source, interleaved in one micro-batch (one transaction), never
 * take each other down — every good record is stored, every record gets an outcome (accepted … or quarantined with
 * a catalogue code), nothing throws out of the pipeline, and the feeds' books balance.
 */
const RUNS = 200;
const CODES = new Set(Object.keys(ERROR_CATALOGUE));
const FIXTURES = join(import.meta.dirname, '../../mock-server/subsystems');

let pack: CityPack;
let db: Db;
let dir: string;
let pipeline: IngestPipeline;
let events: EventsRepo;
let states: StateWriter;
let health: FeedHealthTracker;

interface Sample {
  source: SourceId;
  record: IngestRecord;
  /** Where a good record must be found afterwards: an event id, or a state's topic and id. */
  expect?: { event: string } | { topic: 'traffic' | 'cameras' | 'sensors' | 'workers'; id: string };
}

const json = (source: SourceId, file: string) =>
  JSON.parse(readFileSync(join(FIXTURES, source, 'fixtures', file), 'utf8')) as Record<string, unknown>;
const asRecord = (payload: unknown): IngestRecord => ({ payload, raw: JSON.stringify(payload) ?? '' });
const iotRecord = (f: Record<string, unknown>): IngestRecord => ({
  payload: { topic: f['topic'], message: f['payload'], previous: null },
  raw: JSON.stringify(f),
});

/** Known-good records of every source, with where each must end up. */
function goods(): Sample[] {
  const order = json('hotline', 'good-order.json');
  const cmCase = json('city-management', 'good-component-case.json');
  const gridCase = json('grid', 'good-case.json');
  const worker = json('grid', 'good-worker.json');
  const incident = json('traffic', 'good-incident-item.json');
  const segment = json('traffic', 'good-segment-item.json');
  const alarm = json('video', 'good-alarm-start.json');
  const camera = json('video', 'good-catalogue-item.json');
  const sensor = json('iot', 'good-noise.json');
  const request = json('open311', 'good-request.json');
  const cap = readFileSync(join(FIXTURES, 'warnings', 'fixtures', 'sh-rainstorm-yellow.cap'));
  return [
    { source: 'hotline', record: asRecord(order), expect: { event: `hotline:${String(order['工单编号'])}` } },
    {
      source: 'city-management',
      record: asRecord(cmCase),
      expect: { event: `city-management:${String(cmCase['caseCode'])}` },
    },
    { source: 'grid', record: asRecord(gridCase), expect: { event: `grid:${String(gridCase['case_id'])}` } },
    {
      source: 'grid',
      record: asRecord(worker),
      expect: { topic: 'workers', id: String(worker['worker_id']) },
    },
    {
      source: 'traffic',
      record: asRecord(incident),
      expect: { event: `traffic:${String((incident['incident'] as Record<string, unknown>)['incidentId'])}` },
    },
    {
      source: 'traffic',
      record: asRecord(segment),
      expect: { topic: 'traffic', id: String((segment['segment'] as Record<string, unknown>)['roadId']) },
    },
    { source: 'video', record: asRecord(alarm), expect: { event: `video:${String(alarm['alarmId'])}` } },
    {
      source: 'video',
      record: asRecord(camera),
      expect: { topic: 'cameras', id: String(camera['deviceId']) },
    },
    {
      source: 'iot',
      record: iotRecord(sensor),
      expect: { topic: 'sensors', id: String((sensor['payload'] as Record<string, unknown>)['deviceId']) },
    },
    {
      source: 'open311',
      record: asRecord(request),
      expect: { event: `open311:${String(request['request_id'])}` },
    },
    { source: 'warnings', record: decodeCapBody(cap) },
  ];
}

/** Hostile variants of every source's fixtures, decoded as each transport would. */
function hostile(): fc.Arbitrary<Sample> {
  const parsed = (source: string) =>
    readdirSync(join(FIXTURES, source, 'fixtures'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(FIXTURES, source, 'fixtures', f), 'utf8')) as unknown);
  const jsonSources: SourceId[] = ['hotline', 'city-management', 'grid', 'traffic', 'video', 'open311'];
  const caps = readdirSync(join(FIXTURES, 'warnings', 'fixtures'))
    .filter((f) => f.endsWith('.cap'))
    .map((f) => readFileSync(join(FIXTURES, 'warnings', 'fixtures', f), 'utf8'));
  return fc.oneof(
    ...jsonSources.map((source) =>
      mutatedJson(parsed(source)).map((p): Sample => ({ source, record: asRecord(p) })),
    ),
    mutatedJson(parsed('iot')).map((p): Sample => ({
      source: 'iot',
      record: iotRecord((p ?? {}) as Record<string, unknown>),
    })),
    mutatedText(caps).map((t): Sample => ({
      source: 'warnings',
      record: decodeCapBody(Buffer.from(t, 'utf8')),
    })),
    // Bytes that are no JSON at all, as a webhook would pass them on.
    fc.string({ unit: 'binary', maxLength: 200 }).map((raw): Sample => ({
      source: 'hotline',
      record: { payload: undefined, raw, decodeError: 'invalid JSON' },
    })),
  );
}

beforeAll(async () => {
  pack = loadCityPack('shanghai');
  dir = mkdtempSync(join(tmpdir(), 'city-brain-fuzz-'));
  db = await openSqlite(dir);
  const hub = new Hub();
  events = new EventsRepo(db.kysely);
  states = new StateWriter(new StatesRepo(db.kysely), hub);
  health = new FeedHealthTracker(
    SUBSYSTEMS.map((s) => ({ source: s.source, expectedIntervalMs: 60_000 })),
    3,
  );
  pipeline = new IngestPipeline({
    adapters: new Map<SourceId, Adapter>(SUBSYSTEMS.map((s) => [s.source, s.adapter])),
    ctx: { pack },
    events,
    deadLetters: new DeadLettersRepo(db.kysely),
    health,
    hub,
    states,
    log: pino({ level: 'silent' }),
    correlator: new Correlator(pack.codeTables.correlation, { lon: 121.47, lat: 31.23 }),
  });
});
afterAll(async () => {
  await pipeline?.close();
  await db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('good and hostile records in one micro-batch', () => {
  it('store every good record and judge every hostile one, without taking the batch down', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile(), { minLength: 1, maxLength: 12 }), fc.nat(), async (bad, shift) => {
        const good = goods();
        // Interleaved: the good records sit among the bad at positions the property varies.
        const batch: Sample[] = [...bad];
        good.forEach((g, i) => batch.splice((shift + i * 3) % (batch.length + 1), 0, g));
        const results = await Promise.all(batch.map((s) => pipeline.submit(s.source, s.record)));
        results.forEach((out, i) => {
          for (const r of out) {
            if (r.outcome === 'quarantined') expect(CODES.has(r.reason!.code), JSON.stringify(r)).toBe(true);
            if (batch[i]!.expect)
              expect(r.outcome, `${batch[i]!.source} good record`).not.toBe('quarantined');
          }
        });
        for (const g of good) {
          const where = g.expect;
          if (!where) continue;
          if ('event' in where) expect(await events.get(where.event), where.event).not.toBeNull();
          else expect(await states.get(where.topic, where.id), `${where.topic}:${where.id}`).not.toBeNull();
        }
      }),
      { numRuns: RUNS },
    );
    for (const f of health.all())
      expect(f.received, f.source).toBe(f.accepted + f.duplicates + f.quarantined);
  }, 120_000);
});
