import gcoord from 'gcoord';
import type { CityPack, Road } from '../../city-packs/load';
import { activityAt } from '../../simulation/city-rhythm';
import { derivedSeed } from '../../simulation/derived-seed';
import { postWithRetry } from '../../simulation/http-sender';
import { compactLocal } from '../../simulation/local-time';
import { Random } from '../../simulation/random';
import { sharedIncidents, type IncidentScenario } from '../../simulation/incidents';
import type { Runnable, SubsystemContext } from '../types';
import { CongestionModel } from './congestion-model';
import type { Incident, Segment, TrafficBatchOf } from './native';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The platform pushes a batch this often at SIM_RATE 1. */
export const BATCH_INTERVAL_MS = 60_000;
/** Mean gap between incidents of each type at average activity, and how long they last (minutes). */
const INCIDENT_TYPES = [
  { type: 'ACCIDENT', meanGapMin: 12, minutes: [20, 90] },
  { type: 'BREAKDOWN', meanGapMin: 15, minutes: [15, 60] },
  { type: 'CLOSURE', meanGapMin: 180, minutes: [60, 240] },
] as const;
/** A cleared incident is still reported in the batches of this long after it cleared. */
const CLEARED_REPORTED_MS = 2 * MINUTE;
/** Where incidents happen: arterials far more than side streets. */
const INCIDENT_CLASS_WEIGHT: Readonly<Record<string, number>> = {
  primary: 4,
  secondary: 3,
  tertiary: 1.5,
  residential: 0.5,
};
/** Defects: per segment reading, per incident, per whole batch (cut off mid-body). */
const SEGMENT_DEFECT_RATE = 0.0005;
const INCIDENT_DEFECT_RATE = 0.03;
const BATCH_DEFECT_RATE = 0.005;

interface SimIncident {
  id: string;
  type: string;
  road: Road;
  roadIndex: number;
  lon: number;
  lat: number;
  start: number;
  end: number;
  lanesBlocked: number;
  injuries: number;
  /** Partial clearance: from this time one lane is blocked (an update mid-incident). */
  partialAt: number | null;
  description: string;
}

/**
 * The simulated traffic police platform: per-road speeds from the congestion model and incidents generated per
 * clock hour from a derived seed, so any batch time has one answer for a seed (a resent batch is identical).
 */
export class TrafficWorld {
  readonly model: CongestionModel;
  private readonly buckets = new Map<number, SimIncident[]>();
  /** Cumulative incident weight of the roads (length × class weight), for picking where one happens. */
  private readonly cumulativeWeight: Float64Array;

  constructor(
    private readonly pack: CityPack,
    private readonly seed: number,
    private readonly rate = 1,
    /** Ground-truth incidents (simulation/incidents.ts) whose crashes the police also record (none: background only). */
    private readonly incidents: IncidentScenario | null = null,
    /** Share of defective records, scaling the platform's own per-segment, per-incident and per-batch rates. */
    private readonly defectRate: number | null = null,
  ) {
    this.model = new CongestionModel(pack.roads, seed, pack.manifest.timezone);
    this.cumulativeWeight = new Float64Array(pack.roads.length);
    let total = 0;
    pack.roads.forEach((r, i) => {
      total += r.lengthM * (INCIDENT_CLASS_WEIGHT[r.class] ?? 1);
      this.cumulativeWeight[i] = total;
    });
  }

