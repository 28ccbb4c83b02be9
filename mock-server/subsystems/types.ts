import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { ErrorCode } from '../../src/contract/errors';
import type { SourceId } from '../../src/contract/source';
import type { CityPack } from '../city-packs/load';
import type { Config } from '../config';
import type { Adapter } from '../pipeline/adapter';
import type { FeedHealthTracker } from '../pipeline/feed-health';
import type { IngestPipeline, IngestRecord } from '../pipeline/ingest';
import type { StateWriter } from '../pipeline/state-writer';
import type { CursorsRepo } from '../store/cursors-repo';

/** Something started with the server and stopped, awaited, at shutdown. */
export interface Runnable {
  start(): Promise<void>;
  stop(): Promise<void>;
  /**
   * Runs on every node of a cluster (an intake sharing its load, like the MQTT shared subscription). Unset: once in
   * the cluster, on the node holding the leader lease (pollers, simulators, sweeps), which may start and stop it
   * again as leadership moves.
   */
  everyNode?: boolean;
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
  /**
   * Headers a simulator sends with each push to its `/api/intake/<source>` (the source's API key, as the
   * real subsystem is configured with), e.g. `postWithRetry(url, body, type, log, signal, ctx.intakeHeaders('video'))`.
   */
  intakeHeaders: (source: SourceId) => Record<string, string>;
  /** Durable positions of polling connectors in their sources (e.g. an `updatedSince`). */
  cursors: Pick<CursorsRepo, 'get' | 'set'>;
}

/** What a subsystem's own read-only REST routes (under /api) may use. */
export interface SubsystemRoutesContext {
  pack: CityPack;
  states: Pick<StateWriter, 'all'>;
}

/** How a webhook subsystem's POSTed bytes become a record for the pipeline. */
export interface WebhookIntake {
  kind: 'webhook';
  contentTypes: readonly string[];
  /**
   * The request body as bytes → the record. Default: UTF-8 JSON. XML declares its own encoding, so an XML
   * source decodes the bytes itself. Must not throw: undecodable bytes are a record with `decodeError`.
   */
  decode?(body: Buffer): IngestRecord;
  /**
   * Adds stored state the adapter needs to stay pure (e.g. the earlier alerts a CAP Update references),
   * after decoding and before the record enters the pipeline.
   */
  prepare?(record: IngestRecord, ctx: { states: Pick<StateWriter, 'get'> }): Promise<IngestRecord>;
  /** Body limit of this source's intake, bytes, when it differs from INTAKE_BODY_LIMIT (e.g. minute batches). */
  bodyLimit?: number;
  /**
   * For batch pushes: the decoded body → its records, each adapted, stored, counted and quarantined on its own
   * (one bad segment never takes a batch of good ones down). Null when the body is no batch at all: it then
   * goes to the adapter as one record, which quarantines it with the reason.
   */
  split?(payload: unknown): unknown[] | null;
}

/**
 * One city subsystem: its adapter, how its records reach us, and (for the demo) its simulator.
 * Adding a subsystem is a folder exporting one of these plus one line in `subsystems/index.ts`.
 */
export interface Subsystem {
  source: SourceId;
  adapter: Adapter;
  /** `webhook`: the system POSTs each record to `/api/intake/<source>`. */
  intake: WebhookIntake | { kind: 'connector' };
  /**
   * How a dead letter's stored raw text becomes a record again when an operator replays it after a fix (e.g. of a
   * code table). Default: a webhook's own `decode` of the text as UTF-8 bytes, then its `prepare`; a connector's
   * records as JSON. A connector whose adapter needs stored state (as its connector passes it) says how here.
   */
  replay?: {
    decode?(raw: string, code: ErrorCode): IngestRecord;
    prepare?(record: IngestRecord, ctx: { states: Pick<StateWriter, 'get'> }): Promise<IngestRecord>;
  };
  createConnector?(ctx: SubsystemContext): Runnable;
  createSimulator?(ctx: SubsystemContext): Runnable;
  /** Read-only REST the subsystem serves under /api (e.g. a derived index); a Fastify plugin. */
  routes?(ctx: SubsystemRoutesContext): FastifyPluginAsync;
}
