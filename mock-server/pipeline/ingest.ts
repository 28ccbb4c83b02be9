import { EventDraft, type Event } from '../../src/contract/event';
import { CodedError, type ErrorCode } from '../../src/contract/errors';
import type { IntakeResponse } from '../../src/contract/rest';
import type { SourceId } from '../../src/contract/source';
import { toUtcInstant } from '../../src/contract/time';
import type { Logger } from 'pino';
import type { DeadLettersRepo } from '../store/dead-letters-repo';
import type { EventsRepo } from '../store/events-repo';
import type { Adapter, AdapterContext } from './adapter';
import type { FeedHealthTracker } from './feed-health';
import type { Hub } from './hub';
import type { StateWriter } from './state-writer';
import { TOPIC_ITEM } from '../../src/contract/live';
import type { StateTopic } from '../store/states-repo';
import type { Correlator } from './correlate';

export interface IngestRecord {
  /** The decoded native record (or whatever could be decoded). */
  payload: unknown;
  /** The record as received, kept verbatim in the dead-letter store when rejected. */
  raw: string;
  /** Set when the transport could not decode the bytes (bad JSON, bad XML): quarantined as INTAKE_DECODE. */
  decodeError?: string;
  /**
   * Set when the transport refused the record before decoding (wrong content type, body over the limit):
   * it is quarantined under this code, so every refusal is counted and listed like any other bad record.
   */
  refusal?: { code: ErrorCode; message: string };
}

export interface IngestResult extends IntakeResponse {
  /** Set when quarantined. */
  reason?: { code: ErrorCode; message: string; details?: { path: string; message: string }[] };
}

interface Pending {
  source: SourceId;
  record: IngestRecord;
  /** A dead letter submitted again: not a new arrival (not counted on the feed), and not dead-lettered twice. */
  replay?: boolean;
  resolve: (r: IngestResult[]) => void;
  reject: (e: unknown) => void;
}

const MAX_RAW_STORED = 64 * 1024;

/**
 * decode → validate → normalize → store → hub. Records arriving in the same tick are written in one
 * transaction (so the webhook's per-request acks still come after a durable commit, at batch throughput).
 * A bad record is quarantined with its reason and raw payload; it never takes its neighbours down.
 */
