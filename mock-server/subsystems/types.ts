import type { Logger } from 'pino';
import type { SourceId } from '../../src/contract/source';
import type { CityPack } from '../city-packs/load';
import type { Config } from '../config';
import type { Adapter } from '../pipeline/adapter';
import type { FeedHealthTracker } from '../pipeline/feed-health';
import type { IngestPipeline } from '../pipeline/ingest';
import type { StateWriter } from '../pipeline/state-writer';

/** Something started with the server and stopped, awaited, at shutdown. */
export interface Runnable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface SubsystemContext {
  pack: CityPack;
  config: Config;
  log: Logger;
  pipeline: IngestPipeline;
  health: FeedHealthTracker;
  /** Stores entity states (cameras, sensors …) and publishes them live. */
  states: StateWriter;
  /** Where this server listens, for simulators that push over HTTP like the real system would. */
  baseUrl: () => string;
}

/**
 * One city subsystem: its adapter, how its records reach us, and (for the demo) its simulator.
 * Adding a subsystem is a folder exporting one of these plus one line in `subsystems/index.ts`.
 */
export interface Subsystem {
  source: SourceId;
  adapter: Adapter;
  /** `webhook`: the system POSTs each record to `/api/intake/<source>`. */
  intake: { kind: 'webhook'; contentTypes: readonly string[] } | { kind: 'connector' };
  createConnector?(ctx: SubsystemContext): Runnable;
  createSimulator?(ctx: SubsystemContext): Runnable;
}
