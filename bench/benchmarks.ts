import type { Benchmark } from './figure';
import { capIntakeBench } from './cap-intake.bench';
import { correlationBench } from './correlation.bench';
import { ingestBench } from './ingest.bench';
import { mixedIngestBench } from './mixed-ingest.bench';
import { latencyBench } from './latency.bench';
import { wallApplyBench } from './wall-apply.bench';
import { trafficBatchBench } from './traffic-batch.bench';
import { videoBench } from './video.bench';
import { consoleQueueBench } from './console-queue.bench';
import { fanoutBench } from './fanout.bench';

/** Every benchmark `npm run bench` runs, in order. Adding one is a `bench/<name>.bench.ts` file plus one line here. */
export const BENCHMARKS: readonly Benchmark[] = [
  ingestBench,
  trafficBatchBench,
  capIntakeBench,
  wallApplyBench,
  videoBench,
  correlationBench,
  mixedIngestBench,
  latencyBench,
  consoleQueueBench,
  fanoutBench,
];
