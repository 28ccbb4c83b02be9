import type { Camera } from '../../src/contract/entities';
import type { NearbyCamera } from '../../src/contract/console';
import type { Hub } from '../pipeline/hub';

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine; metres matter at street scale, the earth's flattening does not). */
export function distanceM(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A box around a point: [west, south, east, north] at least `metres` from it on every side. */
export function boxAround(p: { lon: number; lat: number }, metres: number): [number, number, number, number] {
  const dLat = metres / 111_320;
  const dLon = metres / (111_320 * Math.max(0.01, Math.cos((p.lat * Math.PI) / 180)));
  return [p.lon - dLon, p.lat - dLat, p.lon + dLon, p.lat + dLat];
}

/**
 * The cameras' latest states in memory, for "nearest cameras" on every event detail without reading the
 * catalogue each time: loaded once from the store, then kept current from the hub's `cameras` changes.
 */
export class CameraIndex {
  private readonly cameras = new Map<string, Camera>();
  private loaded: Promise<void> | null = null;
  private readonly off: () => void;

  constructor(
    private readonly load: () => Promise<Camera[]>,
    /** The stored changes: the hub, or (several nodes) the change stream, which also carries other nodes' writes. */
    hub: Pick<Hub, 'subscribe'>,
  ) {
    this.off = hub.subscribe((change) => {
      if (change.topic !== 'cameras') return;
      for (const { item } of change.items) this.cameras.set((item as Camera).id, item as Camera);
    });
  }

  /** The `n` cameras nearest to `p` within `maxM` metres that `visible` allows, nearest first. */
  async nearest(
    p: { lon: number; lat: number },
    n: number,
    maxM: number,
    visible: (c: Camera) => boolean,
  ): Promise<NearbyCamera[]> {
    await this.ready();
    const out: NearbyCamera[] = [];
    for (const c of this.cameras.values()) {
      if (!visible(c)) continue;
      const d = distanceM(p, c.location);
      if (d <= maxM) out.push({ ...c, distanceM: Math.round(d) });
    }
    return out.sort((a, b) => a.distanceM - b.distanceM).slice(0, n);
  }

  close(): void {
    this.off();
  }

  private ready(): Promise<void> {
    this.loaded ??= this.load().then(
      (all) => {
        // Hub changes that arrived while loading are newer than the load: keep them.
        for (const c of all) if (!this.cameras.has(c.id)) this.cameras.set(c.id, c);
      },
      (err: unknown) => {
        this.loaded = null;
        throw err;
      },
    );
    return this.loaded;
  }
}
