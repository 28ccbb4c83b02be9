import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { loadCityPack, type CityPack } from '../mock-server/city-packs/load';
import { FeedHealthTracker } from '../mock-server/pipeline/feed-health';
import { Hub } from '../mock-server/pipeline/hub';
import { IngestPipeline } from '../mock-server/pipeline/ingest';
import { StateWriter } from '../mock-server/pipeline/state-writer';
import { openSqlite } from '../mock-server/store/db';
import { DeadLettersRepo } from '../mock-server/store/dead-letters-repo';
import { EventsRepo } from '../mock-server/store/events-repo';
import { StatesRepo } from '../mock-server/store/states-repo';
import { splitTrafficBatch, trafficAdapter } from '../mock-server/subsystems/traffic/adapter';
import type { TrafficBatch } from '../mock-server/subsystems/traffic/native';
import { TrafficWorld } from '../mock-server/subsystems/traffic/simulator';
import type { Benchmark, Figure } from './figure';
import { collectGarbage, envInt, inTempDir, median } from './measure';

const BATCHES = envInt('BENCH_TRAFFIC_BATCHES', 10);
const ROUNDS = envInt('BENCH_ROUNDS', 3);
const PEAK = Date.parse('2026-11-24T08:00:00+08:00');

/**
 * The traffic police minute batch (one POST → ~4,200 segment states + incidents) through the real intake path:
 * JSON.parse of the body, split into records, adapt, validate, StatesRepo upsert in one transaction, publish.
 * The floor, in the same run on the same batches: JSON.parse + one prepared upsert per segment into the same
 * `entity_states` table, one transaction per batch. Every batch is a new minute, so every state is a change.
 */
export const trafficBatchBench: Benchmark = {
  name: 'traffic-batch',
  async run(log) {
    const pack = loadCityPack('shanghai');
    const world = new TrafficWorld(pack, 20261124, 1);
    const bodies = Array.from({ length: BATCHES + 1 }, (_, i) =>
      JSON.stringify(world.batch(PEAK + i * 60_000).batch),
    );
    const items = (JSON.parse(bodies[0]!) as TrafficBatch).segments.length;
    log(`${BATCHES} batches of ${items} segments, ${(bodies[0]!.length / 1024).toFixed(0)} kB each`);

    const pipeline: { perS: number; msPerBatch: number }[] = [];
    const baseline: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      collectGarbage();
      pipeline.push(await pipelineRound(pack, bodies));
      collectGarbage();
      baseline.push(await baselineRound(pack, bodies));
      log(
        `round ${round}/${ROUNDS}: pipeline ${fmt(pipeline.at(-1)!.perS)} states/s ` +
          `(${pipeline.at(-1)!.msPerBatch.toFixed(0)} ms/batch), baseline ${fmt(baseline.at(-1)!)} states/s`,
      );
    }
    const p = median(pipeline.map((x) => x.perS));
    const b = median(baseline);
    return [
      { name: 'traffic_batch_throughput', value: p, unit: 'states/s' },
      { name: 'traffic_batch_latency', value: median(pipeline.map((x) => x.msPerBatch)), unit: 'ms/batch' },
      { name: 'traffic_batch_raw_baseline', value: b, unit: 'states/s' },
      { name: 'traffic_batch_ratio', value: p / b, unit: '', digits: 3 },
    ] satisfies Figure[];
  },
};

/** States/s through the intake's split + `IngestPipeline.submitMany`, one batch after another. */
async function pipelineRound(
  pack: CityPack,
  bodies: readonly string[],
): Promise<{ perS: number; msPerBatch: number }> {
  return inTempDir('traffic', async (dir) => {
    const db = await openSqlite(dir);
    const hub = new Hub();
    const pipeline = new IngestPipeline({
      adapters: new Map([['traffic', trafficAdapter]]),
      ctx: { pack },
      events: new EventsRepo(db.kysely),
      deadLetters: new DeadLettersRepo(db.kysely),
      health: new FeedHealthTracker([{ source: 'traffic', expectedIntervalMs: 60_000 }], 3),
      hub,
      states: new StateWriter(new StatesRepo(db.kysely), hub),
      log: pino({ level: 'silent' }),
    });
    const submit = async (body: string) => {
      const records = splitTrafficBatch(JSON.parse(body))!.map((payload) => ({
        payload,
        raw: JSON.stringify(payload),
      }));
      const results = await pipeline.submitMany('traffic', records);
      return results.filter(([r]) => r?.outcome === 'accepted').length;
    };
    try {
      await submit(bodies[0]!); // the first batch inserts; the measured ones update, as in steady state
      let states = 0;
      const t0 = performance.now();
      for (const body of bodies.slice(1)) states += await submit(body);
      const ms = performance.now() - t0;
      // A fast path that quarantined everything would be measuring the wrong thing.
      if (states < (bodies.length - 1) * 4000) throw new Error(`only ${states} states accepted`);
      return { perS: states / (ms / 1000), msPerBatch: ms / (bodies.length - 1) };
    } finally {
      await pipeline.close();
      await db.close();
    }
  });
}

/** States/s for JSON.parse + a prepared upsert per segment into the same table, one transaction per batch. */
async function baselineRound(pack: CityPack, bodies: readonly string[]): Promise<number> {
  return inTempDir('traffic-baseline', async (dir) => {
    const migrated = await openSqlite(dir);
    await migrated.close();
    const sqlite = new SQLite(join(dir, 'city-brain.sqlite'));
    try {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      const upsert = sqlite.prepare(
        `insert into entity_states (topic, id, seq, updated_at, data) values ('traffic', ?, ?, ?, ?)
         on conflict (topic, id) do update set seq = excluded.seq, updated_at = excluded.updated_at, data = excluded.data`,
      );
      let seq = 0;
      const write = (body: string) => {
        const batch = JSON.parse(body) as {
          batchTime: string;
          segments: { roadId: string; speed: number; freeFlowSpeed: number }[];
        };
        const at = batch.batchTime;
        sqlite.transaction(() => {
          for (const s of batch.segments) {
            const ratio = s.speed / s.freeFlowSpeed;
            upsert.run(
              s.roadId,
              ++seq,
              at,
              JSON.stringify({
                id: s.roadId,
                speedKmh: s.speed,
                freeFlowKmh: s.freeFlowSpeed,
                ratio,
                updatedAt: at,
              }),
            );
          }
        })();
        return batch.segments.length;
      };
      write(bodies[0]!);
      let states = 0;
      const t0 = performance.now();
      for (const body of bodies.slice(1)) states += write(body);
      const seconds = (performance.now() - t0) / 1000;
      const stored = (sqlite.prepare(`select count(*) as n from entity_states`).get() as { n: number }).n;
      if (stored < pack.roads.length - 10) throw new Error(`baseline stored ${stored} states`);
      return states / seconds;
    } finally {
      sqlite.close();
    }
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