  /** The batch the platform sends at `time` (whole seconds), averaging over `intervalS`. */
  batch(time: number, intervalS = 60): { batch: TrafficBatchOf; truncate: boolean } {
    const t = Math.floor(time / 1000) * 1000;
    const stamp = compactLocal(t, this.pack.manifest.timezone);
    const ratios = this.model.ratiosAt(t);
    const incidents = this.incidentsAt(t);
    for (const i of incidents) {
      if (i.start <= t && t < i.end)
        ratios[i.roadIndex] = i.type === 'CLOSURE' ? 0 : ratios[i.roadIndex]! * 0.4;
    }
    const rnd = new Random(derivedSeed(this.seed, 'traffic-batch', Math.floor(t / 1000)));
    const segments: Segment[] = this.pack.roads.map((road, i) => {
      const free = this.model.freeFlow[i]!;
      const s: Segment = {
        roadId: road.id,
        speed: round1(free * ratios[i]!),
        freeFlowSpeed: free,
        samples: rnd.int(3, 40),
      };
      if (!rnd.chance(this.defects(SEGMENT_DEFECT_RATE))) return s;
      switch (rnd.int(0, 2)) {
        case 0:
          return { ...s, roadId: 'osm-way-0' };
        case 1:
          return { ...s, speed: -1 };
        default:
          return { ...s, freeFlowSpeed: 0 };
      }
    });
    const reported = incidents.map((i) => {
      const n = this.native(i, t);
      return rnd.chance(this.defects(INCIDENT_DEFECT_RATE)) ? { ...n, type: 'FLOOD' } : n;
    });
    return {
      batch: {
        batchId: `TB20${stamp}`,
        batchTime: `20${stamp}`,
        interval: intervalS,
        segments,
        incidents: reported,
      },
      truncate: rnd.chance(this.defects(BATCH_DEFECT_RATE)),
    };
  }

  /** Incidents the batch at `time` reports: active ones, and those cleared in the last minutes. */
  incidentsAt(time: number): SimIncident[] {
    const out: SimIncident[] = [];
    const longest = (Math.max(...INCIDENT_TYPES.map((t) => t.minutes[1])) * MINUTE) / this.rate;
    for (let h = Math.floor((time - longest) / HOUR); h <= Math.floor(time / HOUR); h++) {
      for (const i of this.bucket(h)) if (i.start <= time && time < i.end + CLEARED_REPORTED_MS) out.push(i);
    }
    for (const h of this.buckets.keys())
      if (h < Math.floor((time - longest) / HOUR) - 1) this.buckets.delete(h);
    return out;
  }

