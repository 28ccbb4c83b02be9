import type { CityPack } from '../city-packs/load';
import type { SourceId } from '../../src/contract/source';
import { activityAt } from './city-rhythm';
import { derivedSeed } from './derived-seed';
import { Random } from './random';
import { randomRoadPoint } from './road-points';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Mean gap between ground-truth incidents city-wide at average activity, before SIM_RATE (≈ 140 a day). */
const MEAN_GAP_MS = 10 * MINUTE;
/** Known low spots (易涝点) on the road network where water collects first; gauges are installed at some. */
export const LOW_SPOTS = 40;
/** Low spots are used in rotation by hour (one group an hour), so one spot floods at most once in this many hours. */
const LOW_SPOT_GROUPS = 4;
/** Share of incidents with a separate incident of the same kind a few blocks away at about the same time. */
const NEIGHBOUR_SHARE = 0.35;
const M_PER_DEG_LAT = 110_574;

export type IncidentKind = 'waterlogging' | 'pipe-burst' | 'fire' | 'crowd' | 'traffic-accident';
/** The channels that report incidents (the subsystems whose simulators subscribe). */
export type Channel = Extract<SourceId, 'hotline' | 'video' | 'grid' | 'city-management' | 'iot' | 'traffic'>;

/**
 * Per kind: how often it happens (weight), how long it lasts (minutes), and per channel the chance it reports the
 * incident, how late (minutes after the start, [min, max]) and how far from the true spot it puts it (metres).
 * A channel's simulator may still find it cannot report (no camera near, no worker on duty, no gauge there).
 */
const KINDS: Record<
  IncidentKind,
  {
    weight: number;
    minutes: [number, number];
    channels: Partial<
      Record<Channel, { p: number; delay: [number, number]; offsetM: [number, number]; max?: number }>
    >;
  }
> = {
  waterlogging: {
    weight: 30,
    minutes: [40, 150],
    channels: {
      hotline: { p: 0.9, delay: [3, 40], offsetM: [20, 150], max: 3 },
      video: { p: 0.7, delay: [1, 6], offsetM: [0, 0] },
      grid: { p: 0.5, delay: [5, 45], offsetM: [5, 60] },
      'city-management': { p: 0.35, delay: [10, 60], offsetM: [5, 50] },
      iot: { p: 1, delay: [0, 0], offsetM: [0, 0] },
    },
  },
  'pipe-burst': {
    weight: 10,
    minutes: [60, 180],
    channels: {
      hotline: { p: 0.9, delay: [3, 30], offsetM: [20, 150], max: 2 },
      'city-management': { p: 0.5, delay: [10, 60], offsetM: [5, 50] },
      video: { p: 0.4, delay: [2, 10], offsetM: [0, 0] },
      grid: { p: 0.3, delay: [5, 45], offsetM: [5, 60] },
    },
  },
  fire: {
    weight: 10,
    minutes: [20, 90],
    channels: {
      hotline: { p: 0.85, delay: [1, 20], offsetM: [20, 150], max: 3 },
      video: { p: 0.8, delay: [1, 5], offsetM: [0, 0] },
      'city-management': { p: 0.2, delay: [10, 40], offsetM: [5, 50] },
    },
  },
  crowd: {
    weight: 15,
    minutes: [20, 90],
    channels: {
      video: { p: 0.95, delay: [1, 8], offsetM: [0, 0], max: 2 },
      hotline: { p: 0.4, delay: [5, 30], offsetM: [20, 150] },
    },
  },
  'traffic-accident': {
    weight: 35,
    minutes: [20, 90],
    channels: {
      traffic: { p: 0.95, delay: [1, 8], offsetM: [0, 40] },
      hotline: { p: 0.55, delay: [2, 25], offsetM: [20, 150], max: 2 },
    },
  },
};
const KIND_LIST = Object.keys(KINDS) as IncidentKind[];

/** One report a channel is to make of an incident: when, where it will say it is, and its own seed. */
export interface PlannedReport {
  channel: Channel;
  incidentId: string;
  /** Index of the report within its incident: part of the native ids channels make from it. */
  index: number;
  at: number;
  lon: number;
  lat: number;
  /** Seed for the channel's own choices about this report (text, severity …), independent of its other streams. */
  seed: number;
}

