import type { RoadSegmentState } from '../../contract/entities';
import type { CongestionLevelBand } from '../../contract/traffic';

export interface DistrictIndex {
  /** District code, or '' for the whole city. */
  district: string;
  /** 0 (free flow) … 10 (standstill). */
  index: number;
  band: CongestionLevelBand;
  segments: number;
}

/** Bands of the 0–10 index after the Chinese 交通运行指数: [0,2) smooth … [8,10] severe. */
export function bandOf(index: number): CongestionLevelBand {
  if (index < 2) return 'smooth';
  if (index < 4) return 'basically-smooth';
  if (index < 6) return 'light';
  if (index < 8) return 'moderate';
  return 'severe';
}

/**
 * Congestion index per district and for the city from the live segment states: 10 × the length-weighted mean
 * of max(0, 1 − speed/free-flow) (the formula of the traffic contract, GET /api/traffic/districts, without its
 * per-class weights, which live in the city pack on the server). Segments of unknown length weigh 1 km.
 */
export function congestionIndex(
  states: Iterable<RoadSegmentState>,
  lengthM: (roadId: string) => number | undefined,
): { city: DistrictIndex | null; districts: DistrictIndex[] } {
  const acc = new Map<string, { w: number; sum: number; n: number }>();
  const add = (key: string, w: number, v: number) => {
    const a = acc.get(key) ?? { w: 0, sum: 0, n: 0 };
    a.w += w;
    a.sum += w * v;
    a.n++;
    acc.set(key, a);
  };
  for (const s of states) {
    const w = lengthM(s.id) ?? 1000;
    const v = Math.max(0, 1 - s.ratio);
    add('', w, v);
    if (s.district) add(s.district, w, v);
  }
  const out = (district: string, a: { w: number; sum: number; n: number }): DistrictIndex => {
    const index = a.w > 0 ? Math.min(10, (10 * a.sum) / a.w) : 0;
    return { district, index, band: bandOf(index), segments: a.n };
  };
  const city = acc.get('');
  return {
    city: city ? out('', city) : null,
    districts: [...acc]
      .filter(([k]) => k !== '')
      .map(([k, a]) => out(k, a))
      .sort((a, b) => b.index - a.index || a.district.localeCompare(b.district)),
  };
}
