import { pino } from 'pino';
import type { Event } from '../src/contract/event';
import type { SourceId } from '../src/contract/source';
import { loadCityPack } from '../mock-server/city-packs/load';
import type { Adapter } from '../mock-server/pipeline/adapter';
import { Correlator, followEvents } from '../mock-server/pipeline/correlate';
import { FeedHealthTracker } from '../mock-server/pipeline/feed-health';
import { Hub } from '../mock-server/pipeline/hub';
import { IngestPipeline } from '../mock-server/pipeline/ingest';
import { StateWriter } from '../mock-server/pipeline/state-writer';
import { metresBetween } from '../mock-server/simulation/incidents';
import { openSqlite } from '../mock-server/store/db';
import { DeadLettersRepo } from '../mock-server/store/dead-letters-repo';
import { EventsRepo } from '../mock-server/store/events-repo';
import { StatesRepo } from '../mock-server/store/states-repo';
import { SUBSYSTEMS } from '../mock-server/subsystems';
import type { Figure, Benchmark } from './figure';
import { envInt, inTempDir } from './measure';
import { SimulatedCity } from './sim-harness';

const HOURS = envInt('BENCH_CORRELATION_HOURS', 6);
const SEED = envInt('BENCH_SEED', 20261124);
/** 08:00 in Shanghai: a working morning and midday, grid workers on duty. */
const START = Date.parse('2026-11-24T00:00:00Z');
const STEP_MS = 10_000;
/** The floor: any two reports of the same category within this distance, whenever they came. */
const FLOOR_RADIUS_M = 400;

/**
 * Correlation against the simulators' ground truth: a seeded run of several simulated hours, every subsystem's
 * generator driven by a virtual clock through the real adapters, the real pipeline (with its correlate step) and a
 * real store. Pairwise precision and recall over report pairs: a pair is predicted when the reports are linked
 * (relatedIds), true when the simulators made both about one incident. The floor is the naive rule (same category,
 * within 400 m) scored on the same reports.
 */