/** A ground-truth incident: a real thing happening at a real place and time. */
export interface Incident {
  id: string;
  kind: IncidentKind;
  lon: number;
  lat: number;
  roadId: string;
  roadName: string;
  /** Index in LOW_SPOTS when it is a waterlogging at a known low spot. */
  lowSpot: number | null;
  start: number;
  end: number;
  reports: PlannedReport[];
}

/**
 * The ground truth behind the simulated reports: incidents generated per clock hour (a bucket of an hour ÷ SIM_RATE)
 * from a seed derived from that hour, so every simulator asking about one hour gets the same incidents, and a
 * restarted simulator gets them again. Each subsystem's simulator reports the incidents on its channel through its
 * own transport and dialect, with its own delay and position error; which native record stands for which incident
 * is kept here (`truth`), never in the events, so correlation can be scored against it.
 */
export class IncidentScenario {
  /** Where water collects first: the same spots for a seed, so gauges can stand at some of them. */
  readonly lowSpots: readonly { lon: number; lat: number; roadId: string; roadName: string }[];
  /** Native record (`<source>:<nativeId>`, the event id it becomes) → incident id. */
  readonly truth = new Map<string, string>();
  private readonly buckets = new Map<number, Incident[]>();
  private readonly bucketMs: number;
  private readonly longestMs: number;

  constructor(
    private readonly pack: CityPack,
    private readonly seed: number,
    private readonly rate = 1,
  ) {
    this.bucketMs = Math.max(60_000, Math.round(HOUR / rate));
    this.longestMs = (Math.max(...KIND_LIST.map((k) => KINDS[k].minutes[1])) * MINUTE) / rate;
    const rnd = new Random(derivedSeed(seed, 'low-spots', 0));
    this.lowSpots = Array.from({ length: LOW_SPOTS }, () => {
      const { road, lon, lat } = randomRoadPoint(pack.roads, rnd);
      return { lon, lat, roadId: road.id, roadName: road.name };
    });
  }

  /** Incidents that start in [from, to). */
  startingIn(from: number, to: number): Incident[] {
    const out: Incident[] = [];
    for (let b = Math.floor(from / this.bucketMs); b <= Math.floor((to - 1) / this.bucketMs); b++)
      for (const i of this.bucket(b)) if (i.start >= from && i.start < to) out.push(i);
    return out;
  }

  /** Incidents going on at `time`. */
  activeAt(time: number): Incident[] {
    return this.startingIn(time - this.longestMs, time + 1).filter((i) => time < i.end);
  }

  /** Reports `channel` is to make in [from, to), by time. */
  reportsIn(channel: Channel, from: number, to: number): { incident: Incident; report: PlannedReport }[] {
    const out: { incident: Incident; report: PlannedReport }[] = [];
    // Reports come at most an hour after their incident starts (see KINDS' delays).
    for (const incident of this.startingIn(from - HOUR / this.rate - 1, to)) {
      for (const report of incident.reports)
        if (report.channel === channel && report.at >= from && report.at < to) out.push({ incident, report });
    }
    return out.sort((a, b) => a.report.at - b.report.at);
  }

  /** A channel records which of its native records stands for an incident (`<source>:<nativeId>` as the event id). */
  record(source: Channel, nativeId: string, incidentId: string): void {
    this.truth.set(`${source}:${nativeId}`, incidentId);
  }

  private bucket(b: number): Incident[] {
    let list = this.buckets.get(b);
    if (list) return list;
    list = [];
    const rnd = new Random(derivedSeed(this.seed, 'incidents', b));
    rnd.next();
    const tz = this.pack.manifest.timezone;
    const spots = Array.from({ length: LOW_SPOTS }, (_, i) => i).filter(
      (i) => i % LOW_SPOT_GROUPS === b % LOW_SPOT_GROUPS,
    );
    let t = b * this.bucketMs;
    for (let n = 1; ; n++) {
      t += rnd.exponential((activityAt(t, tz) * this.rate) / MEAN_GAP_MS);
      if (t >= (b + 1) * this.bucketMs) break;
      const kind = rnd.weighted(KIND_LIST, (k) => KINDS[k].weight);
      const incident = this.make(rnd, b, `${n}`, kind, Math.floor(t), spots);
      list.push(incident);
      if (rnd.chance(NEIGHBOUR_SHARE)) {
        // A separate incident of the same kind a few blocks away at about the same time: it must stay separate.
        const [dx, dy] = offset(rnd, 500, 900);
        const start = Math.floor(t + ((rnd.next() - 0.5) * 20 * MINUTE) / this.rate);
        const near = {
          lon: incident.lon + dx / this.kx(incident.lat),
          lat: incident.lat + dy / M_PER_DEG_LAT,
        };
        list.push(this.make(rnd, b, `${n}N`, kind, start, [], near, incident));
      }
    }
    this.buckets.set(b, list);
    // Buckets are cheap to regenerate; keep a day's worth.
    for (const k of this.buckets.keys()) if (k < b - 24 * this.rate - 2) this.buckets.delete(k);
    return list;
  }

