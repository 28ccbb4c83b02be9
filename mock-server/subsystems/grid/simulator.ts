import { TZDate } from '@date-fns/tz';
import gcoord from 'gcoord';
import type { Logger } from 'pino';
import type { CityPack } from '../../city-packs/load';
import { activityAt } from '../../simulation/city-rhythm';
import { derivedSeed } from '../../simulation/derived-seed';
import { compactLocal } from '../../simulation/local-time';
import { Random } from '../../simulation/random';
import { sharedIncidents, type IncidentScenario } from '../../simulation/incidents';
import { randomRoadPoint } from '../../simulation/road-points';
import { simEndpoint } from '../../simulation/sim-endpoints';
import { VendorHttpServer } from '../../simulation/vendor-http';
import type { Runnable, SubsystemContext } from '../types';
import {
  CASES_PATH,
  formatOffsetTime,
  parseOffsetTime,
  VERIFICATIONS_PATH,
  WORKERS_PATH,
  type PatrolCase,
  type PatrolVerification,
  type PatrolWorker,
} from './native';
import { PatrolRoute } from './patrol-route';
import content from './simulator-content.json' with { type: 'json' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const WORKERS = 100;
/** Mean gap between patrol cases at average activity while workers are on duty, before SIM_RATE. */
const MEAN_GAP_MS = 40_000;
/** The platform serves cases created within this window. */
const RETENTION_MS = 12 * HOUR;
/** The worker app reports a position this often while on duty. */
const GPS_INTERVAL_MS = 10_000;
const DEFECT_RATE = 0.02;
/** Position reports with a lost GPS fix (0,0), per thousand. */
const GPS_LOST_PER_MILLE = 3;
/** Share of workers still on the old app release that reports GCJ-02. */
const OLD_APP_SHARE = 0.15;
const VERIFY_FAIL_RATE = 0.08;
/**
 * Local shifts, minutes after midnight: [start, end); an end past 24:00 is the next morning. A fifth of the workers
 * keep the night watch: the grid reports cases around the clock, as a city's grid centre does.
 */
const SHIFTS: readonly [number, number][] = [
  [8 * 60, 17 * 60],
  [12 * 60, 21 * 60],
  [8 * 60, 17 * 60],
  [12 * 60, 21 * 60],
  [20 * 60, 32 * 60],
];
const DAY_MINUTES = 24 * 60;
const MAX_LIMIT = 500;

type Defect = 'unknown-issue' | 'no-offset-time' | 'unknown-grid' | 'unknown-datum' | 'missing-content';
const DEFECTS: readonly Defect[] = [
  'unknown-issue',
  'no-offset-time',
  'unknown-grid',
  'unknown-datum',
  'missing-content',
];

interface Worker {
  id: string;
  name: string;
  grid: string;
  road: string;
  route: PatrolRoute;
  shift: readonly [number, number];
  datum: 'WGS84' | 'GCJ02';
}

interface SimCase {
  base: Omit<PatrolCase, 'state' | 'updated_at'>;
  worker: Worker;
  created: number;
  /** Later states with their times, ascending; empty for defective cases (the platform never moves them). */
  changes: { at: number; state: string }[];
  verifications: { at: number; result: '通过' | '不通过'; note: string }[];
  defect: Defect | null;
}

/**
 * The simulated 网格化 platform as a pure function of (seed, SIM_RATE, time): ~100 workers walking real roads
 * in their grid cells during their shifts, and the cases they report, generated per bucket (an hour at SIM_RATE 1) from a seed
 * derived from that hour with their whole lifecycle (立案, 处置, 核实 — sometimes failed and redone) drawn up front.
 */
export class GridWorld {
  readonly workers: readonly Worker[];
  private readonly retentionMs: number;
  /** Records are generated per bucket of this length (an hour at SIM_RATE 1), each from its own seed. */
  private readonly bucketMs: number;
  private readonly buckets = new Map<number, SimCase[]>();

  constructor(
    private readonly pack: CityPack,
    private readonly seed: number,
    private readonly rate = 1,
    /** Ground-truth incidents the nearest worker on duty also reports (none: background cases only). */
    private readonly incidents: IncidentScenario | null = null,
    private readonly defectRate = DEFECT_RATE,
  ) {
    // Everything scales with SIM_RATE (lifecycles run faster), so the window and the generation bucket do too:
    // a busy demo serves about as many records as a realistic one, just younger.
    this.retentionMs = RETENTION_MS / rate;
    this.bucketMs = Math.max(60_000, Math.round(HOUR / rate));
    const rnd = new Random(derivedSeed(seed, 'grid-workers', 0));
    const workers: Worker[] = [];
    for (let i = 1; workers.length < WORKERS && i < WORKERS * 20; i++) {
      const { road, lon, lat } = randomRoadPoint(pack.roads, rnd);
      const grid = pack.locateGrid(lon, lat);
      const name = `${rnd.pick(content.surnames)}${rnd.pick(content.givenNames)}`;
      const route = PatrolRoute.onRoad(road, rnd.next(), 600, 0.9 + rnd.next() * 0.6, rnd.next() * 1200);
      const shift = rnd.pick(SHIFTS);
      const datum = rnd.chance(OLD_APP_SHARE) ? 'GCJ02' : 'WGS84';
      if (!grid) continue;
      workers.push({
        id: `W${String(workers.length + 1).padStart(4, '0')}`,
        name,
        grid,
        road: road.name,
        route,
        shift,
        datum,
      });
    }
    this.workers = workers;
  }

  get timezone(): string {
    return this.pack.manifest.timezone;
  }

  /** Every worker's latest position report at `now`. */
  workersAt(now: number): PatrolWorker[] {
    const minutes = localMinutes(now, this.timezone);
    const handling = new Set<string>();
    for (const c of this.cases(now)) {
      if (c.base.self_handled && stateOf(c, now).state === '处置中') handling.add(c.worker.id);
    }
    return this.workers.map((w, i) => {
      const onDuty = isOnDuty(w, minutes);
      const at = onDuty ? Math.floor(now / GPS_INTERVAL_MS) * GPS_INTERVAL_MS : this.lastShiftEnd(w, now);
      const gpsLost =
        onDuty &&
        (derivedSeed(this.seed, 'gps', Math.floor(at / GPS_INTERVAL_MS) * WORKERS + i) >>> 0) % 1000 <
          GPS_LOST_PER_MILLE;
      return {
        worker_id: w.id,
        name: w.name,
        grid_code: w.grid,
        location: gpsLost ? { lng: 0, lat: 0, coord_sys: w.datum } : this.position(w, at),
        state: !onDuty ? '离岗' : handling.has(w.id) ? '处置中' : '巡查中',
        reported_at: formatOffsetTime(at, this.pack.manifest.timezone),
      };
    });
  }

  /** Every case the API serves at `now`, in its state at `now`. */
  casesAt(now: number): PatrolCase[] {
    return this.cases(now).map((c) => this.record(c, now));
  }

  /** One page of `GET /patrol/cases`: updated_at ≥ since, newest change first (so paging never skips). */
  page(now: number, q: { since: number; offset: number; limit: number }) {
    const items = this.cases(now)
      .map((c) => ({ c, updated: stateOf(c, now).at }))
      .filter((x) => x.updated >= q.since)
      .sort((a, b) => b.updated - a.updated || a.c.base.case_id.localeCompare(b.c.base.case_id));
    return {
      ok: true as const,
      server_time: formatOffsetTime(now, this.pack.manifest.timezone),
      total: items.length,
      offset: q.offset,
      limit: q.limit,
      cases: items.slice(q.offset, q.offset + q.limit).map((x) => this.record(x.c, now)),
    };
  }

  /** On-site checks (核实) done in [since, now]: which fixed cases a worker confirmed or sent back. */
  verificationsSince(now: number, since: number): PatrolVerification[] {
    const tz = this.pack.manifest.timezone;
    return this.cases(now)
      .flatMap((c) =>
        c.verifications
          .filter((v) => v.at >= since && v.at <= now)
          .map((v) => ({
            case_id: c.base.case_id,
            worker_id: c.worker.id,
            result: v.result,
            note: v.note,
            verified_at: formatOffsetTime(v.at, tz),
          })),
      )
      .sort((a, b) => a.verified_at.localeCompare(b.verified_at) || a.case_id.localeCompare(b.case_id));
  }

  private cases(now: number): SimCase[] {
    const from = now - this.retentionMs;
    const out: SimCase[] = [];
    for (let h = Math.floor(from / this.bucketMs); h <= Math.floor(now / this.bucketMs); h++) {
      for (const c of this.bucket(h)) if (c.created > from && c.created <= now) out.push(c);
    }
    for (const h of this.buckets.keys()) if (h < Math.floor(from / this.bucketMs) - 1) this.buckets.delete(h);
    return out;
  }

  private record(c: SimCase, now: number): PatrolCase {
    const tz = this.pack.manifest.timezone;
    const { state, at } = stateOf(c, now);
    const record: PatrolCase = { ...c.base, state, updated_at: formatOffsetTime(at, tz) };
    switch (c.defect) {
      case 'unknown-issue':
        return { ...record, issue_type: '其他问题' };
      case 'no-offset-time':
        // An integration that dropped the offset: a local time nobody can place on the time line.
        return { ...record, reported_at: record.reported_at.slice(0, 19).replace('T', ' ') };
      case 'unknown-grid':
        return { ...record, grid_code: `${record.grid_code.slice(0, 9)}999999` };
      case 'unknown-datum':
        return { ...record, location: { ...record.location, coord_sys: 'CGCS2000' } };
      case 'missing-content': {
        const { content: _dropped, ...rest } = record;
        return rest as PatrolCase;
      }
      default:
        return record;
    }
  }

  private bucket(h: number): SimCase[] {
    let cases = this.buckets.get(h);
    if (cases) return cases;
    cases = [];
    const rnd = new Random(derivedSeed(this.seed, 'grid-cases', h));
    const perSecond = new Map<number, number>();
    let t = h * this.bucketMs;
    for (;;) {
      t += rnd.exponential((activityAt(t, this.pack.manifest.timezone) * this.rate) / MEAN_GAP_MS);
      if (t >= (h + 1) * this.bucketMs) break;
      const created = Math.floor(t);
      const minutes = localMinutes(created, this.timezone);
      const onDuty = this.workers.filter((w) => isOnDuty(w, minutes));
      // Drawn whether or not anyone is on duty, so the stream after a quiet spell does not depend on it.
      const worker = onDuty.length > 0 ? rnd.pick(onDuty) : null;
      const issue = rnd.weighted(content.issues, (i) => i.weight);
      const draws = Array.from({ length: 8 }, () => rnd.next());
      const defect = rnd.chance(this.defectRate) ? rnd.pick(DEFECTS) : null;
      if (!worker) continue;
      const second = Math.floor(created / 1000);
      const serial = (perSecond.get(second) ?? 0) + 1;
      perSecond.set(second, serial);
      cases.push(this.makeCase(worker, issue, created, serial, draws, defect));
    }
    // Waterlogging seen on patrol: the nearest worker on duty reports it from the spot (own seeds per report).
    const issue = content.issues.find((i) => i.type === '道路积水');
    for (const { incident, report } of this.incidents?.reportsIn(
      'grid',
      h * this.bucketMs,
      (h + 1) * this.bucketMs,
    ) ?? []) {
      const minutes = localMinutes(report.at, this.timezone);
      let worker: Worker | null = null;
      let best = Number.POSITIVE_INFINITY;
      for (const w of this.workers) {
        if (!isOnDuty(w, minutes)) continue;
        const [x, y] = w.route.positionAt(report.at);
        const d = Math.hypot((x - report.lon) * Math.cos((y * Math.PI) / 180), y - report.lat);
        if (d < best) [best, worker] = [d, w];
      }
      if (!worker || !issue || !this.pack.locateGrid(report.lon, report.lat)) continue;
      const rnd = new Random(report.seed);
      rnd.next();
      const second = Math.floor(report.at / 1000);
      const serial = (perSecond.get(second) ?? 0) + 1;
      perSecond.set(second, serial);
      const c = this.makeCase(
        worker,
        issue,
        report.at,
        serial,
        Array.from({ length: 8 }, () => rnd.next()),
        null,
        { at: [report.lon, report.lat], road: incident.roadName },
      );
      this.incidents!.record('grid', c.base.case_id, incident.id);
      cases.push(c);
    }
    this.buckets.set(h, cases);
    return cases;
  }

  private makeCase(
    worker: Worker,
    issue: (typeof content.issues)[number],
    created: number,
    serial: number,
    draws: number[],
    defect: Defect | null,
    /** Where the case is (WGS-84) and on which road, when not where the worker stands (an incident's spot). */
    spot?: { at: [number, number]; road: string },
  ): SimCase {
    const tz = this.pack.manifest.timezone;
    const [d0, d1, d2, d3, d4, d5, d6, d7] = draws as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const wgs = spot?.at ?? worker.route.positionAt(created);
    const grid = this.pack.locateGrid(wgs[0], wgs[1]) ?? worker.grid;
    const place = `${spot?.road ?? worker.road}${1 + Math.floor(d0 * 1200)}号`;
    const district = this.pack.codeNames.get(this.pack.locate(wgs[0], wgs[1]).district ?? '') ?? '';
    const selfHandled = d1 < issue.selfHandle;
    const min = (lo: number, hi: number, r: number) =>
      Math.round(((lo + r * (hi - lo)) * MINUTE) / this.rate);
    const changes: SimCase['changes'] = [];
    let at = created;
    if (!selfHandled) changes.push({ at: (at += min(5, 30, d2)), state: '已立案' });
    changes.push({ at: (at += selfHandled ? min(1, 3, d3) : min(10, 60, d3)), state: '处置中' });
    changes.push({ at: (at += selfHandled ? min(5, 20, d4) : min(30, 240, d4)), state: '已处置' });
    const verifications: SimCase['verifications'] = [];
    at += min(30, 120, d5);
    const notes = content.verificationNotes;
    if (d6 < VERIFY_FAIL_RATE) {
      verifications.push({
        at,
        result: '不通过',
        note: notes['不通过'][Math.floor(d7 * notes['不通过'].length)]!,
      });
      changes.push({ at, state: '处置中' });
      changes.push({ at: (at += min(30, 90, d7)), state: '已处置' });
      at += min(30, 60, d5);
    }
    verifications.push({ at, result: '通过', note: notes['通过'][Math.floor(d7 * notes['通过'].length)]! });
    changes.push({ at, state: '已核实' });
    return {
      created,
      worker,
      changes: defect ? [] : changes,
      verifications: defect ? [] : verifications,
      defect,
      base: {
        case_id: `WG${compactLocal(created, tz)}${String(serial).padStart(2, '0')}`,
        grid_code: grid,
        worker_id: worker.id,
        worker_name: worker.name,
        issue_type: issue.type,
        content: issue.texts[Math.floor(d2 * issue.texts.length)]!.replace('{place}', place),
        address: `上海市${district}${place}`,
        location: spot ? this.inDatum(worker, spot.at) : this.position(worker, created),
        photos: 1 + Math.floor(d3 * 3),
        self_handled: selfHandled,
        reported_at: formatOffsetTime(created, tz),
      },
    };
  }

  /** Position in the worker app's datum, 6 decimals. */
  private position(w: Worker, at: number): PatrolWorker['location'] {
    return this.inDatum(w, w.route.positionAt(at));
  }

  private inDatum(w: Worker, wgs: [number, number]): PatrolWorker['location'] {
    const [lng, lat] =
      w.datum === 'GCJ02' ? (gcoord.transform(wgs, gcoord.WGS84, gcoord.GCJ02) as [number, number]) : wgs;
    return { lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6, coord_sys: w.datum };
  }

  /** The end of the worker's most recent shift before `time`: where and when an off-duty worker last reported. */
  private lastShiftEnd(w: Worker, time: number): number {
    const m = localMinutes(time, this.pack.manifest.timezone);
    const midnight = Math.floor((time - m * MINUTE) / MINUTE) * MINUTE;
    const end = midnight + (w.shift[1] % DAY_MINUTES) * MINUTE;
    return end <= time ? end : end - 24 * HOUR;
  }
}

function isOnDuty(w: Worker, localMinute: number): boolean {
  const [start, end] = w.shift;
  if (end <= DAY_MINUTES) return localMinute >= start && localMinute < end;
  return localMinute >= start || localMinute < end - DAY_MINUTES;
}

function stateOf(c: SimCase, now: number): { state: string; at: number } {
  let latest = { state: '已上报', at: c.created };
  for (const ch of c.changes) if (ch.at <= now) latest = ch;
  return latest;
}

function localMinutes(time: number, timezone: string): number {
  const d = new TZDate(time, timezone);
  return d.getHours() * 60 + d.getMinutes() + d.getSeconds() / 60 + d.getMilliseconds() / MINUTE;
}

/** Parses `since` (the platform's own time format; absent = everything) and paging; a string is the error. */
export function parseSince(q: URLSearchParams): number | string {
  const raw = q.get('since');
  if (raw === null || raw === '') return 0;
  const t = parseOffsetTime(raw);
  return t === null ? `since must be YYYY-MM-DDTHH:mm:ss±HH:MM, got "${raw}"` : t;
}

function parsePaging(q: URLSearchParams): { offset: number; limit: number } | string {
  const offset = q.get('offset') ?? '0';
  const limit = q.get('limit') ?? '100';
  if (!/^\d{1,9}$/.test(offset)) return 'offset must be a non-negative integer';
  if (!/^\d{1,3}$/.test(limit) || Number(limit) < 1 || Number(limit) > MAX_LIMIT)
    return `limit must be 1..${MAX_LIMIT}`;
  return { offset: Number(offset), limit: Number(limit) };
}

const bad = (msg: string) => ({ status: 400, body: { ok: false, error: msg } });

/** The platform's patrol API over HTTP on its own port; `now` is its clock (tests move it). */
export function createGridVendor(
  world: GridWorld,
  log: Logger,
  now: () => number = Date.now,
): VendorHttpServer {
  return new VendorHttpServer(
    'grid',
    {
      [CASES_PATH]: (query) => {
        const since = parseSince(query);
        const paging = parsePaging(query);
        if (typeof since === 'string') return bad(since);
        if (typeof paging === 'string') return bad(paging);
        return { status: 200, body: world.page(now(), { since, ...paging }) };
      },
      [WORKERS_PATH]: () => {
        const t = now();
        return {
          status: 200,
          body: { ok: true, server_time: formatOffsetTime(t, world.timezone), workers: world.workersAt(t) },
        };
      },
      [VERIFICATIONS_PATH]: (query) => {
        const since = parseSince(query);
        if (typeof since === 'string') return bad(since);
        const t = now();
        return {
          status: 200,
          body: {
            ok: true,
            server_time: formatOffsetTime(t, world.timezone),
            verifications: world.verificationsSince(t, since),
          },
        };
      },
    },
    log,
  );
}

/** The simulated 网格化 platform: its own HTTP server, found by the connector when no GRID_URL is set. */
export function createGridSimulator(ctx: SubsystemContext): Runnable {
  const log = ctx.log.child({ source: 'grid', sim: true });
  const world = new GridWorld(
    ctx.pack,
    ctx.config.SIM_SEED,
    ctx.config.SIM_RATE,
    sharedIncidents(ctx),
    ctx.config.SIM_DEFECT_RATE,
  );
  const vendor = createGridVendor(world, log);
  const endpoint = simEndpoint(ctx, 'grid');
  return {
    async start() {
      const url = await vendor.start();
      endpoint.set(url);
      log.info({ url, workers: world.workers.length }, 'grid simulator listening');
    },
    async stop() {
      endpoint.set(null);
      await vendor.stop();
    },
  };
}