export const correlationBench: Benchmark = {
  name: 'correlation',
  async run(log) {
    const pack = loadCityPack('shanghai');
    return inTempDir('correlation', async (dir) => {
      const db = await openSqlite(dir);
      const hub = new Hub();
      const events = new EventsRepo(db.kysely);
      const correlator = new Correlator(
        pack.codeTables.correlation,
        { lon: pack.manifest.center[0], lat: pack.manifest.center[1] },
        () => clock,
      );
      followEvents(correlator, hub);
      const sources = SUBSYSTEMS.map((s) => s.source);
      const pipeline = new IngestPipeline({
        adapters: new Map<SourceId, Adapter>(SUBSYSTEMS.map((s) => [s.source, s.adapter])),
        ctx: { pack },
        events,
        deadLetters: new DeadLettersRepo(db.kysely),
        health: new FeedHealthTracker(
          sources.map((source) => ({ source, expectedIntervalMs: 60_000 })),
          3,
        ),
        hub,
        states: new StateWriter(new StatesRepo(db.kysely), hub),
        log: pino({ level: 'silent' }),
        correlator,
      });
      let clock = START;
      const city = new SimulatedCity(pack, SEED, START, { trafficSegments: false, workerPositions: false });
      let linkMs = 0;
      let submitted = 0;
      const t0 = performance.now();
      for (clock = START + STEP_MS; clock <= START + HOURS * 3_600_000; clock += STEP_MS) {
        const delivered = city.advance(clock);
        submitted += delivered.length;
        const l0 = performance.now();
        await Promise.all(delivered.map((d) => pipeline.submit(d.source, d.record)));
        linkMs += performance.now() - l0;
      }
      await pipeline.close();
      log(
        `${submitted} records over ${HOURS} simulated hours in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );

      const stored = (await events.snapshot()).items;
      await db.close();
      const truth = city.incidents.truth;
      const incidentOf = (e: Event) => truth.get(e.id) ?? e.id;
      const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

      const predicted = new Set<string>();
      for (const e of stored) for (const r of e.relatedIds) predicted.add(key(e.id, r));
      const byIncident = new Map<string, string[]>();
      for (const e of stored) {
        const list = byIncident.get(incidentOf(e));
        if (list) list.push(e.id);
        else byIncident.set(incidentOf(e), [e.id]);
      }
      const truePairs = new Set<string>();
      for (const ids of byIncident.values())
        for (let i = 0; i < ids.length; i++)
          for (let j = i + 1; j < ids.length; j++) truePairs.add(key(ids[i]!, ids[j]!));
      const score = (pairs: Set<string>) => {
        let tp = 0;
        for (const p of pairs) if (truePairs.has(p)) tp++;
        return {
          precision: pairs.size === 0 ? 0 : tp / pairs.size,
          recall: truePairs.size === 0 ? 0 : tp / truePairs.size,
        };
      };
      const floorPairs = new Set<string>();
      for (let i = 0; i < stored.length; i++) {
        for (let j = i + 1; j < stored.length; j++) {
          const a = stored[i]!;
          const b = stored[j]!;
          if (a.category === b.category && metresBetween(a.location, b.location) <= FLOOR_RADIUS_M)
            floorPairs.add(key(a.id, b.id));
        }
      }
      if (process.env['BENCH_CORRELATION_DEBUG']) {
        const byId = new Map(stored.map((e) => [e.id, e]));
        const kinds = new Map<string, number>();
        for (const p of predicted) {
          if (truePairs.has(p)) continue;
          const [a, b] = p.split('|').map((id) => byId.get(id)!);
          const tag = [
            `${a!.source}/${a!.category}/${truth.has(a!.id) ? 'T' : 'bg'}`,
            `${b!.source}/${b!.category}/${truth.has(b!.id) ? 'T' : 'bg'}`,
          ]
            .sort()
            .join(' + ');
          kinds.set(tag, (kinds.get(tag) ?? 0) + 1);
          if (process.env['BENCH_CORRELATION_DEBUG'] === '2')
            log(
              `FP ${tag} ${Math.round(metresBetween(a!.location, b!.location))}m ${Math.round(Math.abs(Date.parse(a!.reportedAt) - Date.parse(b!.reportedAt)) / 60_000)}min | ${a!.address} | ${b!.address}`,
            );
        }
        log(`false links: ${JSON.stringify([...kinds].sort((x, y) => y[1] - x[1]).slice(0, 15))}`);
        const missed = new Map<string, number>();
        for (const p of truePairs) {
          if (predicted.has(p)) continue;
          const [a, b] = p.split('|').map((id) => byId.get(id)!);
          const d = Math.round(metresBetween(a!.location, b!.location));
          const dt = Math.round(Math.abs(Date.parse(a!.reportedAt) - Date.parse(b!.reportedAt)) / 60_000);
          const tag = [`${a!.source}/${a!.category}`, `${b!.source}/${b!.category}`].sort().join(' + ');
          missed.set(`${tag} ${d}m ${dt}min`, 1);
        }
        log(`missed: ${JSON.stringify([...missed.keys()].slice(0, 30))}`);
      }
      const ours = score(predicted);
      const floor = score(floorPairs);
      const incidents = new Set(truth.values());
      const reportedIncidents = [...byIncident.entries()].filter(
        ([k, v]) => incidents.has(k) && v.length > 0,
      );
      log(
        `${stored.length} events; ${reportedIncidents.length} ground-truth incidents reported by ${[...truth.keys()].filter((k) => stored.some((e) => e.id === k)).length} events; ` +
          `${truePairs.size} true pairs, ${predicted.size} linked, floor ${floorPairs.size}`,
      );
      return [
        { name: 'correlation_precision', value: ours.precision, unit: '', digits: 3 },
        { name: 'correlation_recall', value: ours.recall, unit: '', digits: 3 },
        { name: 'correlation_floor_precision', value: floor.precision, unit: '', digits: 3 },
        { name: 'correlation_floor_recall', value: floor.recall, unit: '', digits: 3 },
        { name: 'correlation_true_pairs', value: truePairs.size, unit: 'pairs' },
        { name: 'correlation_events', value: stored.length, unit: 'events' },
        {
          name: 'correlation_ingest_time_per_record',
          value: (linkMs * 1000) / submitted,
          unit: 'µs',
          digits: 1,
        },
      ] satisfies Figure[];
    });
  },
};
