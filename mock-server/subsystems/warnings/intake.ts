import type { Warning } from '../../../src/contract/entities';
import type { ErrorCode } from '../../../src/contract/errors';
import type { IngestRecord } from '../../pipeline/ingest';
import type { StateWriter } from '../../pipeline/state-writer';
import type { CapRecord } from './adapter';
import { decodeXmlBytes } from './xml-bytes';

/**
 * The CAP webhook's bytes → text by the XML declaration's encoding (ISO-8859-1, GB18030, UTF-16 …). Bytes that
 * do not decode are kept byte for byte (as latin1 text) in the dead letter.
 */
export function decodeCapBody(body: Buffer): IngestRecord {
  const decoded = decodeXmlBytes(body);
  if (!decoded.ok) return { payload: undefined, raw: body.toString('latin1'), decodeError: decoded.message };
  return { payload: decoded.text, raw: decoded.text };
}

/** At most this many references are looked up (an Update names its predecessors; thousands is an attack). */
const MAX_REFERENCES = 50;

/**
 * Looks up the stored warnings a CAP Update or Cancel references, so the adapter can withdraw them with their
 * own content. The adapter re-reads `references` from the validated alert and uses only matching ids, so this
 * quick scan of the raw text only has to find candidates.
 */
export async function withReferencedWarnings(
  record: IngestRecord,
  { states }: { states: Pick<StateWriter, 'get'> },
): Promise<IngestRecord> {
  if (typeof record.payload !== 'string') return record;
  const text = /<(?:[A-Za-z_][\w.-]*:)?references>([^<]{1,20000})<\//.exec(record.payload)?.[1];
  const ids = [
    ...new Set(
      (text?.trim().split(/\s+/) ?? [])
        .map((t) => t.split(','))
        .filter((p) => p.length === 3)
        .map(([sender, identifier]) => `${sender},${identifier}`),
    ),
  ].slice(0, MAX_REFERENCES);
  const referenced: Warning[] = [];
  for (const id of ids) {
    const w = await states.get('warnings', id);
    if (w) referenced.push(w);
  }
  const payload: CapRecord = { xml: record.payload, referenced };
  return { ...record, payload };
}

/**
 * A dead letter's stored text → the record again, for a replay: text that decoded is the document itself; a body
 * that did not decode was kept byte for byte (as latin1 text), so its bytes are decoded again.
 */
export function redecodeCapText(raw: string, code: ErrorCode): IngestRecord {
  if (code === 'INTAKE_DECODE') return decodeCapBody(Buffer.from(raw, 'latin1'));
  return { payload: raw, raw };
}