  private native(i: SimIncident, t: number): Incident {
    const tz = this.pack.manifest.timezone;
    const cleared = t >= i.end;
    const partial = !cleared && i.partialAt !== null && t >= i.partialAt;
    const updated = cleared ? i.end : partial ? i.partialAt! : i.start;
    const [lng, lat] = gcoord.transform([i.lon, i.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    return {
      incidentId: i.id,
      type: i.type,
      roadId: i.road.id,
      lng: Math.round(lng * 1e6) / 1e6,
      lat: Math.round(lat * 1e6) / 1e6,
      startTime: `20${compactLocal(i.start, tz)}`,
      updateTime: `20${compactLocal(updated, tz)}`,
      status: cleared ? 'CLEARED' : 'ACTIVE',
      lanesBlocked: cleared ? 0 : partial ? 1 : i.lanesBlocked,
      injuries: i.injuries,
      description: i.description,
    };
  }

  private bucket(h: number): SimIncident[] {
    let list = this.buckets.get(h);
    if (list) return list;
    list = [];
    const tz = this.pack.manifest.timezone;
    for (const spec of INCIDENT_TYPES) {
      const rnd = new Random(derivedSeed(this.seed, `traffic-${spec.type}`, h));
      let t = h * HOUR;
      for (let n = 1; ; n++) {
        t += rnd.exponential((activityAt(t, tz) * this.rate) / (spec.meanGapMin * MINUTE));
        if (t >= (h + 1) * HOUR) break;
        const roadIndex = this.pickRoad(rnd);
        const road = this.pack.roads[roadIndex]!;
        const k = rnd.int(0, road.coords.length - 2);
        const [x1, y1] = road.coords[k]!;
        const [x2, y2] = road.coords[k + 1]!;
        const f = rnd.next();
        const start = Math.floor(t / 1000) * 1000;
        const duration =
          ((spec.minutes[0] + rnd.next() * (spec.minutes[1] - spec.minutes[0])) * MINUTE) / this.rate;
        const lanesBlocked = spec.type === 'CLOSURE' ? rnd.int(2, 4) : rnd.int(1, 3);
        const injuries =
          spec.type !== 'ACCIDENT'
            ? 0
            : rnd.chance(0.7)
              ? 0
              : rnd.chance(0.85)
                ? rnd.int(1, 2)
                : rnd.int(3, 5);
        const end = start + Math.round(duration / 1000) * 1000;
        list.push({
          id: `JJ20${compactLocal(start, tz)}${spec.type[0]}${String(n).padStart(2, '0')}`,
          type: spec.type,
          road,
          roadIndex,
          lon: x1 + (x2 - x1) * f,
          lat: y1 + (y2 - y1) * f,
          start,
          end,
          lanesBlocked,
          injuries,
          partialAt:
            lanesBlocked >= 2 && spec.type !== 'CLOSURE' ? Math.round((start + end) / 2000) * 1000 : null,
          description: describe(spec.type, road.name, lanesBlocked, injuries),
        });
      }
    }
    // Crashes of ground-truth incidents, on the incident's road, lasting as long as the incident (own seeds).
    let n = 0;
    for (const { incident, report } of this.incidents?.reportsIn('traffic', h * HOUR, (h + 1) * HOUR) ?? []) {
      const roadIndex = this.pack.roads.findIndex((r) => r.id === incident.roadId);
      const road = this.pack.roads[roadIndex];
      if (!road) continue;
      const rnd = new Random(report.seed);
      rnd.next();
      const start = Math.floor(report.at / 1000) * 1000;
      const lanesBlocked = rnd.int(1, 3);
      const injuries = rnd.chance(0.6) ? 0 : rnd.int(1, 3);
      const id = `JJ20${compactLocal(start, tz)}S${String(++n).padStart(2, '0')}`;
      this.incidents!.record('traffic', id, incident.id);
      list.push({
        id,
        type: 'ACCIDENT',
        road,
        roadIndex,
        lon: report.lon,
        lat: report.lat,
        start,
        end: Math.max(start + 60_000, Math.round(incident.end / 1000) * 1000),
        lanesBlocked,
        injuries,
        partialAt: null,
        description: describe('ACCIDENT', road.name, lanesBlocked, injuries),
      });
    }
    this.buckets.set(h, list);
    return list;
  }

  /** The platform's own defect rate, or SIM_DEFECT_RATE scaled to it (segment readings fail far less than batches). */
  private defects(own: number): number {
    return this.defectRate === null ? own : Math.min(1, this.defectRate * (own / INCIDENT_DEFECT_RATE));
  }

  private pickRoad(rnd: Random): number {
    const w = this.cumulativeWeight;
    const x = rnd.next() * w[w.length - 1]!;
    let lo = 0;
    let hi = w.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (w[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

function describe(type: string, road: string, lanes: number, injuries: number): string {
  switch (type) {
    case 'ACCIDENT':
      return `${road}发生交通事故，占用${lanes}条车道${injuries > 0 ? `，${injuries}人受伤` : '，无人员伤亡'}`;
    case 'BREAKDOWN':
      return `${road}车辆故障停驶，占用${lanes}条车道`;
    default:
      return `${road}因施工封闭${lanes}条车道，请绕行`;
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The traffic police platform: every 60 s (÷ SIM_RATE) it POSTs the minute's batch to our intake. */
export function createTrafficSimulator(ctx: SubsystemContext): Runnable {
  const { config, pack } = ctx;
  const log = ctx.log.child({ source: 'traffic', sim: true });
  const world = new TrafficWorld(
    pack,
    config.SIM_SEED,
    config.SIM_RATE,
    sharedIncidents(ctx),
    config.SIM_DEFECT_RATE ?? null,
  );
  const every = Math.max(1_000, Math.round(BATCH_INTERVAL_MS / config.SIM_RATE));
  let timer: NodeJS.Timeout | undefined;
  let abort = new AbortController();
  let inflight: Promise<unknown> = Promise.resolve();

  const send = () => {
    const { batch, truncate } = world.batch(Date.now(), Math.round(every / 1000));
    const body = JSON.stringify(batch);
    // Now and then the platform's gateway cuts a batch off mid-body.
    const sent = truncate ? body.slice(0, Math.floor(body.length / 3)) : body;
    inflight = postWithRetry(
      `${ctx.baseUrl()}/api/intake/traffic`,
      sent,
      'application/json',
      log,
      abort.signal,
      ctx.intakeHeaders('traffic'),
    );
  };
  return {
    async start() {
      abort = new AbortController();
      send();
      timer = setInterval(send, every);
      log.info({ everyMs: every, segments: pack.roads.length }, 'traffic simulator started');
    },
    async stop() {
      clearInterval(timer);
      await Promise.race([inflight, new Promise((r) => setTimeout(r, 2_000))]);
      abort.abort();
    },
  };
}
