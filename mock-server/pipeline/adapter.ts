import type { EventDraft } from '../../src/contract/event';
import type { ErrorCode } from '../../src/contract/errors';
import type { SourceId } from '../../src/contract/source';
import type { CityPack } from '../city-packs/load';

export interface Rejection {
  ok: false;
  code: ErrorCode;
  message: string;
  details?: { path: string; message: string }[];
}

export type AdaptResult = { ok: true; drafts: EventDraft[] } | Rejection;

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
