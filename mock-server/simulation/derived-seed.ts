/**
 * A 32-bit seed derived from the run's seed, a stream name and an index (e.g. the hour), mixed with the
 * murmur3 finaliser. Simulators that generate their world per time bucket use it, so the same instant has the
 * same content whenever and however often it is generated: a restarted simulator re-creates the cases it had
 * already served, with the same ids, instead of inventing new ones under old ids.
 */
export function derivedSeed(seed: number, stream: string, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < stream.length; i++) h = mix(h ^ stream.charCodeAt(i));
  h = mix(h ^ (index >>> 0));
  h = mix(h ^ Math.floor(index / 2 ** 32));
  return h | 0;
}

function mix(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
