import fc from 'fast-check';

/**
 * fast-check arbitraries for hostile native records: start from a real-format fixture and mutate it the ways
 * vendors and attackers do — wrong types, huge or NaN-ish numbers, empty and enormous strings, unicode edge cases,
 * missing and extra keys, prototype keys, deeply nested JSON — then send it as text, as the transports do.
 */

/** Values a field may turn into. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '0x1F',
    '99999999999999999999999999',
    '',
    ' ',
    '\u0000',
    '\uD800',
    '\uFFFE',
    '🌊积水\u202Eevil',
    '<script>alert(1)</script>',
    '2026-02-30 10:00:00',
    '1970-01-01T00:00:00Z',
    '__proto__',
    [],
    {},
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.bigInt().map(String),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.integer({ min: 20, max: 400 }).map(deeplyNested),
  fc.integer({ min: 4_001, max: 20_000 }).map((n) => '长'.repeat(n)),
);

/** Keys a mutation may add: prototype keys among them (they must stay data, never reach a prototype). */
const oddKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', ''),
  fc.string({ maxLength: 12 }),
);

type Op =
  | { kind: 'delete'; at: number }
  | { kind: 'replace'; at: number; value: unknown }
  | { kind: 'add'; at: number; key: string; value: unknown };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: oddValue }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: oddKey, value: oddValue }),
);

/** A fixture mutated 1–4 times, as the JSON text a transport would carry, decoded again. */
export function mutatedJson(fixtures: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...fixtures), fc.array(op, { minLength: 1, maxLength: 4 }), fc.boolean())
    .map(([fixture, ops, wholesale]) => {
      if (wholesale && ops[0]?.kind === 'replace') return roundTrip(ops[0].value);
      let record = JSON.parse(JSON.stringify(fixture)) as unknown;
      for (const o of ops) record = apply(record, o);
      return roundTrip(record);
    });
}

/** Text edits of an XML document: entity and DOCTYPE tricks, markup junk, unicode, cuts and truncation. */
export function mutatedText(fixtures: readonly string[]): fc.Arbitrary<string> {
  const junk = fc.oneof(
    fc.constantFrom(
      '<!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE alert [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
      '&x;',
      '&b;',
      '&#0;',
      '&#xD800;',
      ']]>',
      '<![CDATA[',
      '<!--',
      '<xi:include href="file:///etc/passwd" xmlns:xi="http://www.w3.org/2001/XInclude"/>',
      '<?xml-stylesheet href="http://example.invalid/x.xsl"?>',
      '</alert>',
      '\u0000',
      '\uFFFE',
      '<info><event>',
    ),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: junk }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  );
  return fc
    .tuple(fc.constantFrom(...fixtures), fc.array(edit, { minLength: 1, maxLength: 4 }))
    .map(([text, edits]) => {
      let s = text;
      for (const e of edits) {
        const at = s.length === 0 ? 0 : e.at % s.length;
        if (e.kind === 'insert') s = s.slice(0, at) + e.text + s.slice(at);
        else if (e.kind === 'cut') s = s.slice(0, at) + s.slice(at + e.length);
        else s = s.slice(0, at);
      }
      return s;
    });
}

function fresh(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? structuredClone(value) : value;
}

function roundTrip(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

function deeplyNested(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { v };
  return v;
}

/** Every object or array in a record, with a way to change it. */
function containers(value: unknown): (Record<string, unknown> | unknown[])[] {
  const out: (Record<string, unknown> | unknown[])[] = [];
  const walk = (v: unknown, depth: number) => {
    if (v === null || typeof v !== 'object' || depth > 30) return;
    out.push(v as Record<string, unknown>);
    for (const child of Object.values(v)) walk(child, depth + 1);
  };
  walk(value, 0);
  return out;
}

function apply(record: unknown, o: Op): unknown {
  const all = containers(record);
  if (all.length === 0) return o.kind === 'replace' ? fresh(o.value) : record;
  const target = all[o.at % all.length]!;
  const keys = Object.keys(target);
  // A copy: fast-check hands out the same [] and {} again, and a later op may write into what this one inserts.
  const value = o.kind === 'delete' ? undefined : fresh(o.value);
  if (o.kind === 'add') {
    // An array's `length` cannot be redefined (and JSON never carries it as a key): nothing to add.
    if (Object.getOwnPropertyDescriptor(target, o.key)?.configurable === false) return record;
    // An own property even for "__proto__" (as JSON.parse makes it), never the object's prototype.
    Object.defineProperty(target, o.key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return record;
  }
  if (keys.length === 0) return record;
  const key = keys[o.at % keys.length]!;
  if (o.kind === 'delete') {
    const index = Number(key);
    // An array index, not a key that merely converts to a number ("" and " 1 " are own keys a mutation can add).
    if (Array.isArray(target) && Number.isInteger(index) && String(index) === key && index < target.length) {
      // Shifted by hand: an array given an own "constructor" key by an earlier mutation breaks splice (species).
      for (let i = index; i < target.length - 1; i++) target[i] = target[i + 1];
      target.length -= 1;
    } else delete (target as Record<string, unknown>)[key];
  } else
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return record;
}
