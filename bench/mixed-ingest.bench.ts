import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import type { SourceId } from '../src/contract/source';
import { loadCityPack, type CityPack } from '../mock-server/city-packs/load';
import type { Adapter } from '../mock-server/pipeline/adapter';
import { Correlator } from '../mock-server/pipeline/correlate';
import { FeedHealthTracker } from '../mock-server/pipeline/feed-health';
import { Hub } from '../mock-server/pipeline/hub';
import { IngestPipeline, type IngestRecord } from '../mock-server/pipeline/ingest';
import { StateWriter } from '../mock-server/pipeline/state-writer';
import { openSqlite } from '../mock-server/store/db';
import { DeadLettersRepo } from '../mock-server/store/dead-letters-repo';
import { EventsRepo } from '../mock-server/store/events-repo';
import { StatesRepo } from '../mock-server/store/states-repo';
import { SUBSYSTEMS } from '../mock-server/subsystems';
import type { IotRecord } from '../mock-server/subsystems/iot/adapter';
import { decodeCapBody } from '../mock-server/subsystems/warnings/intake';
import type { Benchmark, Figure } from './figure';
import { collectGarbage, envInt, inTempDir, median } from './measure';
import { SimulatedCity } from './sim-harness';

const MINUTES = envInt('BENCH_MIXED_MINUTES', 10);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
/** 09:00 in Shanghai: the morning peak. */
const START = Date.parse('2026-11-24T01:00:00Z');

/** A record as the transport received it: its text (bytes for CAP), decoded inside the measured section. */
interface Wire {
  source: SourceId;
  text: string;
  /** IoT: the sensor state its connector reads from the store before the adapter runs. */
  previous?: IotRecord['previous'];
}

/**
 * Mixed-dialect ingest: what all seven subsystems send in a simulated morning-peak window (every generator driven by a
 * virtual clock — traffic batches split per segment, grid worker positions, 12345 orders, camera pushes and the
 * catalogue, MQTT telemetry, 数字城管 and grid cases, CAP XML), decoded as each transport does (JSON text, MQTT
 * payloads, CAP bytes by their declared encoding) and pushed through the real pipeline (validate, normalize,
 * correlate, store, hub) in one process. The floor is the least a store could do with the same records in the same
 * run: decode + one prepared INSERT per record into a keyed table of the same shape as the entity states (primary key
 * and sequence index), one transaction.
 */
export const mixedIngestBench: Benchmark = {
  name: 'mixed-ingest',
  async run(log) {
    const pack = loadCityPack('shanghai');
    const wires = generate(pack);
    const bySource = new Map<SourceId, number>();
    for (const w of wires) bySource.set(w.source, (bySource.get(w.source) ?? 0) + 1);
    log(
      `${wires.length} records in ${MINUTES} simulated minutes: ${[...bySource].map(([s, n]) => `${s} ${n}`).join(', ')}`,
    );

    log('warm-up');
    await pipelineRound(pack, wires.slice(0, 5_000));
    baselineRoundSync(wires.slice(0, 5_000), await schemaDir());

    const pipeline: number[] = [];
    const baseline: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      collectGarbage();
      pipeline.push(await pipelineRound(pack, wires));
      collectGarbage();
      baseline.push(
        await inTempDir('mixed-baseline', async (dir) => baselineRoundSync(wires, await migrated(dir))),
      );
      log(
        `round ${round}/${ROUNDS}: pipeline ${fmt(pipeline.at(-1)!)}/s, baseline ${fmt(baseline.at(-1)!)}/s`,
      );
    }
    const p = median(pipeline);
    const b = median(baseline);
    return [
      { name: 'mixed_ingest_throughput', value: p, unit: 'records/s' },
      { name: 'mixed_ingest_raw_baseline', value: b, unit: 'records/s' },
      { name: 'mixed_ingest_ratio', value: p / b, unit: '', digits: 3 },
      { name: 'mixed_ingest_records', value: wires.length, unit: 'records' },
    ] satisfies Figure[];
  },
};