  private make(
    rnd: Random,
    b: number,
    n: string,
    kind: IncidentKind,
    start: number,
    spots: number[],
    at?: { lon: number; lat: number },
    near?: Incident,
  ): Incident {
    const spec = KINDS[kind];
    let lowSpot: number | null = null;
    let place: { lon: number; lat: number; roadId: string; roadName: string };
    if (!at && kind === 'waterlogging' && spots.length > 0 && rnd.chance(0.8)) {
      // Floods happen where the city floods: at the low spots, one group of them an hour.
      const i = spots.splice(rnd.int(0, spots.length - 1), 1)[0]!;
      lowSpot = i;
      place = this.lowSpots[i]!;
    } else if (at && near) {
      place = { ...at, roadId: near.roadId, roadName: near.roadName };
    } else {
      const { road, lon, lat } = randomRoadPoint(this.pack.roads, rnd);
      place = { lon, lat, roadId: road.id, roadName: road.name };
    }
    const id = `INC-${b}-${n}`;
    const minutes = spec.minutes[0] + rnd.next() * (spec.minutes[1] - spec.minutes[0]);
    const incident: Incident = {
      id,
      kind,
      lon: place.lon,
      lat: place.lat,
      roadId: place.roadId,
      roadName: place.roadName,
      lowSpot,
      start,
      end: start + Math.round((minutes * MINUTE) / this.rate),
      reports: [],
    };
    let index = 0;
    for (const [channel, c] of Object.entries(spec.channels) as [
      Channel,
      NonNullable<(typeof spec.channels)[Channel]>,
    ][]) {
      // Gauges report every flood at a spot they stand at; elsewhere there is no gauge to report.
      if (channel === 'iot' && lowSpot === null) continue;
      const count = rnd.chance(c.p) ? rnd.int(1, c.max ?? 1) : 0;
      for (let k = 0; k < count; k++) {
        const delay = c.delay[0] + rnd.next() * (c.delay[1] - c.delay[0]);
        const [dx, dy] = offset(rnd, c.offsetM[0], c.offsetM[1]);
        incident.reports.push({
          channel,
          incidentId: id,
          index: index++,
          at: start + Math.round((delay * MINUTE) / this.rate),
          lon: incident.lon + dx / this.kx(incident.lat),
          lat: incident.lat + dy / M_PER_DEG_LAT,
          seed: derivedSeed(this.seed, `${id}/${channel}`, k),
        });
      }
    }
    return incident;
  }

  private kx(lat: number): number {
    return 111_320 * Math.cos((lat * Math.PI) / 180);
  }
}

/** A random offset of `min`…`max` metres in a random direction, [east, north]. */
function offset(rnd: Random, min: number, max: number): [number, number] {
  const r = min + rnd.next() * (max - min);
  const a = rnd.next() * 2 * Math.PI;
  return [r * Math.cos(a), r * Math.sin(a)];
}

/** Metres between two WGS-84 points (equirectangular; exact enough within a city). */
export function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }): number {
  const kx = 111_320 * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  return Math.hypot((a.lon - b.lon) * kx, (a.lat - b.lat) * M_PER_DEG_LAT);
}

const shared = new WeakMap<object, IncidentScenario>();

/**
 * The one incident scenario of a server's simulators (keyed by its subsystem context, so two servers in one
 * process — tests — each have their own), created by the first simulator that asks.
 */
export function sharedIncidents(ctx: {
  pack: CityPack;
  config: { SIM_SEED: number; SIM_RATE: number };
}): IncidentScenario {
  let s = shared.get(ctx);
  if (!s) shared.set(ctx, (s = new IncidentScenario(ctx.pack, ctx.config.SIM_SEED, ctx.config.SIM_RATE)));
  return s;
}
