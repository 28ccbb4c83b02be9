import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { loadCityPack, type CityPack } from '../mock-server/city-packs/load';
import { FeedHealthTracker } from '../mock-server/pipeline/feed-health';
import { StateWriter } from '../mock-server/pipeline/state-writer';
import { StatesRepo } from '../mock-server/store/states-repo';
import { Hub } from '../mock-server/pipeline/hub';
import { IngestPipeline, type IngestRecord } from '../mock-server/pipeline/ingest';
import { openSqlite } from '../mock-server/store/db';
import { DeadLettersRepo } from '../mock-server/store/dead-letters-repo';
import { EventsRepo } from '../mock-server/store/events-repo';
import { hotlineAdapter } from '../mock-server/subsystems/hotline/adapter';
import type { HotlineWorkOrder } from '../mock-server/subsystems/hotline/native';
import { HotlineGenerator } from '../mock-server/subsystems/hotline/simulator';
import type { Benchmark, Figure } from './figure';
import { collectGarbage, envInt, inTempDir, median } from './measure';

const RECORDS = envInt('BENCH_INGEST_RECORDS', 20_000);
const WARMUP_RECORDS = Math.min(2_000, RECORDS);
const ROUNDS = envInt('BENCH_ROUNDS', 3);

/**
 * Hotline ingest through the real pipeline (decode → validate → normalize → store, one micro-batch) against
 * the least a store could do with the same records (JSON.parse + one prepared INSERT each, one transaction).
 * The ratio is the price of the pipeline; both run on the same records, the same machine, the same minute.
 */
export const ingestBench: Benchmark = {
  name: 'ingest',
  async run(log) {
    const pack = loadCityPack('shanghai');
    const raws = workOrders(pack, RECORDS);
    log(
      `${RECORDS} work orders, ${(raws.reduce((n, r) => n + r.length, 0) / RECORDS).toFixed(0)} chars each on average`,
    );

    log('warm-up');
    await pipelineRound(pack, raws.slice(0, WARMUP_RECORDS));
    await baselineRound(raws.slice(0, WARMUP_RECORDS));

    const pipeline: number[] = [];
    const baseline: number[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Interleaved, so a slow spell on the shared machine hits both series rather than one.
      collectGarbage();
      pipeline.push(await pipelineRound(pack, raws));
      collectGarbage();
      baseline.push(await baselineRound(raws));
      log(
        `round ${round}/${ROUNDS}: pipeline ${fmt(pipeline.at(-1)!)}/s, baseline ${fmt(baseline.at(-1)!)}/s`,
      );
    }
    const p = median(pipeline);
    const b = median(baseline);
    return [
      { name: 'hotline_ingest_throughput', value: p, unit: 'records/s' },
      { name: 'hotline_ingest_raw_baseline', value: b, unit: 'records/s' },
      { name: 'hotline_ingest_ratio', value: p / b, unit: '', digits: 3 },
    ] satisfies Figure[];
  },
};

/** The simulator's work orders as the webhook receives them: JSON text. */
function workOrders(pack: CityPack, n: number): string[] {
  const start = Date.parse('2026-11-24T02:00:00Z');
  const gen = new HotlineGenerator(pack, 20261124, start);
  return Array.from({ length: n }, (_, i) => JSON.stringify(gen.order(start + i * 1000)));
}

/** Records/s through `IngestPipeline.submit`, all submitted in one tick so they share one micro-batch. */
async function pipelineRound(pack: CityPack, raws: readonly string[]): Promise<number> {
  return inTempDir('pipeline', async (dir) => {
    const db = await openSqlite(dir);
    const hub = new Hub();
    const pipeline = new IngestPipeline({
      adapters: new Map([['hotline', hotlineAdapter]]),
      ctx: { pack },
      events: new EventsRepo(db.kysely),
      deadLetters: new DeadLettersRepo(db.kysely),
      health: new FeedHealthTracker([{ source: 'hotline', expectedIntervalMs: 8_000 }], 3),
      hub,
      states: new StateWriter(new StatesRepo(db.kysely), hub),
      log: pino({ level: 'silent' }),
    });
    try {
      const t0 = performance.now();
      // The decode step is the webhook's: JSON.parse of the body text, kept with the raw text.
      const results = await Promise.all(
        raws.map((raw) =>
          pipeline.submit('hotline', { payload: JSON.parse(raw), raw } satisfies IngestRecord),
        ),
      );
      const seconds = (performance.now() - t0) / 1000;
      const accepted = results.filter(([r]) => r?.outcome === 'accepted').length;
      // A fast pipeline that quarantined everything would be measuring the wrong thing.
      if (accepted !== raws.length)
        throw new Error(`pipeline accepted ${accepted} of ${raws.length} records`);
      return raws.length / seconds;
    } finally {
      await pipeline.close();
      await db.close();
    }
  });
}

/** Records/s for JSON.parse + a prepared INSERT per record into the same `events` table, one transaction. */
async function baselineRound(raws: readonly string[]): Promise<number> {
  return inTempDir('baseline', async (dir) => {
    // Same schema, indexes and pragmas as the real store: only the work per record differs.
    const migrated = await openSqlite(dir);
    await migrated.close();
    const sqlite = new SQLite(join(dir, 'city-brain.sqlite'));
    try {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      const insert = sqlite.prepare(
        `insert into events (id, source, native_id, category, severity, status, lon, lat, district, street, grid,
           title, description, address, reported_at, updated_at, source_updated_at, sla_due_at, assignee, version, seq, extra)
         values (@id, 'hotline', @nativeId, @category, @severity, 'reported', @lon, @lat, null, null, null,
           @title, @description, @address, @time, @time, @time, null, null, 1, @seq, @extra)`,
      );
      const t0 = performance.now();
      sqlite.transaction(() => {
        raws.forEach((raw, i) => {
          const o = JSON.parse(raw) as HotlineWorkOrder;
          insert.run({
            id: `hotline:${o.工单编号}`,
            nativeId: o.工单编号,
            category: o.诉求分类,
            severity: o.紧急程度,
            lon: Number(o.经度),
            lat: Number(o.纬度),
            title: o.诉求类型,
            description: o.诉求内容,
            address: o.地址,
            time: o.受理时间,
            seq: i + 1,
            extra: JSON.stringify({
              reporter: { name: o.来电人 ?? null, phone: o.联系电话 ?? null },
              channel: o.来电渠道,
            }),
          });
        });
      })();
      const seconds = (performance.now() - t0) / 1000;
      const stored = (sqlite.prepare('select count(*) as n from events').get() as { n: number }).n;
      if (stored !== raws.length) throw new Error(`baseline stored ${stored} of ${raws.length} records`);
      return raws.length / seconds;
    } finally {
      sqlite.close();
    }
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
