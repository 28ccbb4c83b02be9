import { TZDate } from '@date-fns/tz';
import type { Road } from '../../city-packs/load';
import { derivedSeed } from '../../simulation/derived-seed';
import { Random } from '../../simulation/random';

/** Urban free-flow speeds by road class, km/h (signalised streets; each road varies ±10% around these). */
const FREE_FLOW_KMH: Readonly<Record<string, number>> = {
  motorway: 80,
  trunk: 70,
  primary: 50,
  secondary: 40,
  tertiary: 35,
  residential: 25,
};
/** How much of the city's demand a class feels: arterials fill first, side streets least. */
const SENSITIVITY: Readonly<Record<string, number>> = {
  motorway: 1,
  trunk: 1,
  primary: 1,
  secondary: 0.85,
  tertiary: 0.6,
  residential: 0.35,
};
/**
 * Demand by local time of day, 0..1, linear between knots [hour, demand]: night free flow, the morning peak
 * 7:30–9:30 and the evening peak 17:00–19:30, a busy midday in between.
 */
const DEMAND: readonly [number, number][] = [
  [0, 0.05],
  [5, 0.05],
  [6.5, 0.25],
  [7.5, 0.75],
  [8.5, 1],
  [9.5, 0.75],
  [10.5, 0.5],
  [12, 0.5],
  [14, 0.45],
  [16, 0.55],
  [17, 0.8],
  [18.25, 1],
  [19.5, 0.75],
  [21, 0.35],
  [23, 0.1],
  [24, 0.05],
];
const HOTSPOTS = 6;
const CORRIDORS = 5;
const HOTSPOT_SIGMA_M = 1_300;

/**
 * Per-segment speed as a pure function of (seed, time): demand by time of day × the road's class sensitivity ×
 * where it is — a few congested corridors (whole named arterials) and hotspots (busy centres) make congestion
 * spatially coherent, instead of salt-and-pepper noise.
 */
export class CongestionModel {
  readonly freeFlow: Float64Array;
  /** The static part of each road's congestion: class, corridor, hotspots. */
  private readonly exposure: Float64Array;

  constructor(
    readonly roads: readonly Road[],
    private readonly seed: number,
    private readonly timezone: string,
  ) {
    const rnd = new Random(derivedSeed(seed, 'traffic-model', 0));
    const arterials = roads.filter((r) => r.class === 'primary' || r.class === 'secondary');
    const spots = Array.from({ length: HOTSPOTS }, () => {
      const r = rnd.weighted(arterials, (a) => a.lengthM);
      const [lon, lat] = r.coords[Math.floor(r.coords.length / 2)]!;
      return { lon, lat, amp: 0.3 + rnd.next() * 0.35 };
    });
    const lengthByName = new Map<string, number>();
    for (const r of roads)
      if (r.class === 'primary') lengthByName.set(r.name, (lengthByName.get(r.name) ?? 0) + r.lengthM);
    const names = [...lengthByName.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const corridors = new Set<string>();
    while (corridors.size < Math.min(CORRIDORS, names.length))
      corridors.add(rnd.weighted(names, ([, l]) => l)[0]);

    this.freeFlow = new Float64Array(roads.length);
    this.exposure = new Float64Array(roads.length);
    roads.forEach((road, i) => {
      this.freeFlow[i] = Math.round((FREE_FLOW_KMH[road.class] ?? 30) * (0.9 + rnd.next() * 0.2));
      const [lon, lat] = road.coords[Math.floor(road.coords.length / 2)]!;
      let spot = 0;
      for (const s of spots) {
        const dx = (lon - s.lon) * 111_320 * Math.cos((lat * Math.PI) / 180);
        const dy = (lat - s.lat) * 110_540;
        spot += s.amp * Math.exp(-(dx * dx + dy * dy) / (2 * HOTSPOT_SIGMA_M ** 2));
      }
      const corridor = corridors.has(road.name) ? 0.35 : 0;
      this.exposure[i] = (SENSITIVITY[road.class] ?? 0.5) * (0.45 + corridor + spot);
    });
  }

  /** The city's demand at `time`, 0..1. */
  demandAt(time: number): number {
    const d = new TZDate(time, this.timezone);
    const h = d.getHours() + d.getMinutes() / 60 + d.getSeconds() / 3600;
    for (let k = 1; k < DEMAND.length; k++) {
      const [h1, v1] = DEMAND[k]!;
      const [h0, v0] = DEMAND[k - 1]!;
      if (h <= h1) return v0 + ((v1 - v0) * (h - h0)) / (h1 - h0);
    }
    return DEMAND[DEMAND.length - 1]![1];
  }

  /** Speed / free-flow of every road at `time` (index-aligned with `roads`), before incidents. */
  ratiosAt(time: number): Float64Array {
    const demand = this.demandAt(time);
    // Minute-to-minute fluctuation: the same minute gives the same readings.
    const rnd = new Random(derivedSeed(this.seed, 'traffic-noise', Math.floor(time / 60_000)));
    const out = new Float64Array(this.roads.length);
    for (let i = 0; i < out.length; i++) {
      const c = Math.min(1, demand * this.exposure[i]!);
      out[i] = Math.min(1.05, Math.max(0.05, 1.02 - 0.9 * c + (rnd.next() - 0.5) * 0.08));
    }
    return out;
  }
}
