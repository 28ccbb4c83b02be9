import type { Random } from '../../mock-server/simulation/random';

/**
 * Seeded mutations of native records for robustness tests (no fast-check needed for these shapes): the same
 * seed gives the same mutants, so a failure is reproducible from the test's seed.
 */
const ODD_VALUES: unknown[] = [
  null,
  undefined,
  '',
  ' ',
  0,
  -1,
  1e308,
  -1e308,
  Number.NaN,
  true,
  [],
  {},
  '<script>alert(1)</script>',
  '\u0000\uFFFF',
  '暴雨'.repeat(3000),
  '1970-01-01T00:00:00Z',
  '99999999999999999999',
  JSON.parse('{"__proto__":{"polluted":true}}') as unknown,
];

/** A deep copy of a JSON record with 1–3 random changes: a key dropped, a value replaced, a key added. */
export function mutateJson(record: unknown, rnd: Random): unknown {
  const copy = JSON.parse(JSON.stringify(record)) as unknown;
  const n = rnd.int(1, 3);
  let out = copy;
  for (let i = 0; i < n; i++) out = mutateOnce(out, rnd);
  return out;
}

/**
 * One of ODD_VALUES, copied: a later mutation may write into it, and the shared [] or {} must never change (test
 * files share this module in a worker; a polluted {} once became a cycle in another file's records).
 */
function odd(rnd: Random): unknown {
  const v = rnd.pick(ODD_VALUES);
  return v !== null && typeof v === 'object' ? structuredClone(v) : v;
}

function mutateOnce(value: unknown, rnd: Random): unknown {
  if (value === null || typeof value !== 'object' || rnd.chance(0.15)) return odd(rnd);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 0) return odd(rnd);
  const key = rnd.pick(keys);
  switch (rnd.int(0, 3)) {
    case 0:
      delete obj[key];
      return obj;
    case 1:
      obj[key] = odd(rnd);
      return obj;
    case 2:
      obj[`x${rnd.int(0, 99)}`] = odd(rnd);
      return obj;
    default:
      obj[key] = mutateOnce(obj[key], rnd);
      return obj;
  }
}

/** Text with 1–4 random edits: a slice cut out, a character replaced, markup-ish junk inserted, truncation. */
export function mutateText(text: string, rnd: Random): string {
  let s = text;
  const n = rnd.int(1, 4);
  for (let i = 0; i < n; i++) {
    const at = rnd.int(0, Math.max(0, s.length - 1));
    switch (rnd.int(0, 3)) {
      case 0:
        s = s.slice(0, at) + s.slice(at + rnd.int(1, 40));
        break;
      case 1:
        s = s.slice(0, at) + String.fromCharCode(rnd.int(0, 0xffff)) + s.slice(at + 1);
        break;
      case 2:
        s =
          s.slice(0, at) +
          rnd.pick(['<', '>', '&', ']]>', '<!--', '&amp;', '&#0;', '<x>', '</alert>', '"', '\u0000']) +
          s.slice(at);
        break;
      default:
        s = s.slice(0, at);
    }
  }
  return s;
}