function generate(pack: CityPack): Wire[] {
  const city = new SimulatedCity(pack, 20261124, START, { trafficSegments: true, workerPositions: true });
  const out: Wire[] = [];
  const add = (d: ReturnType<SimulatedCity['advance']>[number]) => {
    if (d.source === 'iot') {
      const r = d.record.payload as IotRecord;
      out.push({ source: 'iot', text: d.record.raw, previous: r.previous });
    } else out.push({ source: d.source, text: d.record.raw });
  };
  city.catalogue().forEach(add);
  for (let t = START + 10_000; t <= START + MINUTES * 60_000; t += 10_000) city.advance(t).forEach(add);
  return out;
}

/** What each transport does with what it received, before the pipeline. */
function decode(w: Wire): IngestRecord {
  switch (w.source) {
    case 'warnings':
      return decodeCapBody(Buffer.from(w.text, 'utf8'));
    case 'iot': {
      const { topic, payload } = JSON.parse(w.text) as { topic: string; payload: string };
      return { payload: { topic, message: JSON.parse(payload), previous: w.previous ?? null }, raw: w.text };
    }
    default:
      try {
        return { payload: JSON.parse(w.text) as unknown, raw: w.text };
      } catch (err) {
        return { payload: undefined, raw: w.text, decodeError: (err as Error).message };
      }
  }
}

async function pipelineRound(pack: CityPack, wires: readonly Wire[]): Promise<number> {
  return inTempDir('mixed-pipeline', async (dir) => {
    const db = await openSqlite(dir);
    const hub = new Hub();
    const sources = SUBSYSTEMS.map((s) => s.source);
    const pipeline = new IngestPipeline({
      adapters: new Map<SourceId, Adapter>(SUBSYSTEMS.map((s) => [s.source, s.adapter])),
      ctx: { pack },
      events: new EventsRepo(db.kysely),
      deadLetters: new DeadLettersRepo(db.kysely),
      health: new FeedHealthTracker(
        sources.map((source) => ({ source, expectedIntervalMs: 60_000 })),
        3,
      ),
      hub,
      states: new StateWriter(new StatesRepo(db.kysely), hub),
      log: pino({ level: 'silent' }),
      correlator: new Correlator(
        pack.codeTables.correlation,
        { lon: pack.manifest.center[0], lat: pack.manifest.center[1] },
        () => START,
      ),
    });
    try {
      const t0 = performance.now();
      const results = await Promise.all(wires.map((w) => pipeline.submit(w.source, decode(w))));
      const seconds = (performance.now() - t0) / 1000;
      const quarantined = results.filter((r) => r.some((o) => o.outcome === 'quarantined')).length;
      // A fast pipeline that quarantined everything would measure the wrong thing (the generators' own defects: ~1 %).
      if (quarantined > wires.length * 0.05)
        throw new Error(`pipeline quarantined ${quarantined} of ${wires.length}`);
      return wires.length / seconds;
    } finally {
      await pipeline.close();
      await db.close();
    }
  });
}

async function migrated(dir: string): Promise<string> {
  const db = await openSqlite(dir);
  await db.close();
  return dir;
}

let schema: string | null = null;
async function schemaDir(): Promise<string> {
  schema ??= await migrated(
    (await import('node:fs')).mkdtempSync(
      join((await import('node:os')).tmpdir(), 'city-brain-bench-mixed-warm-'),
    ),
  );
  return schema;
}

/** Decode + one prepared INSERT per record into the entity-states table (same schema and indexes), one transaction. */
function baselineRoundSync(wires: readonly Wire[], dir: string): number {
  const sqlite = new SQLite(join(dir, 'city-brain.sqlite'));
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.exec(`delete from entity_states where topic like 'baseline:%'`);
    const insert = sqlite.prepare(
      `insert into entity_states (topic, id, seq, updated_at, data) values (@topic, @id, @seq, @at, @data)`,
    );
    const at = new Date(START).toISOString();
    const t0 = performance.now();
    sqlite.transaction(() => {
      wires.forEach((w, i) => {
        const record = decode(w);
        insert.run({ topic: `baseline:${w.source}`, id: String(i), seq: i + 1, at, data: record.raw });
      });
    })();
    const seconds = (performance.now() - t0) / 1000;
    return wires.length / seconds;
  } finally {
    sqlite.close();
  }
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
