import type { Road } from '../../city-packs/load';

const EARTH_M = 6_371_000;
const RAD = Math.PI / 180;

/**
 * A stretch of a real road a grid worker walks back and forth along. Positions are a pure function of time,
 * so the simulated platform needs no per-worker state: any instant has one answer.
 */
export class PatrolRoute {
  private readonly cumulative: number[];
  readonly lengthM: number;

  constructor(
    private readonly coords: readonly [number, number][],
    /** Walking speed, m/s. */
    private readonly speed: number,
    /** Where on the back-and-forth the worker is at time 0, metres. */
    private readonly phase: number,
  ) {
    this.cumulative = [0];
    for (let i = 1; i < coords.length; i++) {
      this.cumulative.push(this.cumulative[i - 1]! + metres(coords[i - 1]!, coords[i]!));
    }
    this.lengthM = this.cumulative[this.cumulative.length - 1]!;
  }

  /** Up to `maxM` of `road`, starting `startFraction` of the way along the part that leaves room for it. */
  static onRoad(road: Road, startFraction: number, maxM: number, speed: number, phase: number): PatrolRoute {
    const whole = new PatrolRoute(road.coords, speed, phase);
    if (whole.lengthM <= maxM) return whole;
    const from = startFraction * (whole.lengthM - maxM);
    const points: [number, number][] = [whole.pointAt(from)];
    for (let i = 1; i < road.coords.length - 1; i++) {
      const at = whole.cumulative[i]!;
      if (at > from && at < from + maxM) points.push(road.coords[i]!);
    }
    points.push(whole.pointAt(from + maxM));
    return new PatrolRoute(points, speed, phase);
  }

  /** The worker's position at `time` (epoch ms). */
  positionAt(time: number): [number, number] {
    if (this.lengthM === 0) return this.coords[0]!;
    const cycle = 2 * this.lengthM;
    const d = ((((time / 1000) * this.speed + this.phase) % cycle) + cycle) % cycle;
    return this.pointAt(d <= this.lengthM ? d : cycle - d);
  }

  private pointAt(distance: number): [number, number] {
    const c = this.cumulative;
    let i = 1;
    while (i < c.length - 1 && c[i]! < distance) i++;
    const seg = c[i]! - c[i - 1]!;
    const t = seg === 0 ? 0 : Math.min(1, Math.max(0, (distance - c[i - 1]!) / seg));
    const [x1, y1] = this.coords[i - 1]!;
    const [x2, y2] = this.coords[i]!;
    return [x1 + (x2 - x1) * t, y1 + (y2 - y1) * t];
  }
}

/** Metres between two WGS-84 points (equirectangular: exact enough along a city street). */
export function metres(a: readonly [number, number], b: readonly [number, number]): number {
  const x = (b[0] - a[0]) * RAD * Math.cos(((a[1] + b[1]) / 2) * RAD);
  const y = (b[1] - a[1]) * RAD;
  return Math.hypot(x, y) * EARTH_M;
}
