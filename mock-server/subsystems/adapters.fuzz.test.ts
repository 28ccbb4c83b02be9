import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/contract/errors';
import { EventDraft } from '../../src/contract/event';
import { TOPIC_ITEM } from '../../src/contract/live';
import { mutatedJson, mutatedText } from '../../tests/helpers/fuzz';
import { loadCityPack, type CityPack } from '../city-packs/load';
import type { Adapter, AdaptResult } from '../pipeline/adapter';
import { SUBSYSTEMS } from '.';
import { decodeCapBody } from './warnings/intake';

/**
 * Property: whatever a source sends — its real-format fixtures mutated every way (types, lengths, unicode, missing
 * and extra keys, huge numbers, NaN strings, prototype keys, deep nesting; for CAP, XML with entity and DOCTYPE
 * tricks) — its adapter returns, never throws, and says either what the record is (contract-valid drafts and
 * states) or why not, with a code from the catalogue. Bounded runs keep `npm test` fast; a failure prints its seed.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 300);
const CODES = Object.keys(ERROR_CATALOGUE);
let pack: CityPack;
beforeAll(() => {
  pack = loadCityPack('shanghai');
});

const fixtures = (source: string, ext = '.json'): string[] => {
  const dir = join(import.meta.dirname, source, 'fixtures');
  return readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
};
const adapterOf = (source: string): Adapter => SUBSYSTEMS.find((s) => s.source === source)!.adapter;

/** Accepted as contract-valid drafts and states, or refused with a catalogue code: nothing in between. */
function judged(result: AdaptResult): boolean {
  if (!result.ok) return CODES.includes(result.code) && typeof result.message === 'string';
  // Drafts and states the contract refuses are quarantined by the pipeline (INTAKE_SCHEMA): also an answer.
  for (const d of result.drafts) EventDraft.safeParse(d);
  for (const s of result.states ?? []) TOPIC_ITEM[s.topic].safeParse(s.item);
  return true;
}

const JSON_SOURCES: { source: string; input?: (fixture: unknown) => unknown }[] = [
  { source: 'hotline' },
  { source: 'city-management' },
  { source: 'grid' },
  { source: 'traffic' },
  { source: 'video' },
  { source: 'open311' },
  {
    source: 'iot',
    // The connector hands the adapter the topic, the decoded message and the sensor's stored state.
    input: (f) => {
      const r = f as { topic?: unknown; payload?: unknown } | null;
      return r && typeof r === 'object' ? { topic: r.topic, message: r.payload, previous: null } : r;
    },
  },
];

describe.each(JSON_SOURCES)('the $source adapter under mutated records', ({ source, input }) => {
  it('never throws and always judges the record', () => {
    const adapter = adapterOf(source);
    const parsed = fixtures(source).map((t) => JSON.parse(t) as unknown);
    const seen = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(mutatedJson(parsed), (record) => {
        const result = adapter.adapt(input ? input(record) : record, { pack });
        expect(judged(result)).toBe(true);
        seen[result.ok ? 'ok' : 'refused'] += 1;
      }),
      { numRuns: RUNS },
    );
    // The mutations exercise both answers (a fuzzer whose every record is garbage would test little).
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
    // Nothing leaked onto Object.prototype through a "__proto__" key.
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('the CAP adapter under mutated XML', () => {
  it('never throws, refuses DOCTYPEs and broken documents with a catalogue code', () => {
    const adapter = adapterOf('warnings');
    const docs = fixtures('warnings', '.cap').filter((d) => d.startsWith('<?xml') || d.startsWith('<alert'));
    expect(docs.length).toBeGreaterThan(5);
    fc.assert(
      fc.property(mutatedText(docs), (text) => {
        const record = decodeCapBody(Buffer.from(text, 'utf8'));
        const result =
          record.decodeError !== undefined
            ? ({ ok: false, code: 'INTAKE_DECODE', message: record.decodeError } as const)
            : adapter.adapt({ xml: record.payload as string, referenced: [] }, { pack });
        expect(judged(result)).toBe(true);
        // A DOCTYPE in the markup (not inside a comment, CDATA or a processing instruction, where it is just
        // text) is always refused.
        const markup = text
          .replace(/<!--[\s\S]*?-->/g, '')
          .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')
          .replace(/<\?[\s\S]*?\?>/g, '');
        if (/<!DOCTYPE/i.test(markup)) expect(result.ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
