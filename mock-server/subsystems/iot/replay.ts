import type { ErrorCode } from '../../../src/contract/errors';
import type { IngestRecord } from '../../pipeline/ingest';
import type { StateWriter } from '../../pipeline/state-writer';
import type { IotRecord } from './adapter';

/**
 * A dead-lettered MQTT message (kept as `{ topic, payload }`, see connector.ts) → the record again, as the connector
 * makes it: the payload's JSON, and then the sensor's stored state (alarm hysteresis reads it).
 */
export function redecodeIotMessage(raw: string, _code: ErrorCode): IngestRecord {
  let kept: unknown;
  try {
    kept = JSON.parse(raw);
  } catch (err) {
    return { payload: undefined, raw, decodeError: `invalid dead letter: ${(err as Error).message}` };
  }
  const { topic, payload } = (kept ?? {}) as { topic?: unknown; payload?: unknown };
  if (typeof topic !== 'string' || typeof payload !== 'string')
    return { payload: undefined, raw, decodeError: 'dead letter is not an MQTT message { topic, payload }' };
  try {
    const message = JSON.parse(payload) as unknown;
    return { payload: { topic, message, previous: null } satisfies IotRecord, raw };
  } catch (err) {
    return { payload: undefined, raw, decodeError: `invalid JSON: ${(err as Error).message}` };
  }
}

/** Adds the sensor's stored state, as the connector does before the adapter runs. */
export async function withStoredSensor(
  record: IngestRecord,
  { states }: { states: Pick<StateWriter, 'get'> },
): Promise<IngestRecord> {
  const r = record.payload as IotRecord | undefined;
  if (record.decodeError !== undefined || !r) return record;
  const deviceId = r.topic.split('/')[2] ?? '';
  const previous = deviceId ? await states.get('sensors', deviceId) : null;
  return { ...record, payload: { ...r, previous } satisfies IotRecord };
}
