import { existsSync, readFileSync } from 'node:fs';
import type { CityPack } from '../../mock-server/city-packs/load';
import type { IngestRecord } from '../../mock-server/pipeline/ingest';
import type { SendLogEntry } from '../../mock-server/simulation/send-log';
import type { StateTopic, StatesRepo } from '../../mock-server/store/states-repo';
import { SUBSYSTEMS } from '../../mock-server/subsystems';
import { CASES_PATH as CM_CASES } from '../../mock-server/subsystems/city-management/native';
import { CASES_PATH as GRID_CASES, WORKERS_PATH } from '../../mock-server/subsystems/grid/native';
import { DEVICES_PATH } from '../../mock-server/subsystems/video/native';
import { eventId } from '../../src/contract/event';
import type { SourceId } from '../../src/contract/source';

/** A stored fact a source's record implies: an event at a source update time, or an entity state at its time. */
export type Expected =
  | { kind: 'event'; source: SourceId; id: string; at: string }
  | { kind: 'state'; source: SourceId; topic: StateTopic; id: string; at: string };

export function readSendLog(file: string): (SendLogEntry & { at: number })[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as SendLogEntry & { at: number });
}

/**
 * What a source's record becomes, found the way the server finds it (the subsystem's own decode, split, prepare
 * and pure adapter), so the test needs no second copy of any dialect. A record the adapter rejects implies
 * nothing here (it is a dead letter).
 */
export class RecordOracle {
  private readonly bySource = new Map(SUBSYSTEMS.map((s) => [s.source, s]));

  constructor(
    private readonly pack: CityPack,
    private readonly states: Pick<StatesRepo, 'get'>,
  ) {}

  private adapt(source: SourceId, payload: unknown): Expected[] {
    const sub = this.bySource.get(source);
    if (!sub) return [];
    let result;
    try {
      result = sub.adapter.adapt(payload, { pack: this.pack });
    } catch {
      return [];
    }
    if (!result.ok) return [];
    return [
      ...result.drafts.map((d) => ({
        kind: 'event' as const,
        source,
        id: eventId(d.source, d.nativeId),
        at: d.sourceUpdatedAt,
      })),
      ...(result.states ?? []).map((u) => ({
        kind: 'state' as const,
        source,
        topic: u.topic,
        id: u.item.id,
        at: u.item.updatedAt,
      })),
    ];
  }

  /** A webhook body POSTed to `/api/intake/<source>`. */
  async push(url: string, body: string): Promise<Expected[]> {
    const source = /\/api\/intake\/([a-z0-9-]+)$/.exec(new URL(url).pathname)?.[1] as SourceId | undefined;
    const sub = source ? this.bySource.get(source) : undefined;
    if (!source || !sub || sub.intake.kind !== 'webhook') return [];
    const bytes = Buffer.from(body, 'utf8');
    let record: IngestRecord;
    if (sub.intake.decode) record = sub.intake.decode(bytes);
    else {
      try {
        record = { payload: JSON.parse(body) as unknown, raw: body };
      } catch {
        return [];
      }
    }
    if (record.decodeError !== undefined) return [];
    const items = sub.intake.split?.(record.payload);
    if (items) return items.flatMap((p) => this.adapt(source, p));
    if (sub.intake.prepare) {
      record = await sub.intake.prepare(record, {
        states: { get: (topic: StateTopic, id: string) => this.states.get(topic, id) } as never,
      });
    }
    return this.adapt(source, record.payload);
  }

  /** A telemetry message the broker acknowledged: the sensor's state (alarm events depend on stored state). */
  mqtt(topic: string, payload: string): Expected[] {
    let message: unknown;
    try {
      message = JSON.parse(payload);
    } catch {
      return [];
    }
    return this.adapt('iot', { topic, message, previous: null }).filter((e) => e.kind === 'state');
  }

  /** A page a polled vendor API served; its items are what the connector submits one by one. */
  served(source: string, path: string, body: string): Expected[] {
    const route = path.split('?')[0];
    const page = JSON.parse(body) as Record<string, unknown>;
    const data = page['data'] as Record<string, unknown> | undefined;
    let items: unknown[] = [];
    if (source === 'city-management' && route === CM_CASES) items = (data?.['items'] as unknown[]) ?? [];
    else if (source === 'grid' && route === GRID_CASES) items = (page['cases'] as unknown[]) ?? [];
    else if (source === 'grid' && route === WORKERS_PATH) items = (page['workers'] as unknown[]) ?? [];
    else if (source === 'video' && route === DEVICES_PATH) items = (data?.['list'] as unknown[]) ?? [];
    return items.flatMap((i) => this.adapt(source as SourceId, i));
  }
}
