import type { EventDraft } from '../../src/contract/event';
import type { ErrorCode } from '../../src/contract/errors';
import type { SourceId } from '../../src/contract/source';
import type { TopicItem } from '../../src/contract/live';
import type { CityPack } from '../city-packs/load';
import type { StateTopic } from '../store/states-repo';

export interface Rejection {
  ok: false;
  code: ErrorCode;
  message: string;
  details?: { path: string; message: string }[];
}

/** A new state of a non-event entity (a camera, sensor, road segment, worker or warning). */
export type StateUpdate = { [T in StateTopic]: { topic: T; item: TopicItem[T] } }[StateTopic];

/** A native record becomes events (drafts), entity states, or both; or it is rejected with a reason. */
export type AdaptResult = { ok: true; drafts: EventDraft[]; states?: StateUpdate[] } | Rejection;

export interface AdapterContext {
  pack: CityPack;
}

/** Native record → contract drafts. Pure: no I/O, no clock, so fixtures and fuzzing test it completely. */
export interface Adapter {
  source: SourceId;
  adapt(raw: unknown, ctx: AdapterContext): AdaptResult;
}

export function reject(code: ErrorCode, message: string, details?: Rejection['details']): Rejection {
  return details ? { ok: false, code, message, details } : { ok: false, code, message };
}