export class IngestPipeline {
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private inflight: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      adapters: ReadonlyMap<SourceId, Adapter>;
      ctx: AdapterContext;
      events: EventsRepo;
      deadLetters: DeadLettersRepo;
      health: FeedHealthTracker;
      hub: Hub;
      states: StateWriter;
      log: Logger;
      /** Links new reports of one incident across sources (relatedIds), in the batch's transaction. */
      correlator?: Correlator;
    },
  ) {}

  /**
   * One record; resolves once it is stored or quarantined. `replay`: a dead letter submitted again after a fix —
   * the feed's counts stay those of what the source sent, and a record quarantined again is not stored twice
   * (its reason is in the result, for the letter's replay outcome).
   */
  async submit(
    source: SourceId,
    record: IngestRecord,
    opts: { replay?: boolean } = {},
  ): Promise<IngestResult[]> {
    if (this.closed) throw new CodedError('SHUTTING_DOWN', 'the server is shutting down');
    return new Promise((resolve, reject) => {
      this.queue.push({ source, record, resolve, reject, ...(opts.replay ? { replay: true } : {}) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Many records from one source (a poll page, a batch file) in one transaction. */
  async submitMany(source: SourceId, records: readonly IngestRecord[]): Promise<IngestResult[][]> {
    return Promise.all(records.map((r) => this.submit(source, r)));
  }

  /** Stops accepting and waits until every accepted record is stored. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.scheduled) await this.flush();
    await this.inflight;
  }

  private flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return this.inflight;
    // Batches commit one after another, so sequence numbers reach the hub in order.
    this.inflight = this.inflight.then(() => this.process(batch));
    return this.inflight;
  }

  private storeStates(states: Parameters<typeof storeStatesOf>[1]): Promise<void> {
    return storeStatesOf(this.deps.states, states);
  }

  private async process(batch: Pending[]): Promise<void> {
    const now = toUtcInstant(Date.now());
    const drafts: EventDraft[] = [];
    const states: { topic: StateTopic; item: { id: string }; result: IngestResult }[] = [];
    // `sourceTime`: the record's own time (a draft's source update, a state's updatedAt), for the feed's lag.
    const plan: { pending: Pending; results: (IngestResult | number)[]; sourceTime?: string }[] = [];
    const quarantine: { source: SourceId; code: ErrorCode; message: string; raw: string }[] = [];
    for (const pending of batch) {
      const results: (IngestResult | number)[] = [];
      let stateTime: string | undefined;
      const rejected = (code: ErrorCode, message: string, details?: { path: string; message: string }[]) => {
        if (!pending.replay)
          quarantine.push({
            source: pending.source,
            code,
            message,
            raw: pending.record.raw.slice(0, MAX_RAW_STORED),
          });
        results.push({
          outcome: 'quarantined',
          id: null,
          reason: details ? { code, message, details } : { code, message },
        });
      };
      const adapter = this.deps.adapters.get(pending.source);
      if (pending.record.refusal !== undefined) {
        rejected(pending.record.refusal.code, pending.record.refusal.message);
      } else if (pending.record.decodeError !== undefined) {
        rejected('INTAKE_DECODE', pending.record.decodeError);
      } else if (!adapter) {
        rejected('UNKNOWN_CODE', `no adapter for source ${pending.source}`);
      } else {
        const adapted = safeAdapt(adapter, pending.record.payload, this.deps.ctx);
        if (!adapted.ok) rejected(adapted.code, adapted.message, adapted.details);
        else {
          for (const d of adapted.drafts) {
            // The adapter's output is validated against the contract too: an adapter bug quarantines, not corrupts.
            const checked = EventDraft.safeParse(d);
            if (!checked.success) {
              rejected(
                'INTAKE_SCHEMA',
                'normalized record violates the event contract',
                checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
              );
            } else {
              results.push(drafts.length);
              drafts.push(checked.data);
            }
          }
          for (const u of adapted.states ?? []) {
            const checked = TOPIC_ITEM[u.topic].safeParse(u.item);
            if (!checked.success) {
              rejected(
                'INTAKE_SCHEMA',
                `normalized ${u.topic} state violates the contract`,
                checked.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
              );
            } else {
              const result: IngestResult = { outcome: 'duplicate', id: `${u.topic}:${u.item.id}` };
              results.push(result);
              states.push({ topic: u.topic, item: checked.data as { id: string }, result });
              stateTime = (checked.data as { updatedAt?: string }).updatedAt ?? stateTime;
            }
          }
        }
      }
      plan.push({ pending, results, ...(stateTime === undefined ? {} : { sourceTime: stateTime }) });
    }

    const linked: string[] = [];
    try {
      await this.deps.deadLetters.add(quarantine.map((q) => ({ ...q, receivedAt: now })));
      const { correlator } = this.deps;
      const linking = correlator
        ? {
            link: (created: readonly Event[]) => {
              for (const e of created) linked.push(e.id);
              return correlator.link(created);
            },
          }
        : {};
      const applied = await this.deps.events.applyDrafts(drafts, now, linking);
      const published = new Map<
        string,
        { seq: number; item: NonNullable<(typeof applied)[number]['event']> }
      >();
      for (const a of applied)
        if (a.event && a.seq !== undefined) published.set(a.id, { seq: a.seq, item: a.event });
      this.deps.hub.publish({
        topic: 'events',
        items: [...published.values()].sort((x, y) => x.seq - y.seq),
      });
      await this.storeStates(states);
      for (const { pending, results, sourceTime } of plan) {
        const out = results.map((r): IngestResult => {
          if (typeof r !== 'number') return r;
          const a = applied[r]!;
          return { outcome: a.outcome, id: a.id };
        });
        const lastDraft = results.findLast((r): r is number => typeof r === 'number');
        if (!pending.replay)
          this.deps.health.record(
            pending.source,
            recordOutcome(out),
            lastDraft === undefined ? sourceTime : drafts[lastDraft]?.sourceUpdatedAt,
          );
        pending.resolve(out);
      }
    } catch (err) {
      // The batch rolled back: its reports never existed, so the correlation index must not keep them.
      this.deps.correlator?.forget(linked);
      this.deps.log.error({ err }, 'ingest batch failed to store');
      for (const { pending } of plan) {
        this.deps.health.error(pending.source, (err as Error).message);
        pending.reject(err);
      }
    }
  }
}

/** Writes entity states per topic; an item counts as accepted only if it changed the stored state. */
async function storeStatesOf(
  writer: StateWriter,
  states: readonly { topic: StateTopic; item: { id: string }; result: IngestResult }[],
): Promise<void> {
  const byTopic = new Map<StateTopic, (typeof states)[number][]>();
  for (const s of states) {
    // Appended in place: a traffic batch brings thousands of states, and copying per item was quadratic.
    const list = byTopic.get(s.topic);
    if (list) list.push(s);
    else byTopic.set(s.topic, [s]);
  }
  for (const [topic, entries] of byTopic) {
    const changed = await writer.put(topic, entries.map((e) => e.item) as never);
    const ids = new Set(changed.map((c) => (c.item as { id: string }).id));
    for (const e of entries) if (ids.has(e.item.id)) e.result.outcome = 'accepted';
  }
}

function safeAdapt(adapter: Adapter, payload: unknown, ctx: AdapterContext) {
  try {
    return adapter.adapt(payload, ctx);
  } catch (err) {
    // An adapter that throws on hostile input is a bug, but the record is quarantined, not the process.
    return {
      ok: false as const,
      code: 'INTAKE_SCHEMA' as const,
      message: `adapter failed: ${(err as Error).message}`,
    };
  }
}

/** One outcome per received record for the feed's accounting (a record may carry several drafts). */
export function recordOutcome(out: readonly IngestResult[]): IngestResult['outcome'] {
  if (out.some((o) => o.outcome === 'quarantined')) return 'quarantined';
  if (out.some((o) => o.outcome === 'accepted' || o.outcome === 'updated')) return 'accepted';
  if (out.length === 0) return 'accepted';
  return 'duplicate';
}
