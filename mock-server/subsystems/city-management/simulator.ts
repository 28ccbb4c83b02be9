import gcoord from 'gcoord';
import type { Logger } from 'pino';
import type { CityPack } from '../../city-packs/load';
import { activityAt } from '../../simulation/city-rhythm';
import { derivedSeed } from '../../simulation/derived-seed';
import { compactLocal } from '../../simulation/local-time';
import { Random } from '../../simulation/random';
import {
  sharedIncidents,
  type Incident,
  type IncidentScenario,
  type PlannedReport,
} from '../../simulation/incidents';
import { randomRoadPoint } from '../../simulation/road-points';
import { simEndpoint } from '../../simulation/sim-endpoints';
import { VendorHttpServer } from '../../simulation/vendor-http';
import type { Runnable, SubsystemContext } from '../types';
import { CASES_PATH, type CasePage, type CityManagementCase } from './native';
import content from './simulator-content.json' with { type: 'json' };

const HOUR = 3_600_000;
/** Mean gap between new cases at average activity, before SIM_RATE (≈ 2,900 cases a day for 8 districts). */
const MEAN_GAP_MS = 30_000;
/** The platform's API serves cases created within this window (older ones are archived). */
const RETENTION_MS = 8 * HOUR;
/** Share of cases the platform stores with defects (unknown class, ms times, bad coordinates, …). */
const DEFECT_RATE = 0.02;
/**
 * Minutes each step of a case takes at SIM_RATE 1, [min, max]:
 * 信息收集 → 案卷建立 → 任务派遣 → 任务处理 → 处理反馈 → 核查结案.
 */
const STEP_MINUTES: readonly [number, number][] = [
  [2, 10],
  [3, 20],
  [5, 45],
  [20, 180],
  [10, 90],
];
const STATUS_NAMES = ['信息收集', '案卷建立', '任务派遣', '任务处理', '处理反馈', '核查结案'] as const;
/** Handling deadline from creation, hours at SIM_RATE 1: 突发事件 (major 04) are urgent. */
const DEADLINE_HOURS = { urgent: 2, normal: 4 };
const MAX_PAGE_SIZE = 500;
/** The 事件 class a supervisor files a ground-truth incident under (simulation/incidents.ts). */
const INCIDENT_CLASS: Partial<Record<Incident['kind'], string>> = {
  waterlogging: '0406',
  'pipe-burst': '0402',
  fire: '0408',
};

type Defect = 'unknown-class' | 'ms-time' | 'bad-coords' | 'unknown-grid' | 'missing-field';
const DEFECTS: readonly Defect[] = [
  'unknown-class',
  'ms-time',
  'bad-coords',
  'unknown-grid',
  'missing-field',
];

/** A case as the simulated platform stores it: its whole future is drawn at creation. */
interface SimCase {
  base: Omit<CityManagementCase, 'statusCode' | 'statusName' | 'updateTime' | 'handleDept'>;
  dept: string;
  created: number;
  /** Absolute times (ms) of statuses 2…6; empty for defective cases, which the platform never moves on. */
  steps: number[];
  defect: Defect | null;
}

/**
 * The simulated 数字城管 platform's case database, as a pure function of (seed, SIM_RATE, time): cases are
 * generated per bucket (an hour at SIM_RATE 1) from a seed derived from that bucket, with their whole lifecycle
 * drawn up front.
 * Asking twice, or after a restart, gives the same cases with the same codes and states; a case moves along
 * its lifecycle as time passes, so a poller must pick up updates, not only new cases.
 */
export class CityManagementWorld {
  private readonly buckets = new Map<number, SimCase[]>();
  private readonly retentionMs: number;
  /** Cases are generated per bucket of this length (an hour at SIM_RATE 1), each from its own seed. */
  private readonly bucketMs: number;

  constructor(
    private readonly pack: CityPack,
    private readonly seed: number,
    private readonly rate = 1,
    /** Ground-truth incidents the platform's supervisors also file cases about (none: background cases only). */
    private readonly incidents: IncidentScenario | null = null,
    private readonly defectRate = DEFECT_RATE,
  ) {
    // Everything scales with SIM_RATE (lifecycles run faster), so the window and the generation bucket do too:
    // a busy demo serves about as many records as a realistic one, just younger.
    this.retentionMs = RETENTION_MS / rate;
    this.bucketMs = Math.max(60_000, Math.round(HOUR / rate));
  }

  /** Every case the API serves at `now`, in its state at `now`. */
  casesAt(now: number): CityManagementCase[] {
    const from = now - this.retentionMs;
    const out: CityManagementCase[] = [];
    for (let h = Math.floor(from / this.bucketMs); h <= Math.floor(now / this.bucketMs); h++) {
      for (const c of this.bucket(h)) if (c.created > from && c.created <= now) out.push(stateAt(c, now));
    }
    for (const h of this.buckets.keys()) if (h < Math.floor(from / this.bucketMs) - 1) this.buckets.delete(h);
    return out;
  }

  /** One page of `GET /api/cases` at `now`. */
  page(now: number, q: { updatedSince: number; page: number; pageSize: number }): CasePage {
    const items = this.casesAt(now)
      .filter((c) => c.updateTime >= q.updatedSince)
      // Newest change first: a case that changes while a poller pages moves to page 1 (already read, or
      // read next poll), so the pages after it can only repeat an item, never skip one.
      .sort((a, b) => b.updateTime - a.updateTime || a.caseCode.localeCompare(b.caseCode));
    const start = (q.page - 1) * q.pageSize;
    return {
      code: 0,
      msg: '成功',
      serverTime: Math.floor(now / 1000),
      data: {
        total: items.length,
        page: q.page,
        pageSize: q.pageSize,
        items: items.slice(start, start + q.pageSize),
      },
    };
  }

  private bucket(h: number): SimCase[] {
    let cases = this.buckets.get(h);
    if (cases) return cases;
    cases = [];
    const rnd = new Random(derivedSeed(this.seed, 'city-management', h));
    const perSecond = new Map<number, number>();
    const tz = this.pack.manifest.timezone;
    let t = h * this.bucketMs;
    for (;;) {
      t += rnd.exponential((activityAt(t, tz) * this.rate) / MEAN_GAP_MS);
      if (t >= (h + 1) * this.bucketMs) break;
      const created = Math.floor(t);
      const second = Math.floor(created / 1000);
      const serial = (perSecond.get(second) ?? 0) + 1;
      perSecond.set(second, serial);
      const c = this.makeCase(rnd, created, serial);
      if (c) cases.push(c);
    }
    // Cases about ground-truth incidents, from their own seeds: the background cases are the same either way.
    for (const { incident, report } of this.incidents?.reportsIn(
      'city-management',
      h * this.bucketMs,
      (h + 1) * this.bucketMs,
    ) ?? []) {
      const second = Math.floor(report.at / 1000);
      const serial = (perSecond.get(second) ?? 0) + 1;
      const c = this.incidentCase(incident, report, serial);
      if (!c) continue;
      perSecond.set(second, serial);
      this.incidents!.record('city-management', c.base.caseCode, incident.id);
      cases.push(c);
    }
    this.buckets.set(h, cases);
    return cases;
  }

  private incidentCase(incident: Incident, report: PlannedReport, serial: number): SimCase | null {
    return incidentCaseOf(this.pack, this.rate, incident, report, serial);
  }

  private makeCase(rnd: Random, created: number, serial: number): SimCase | null {
    const { pack } = this;
    const spec = rnd.weighted(content.classes, (c) => c.weight);
    const kind = spec.kind as '部件' | '事件';
    let spot: { lon: number; lat: number; road: string; grid: string; district: string } | null = null;
    for (let i = 0; i < 10 && !spot; i++) {
      const { road, lon, lat } = randomRoadPoint(pack.roads, rnd);
      const grid = pack.locateGrid(lon, lat);
      const { district } = pack.locate(lon, lat);
      if (grid && district) spot = { lon, lat, road: road.name, grid, district };
    }
    if (!spot) return null;
    const className = pack.codeTables.cityManagement.classes[kind][spec.code]?.name ?? '未知';
    const [bdX, bdY] = gcoord.transform([spot.lon, spot.lat], gcoord.WGS84, gcoord.BD09) as [number, number];
    const scale = 1 / this.rate;
    const steps: number[] = [];
    let at = created;
    for (const [lo, hi] of STEP_MINUTES) {
      at += Math.round((lo + rnd.next() * (hi - lo)) * 60_000 * scale);
      steps.push(at);
    }
    const urgent = kind === '事件' && spec.code.startsWith('04');
    const deadline = created + (urgent ? DEADLINE_HOURS.urgent : DEADLINE_HOURS.normal) * HOUR * scale;
    const source = rnd.weighted(content.sources, (s) => s.weight).value;
    const defect = rnd.chance(this.defectRate) ? rnd.pick(DEFECTS) : null;
    return {
      created,
      steps: defect ? [] : steps,
      defect,
      dept: rnd.pick(content.depts[kind]),
      base: {
        caseCode: `${compactLocal(created, pack.manifest.timezone)}${String(serial).padStart(2, '0')}`,
        caseKind: kind,
        mainTypeCode: spec.code.slice(0, 2),
        subTypeCode: spec.code.slice(2),
        subTypeName: className,
        componentId:
          kind === '部件'
            ? `${spot.district}${spec.code}${String(rnd.int(1, 999_999)).padStart(6, '0')}`
            : null,
        gridCode: spot.grid,
        bdX: round6(bdX),
        bdY: round6(bdY),
        address: `上海市${pack.codeNames.get(spot.district) ?? ''}${spot.road}${rnd.int(1, 1200)}号附近`,
        description: rnd.pick(spec.texts),
        caseSource: source,
        createTime: Math.floor(created / 1000),
        deadlineTime: Math.floor(deadline / 1000),
        supervisorId: source === '监督员上报' ? `JD${String(rnd.int(1, 400)).padStart(4, '0')}` : null,
      },
    };
  }
}

/** A supervisor's case about a ground-truth incident, at the report's time and spot (no defects: it is the truth). */
function incidentCaseOf(
  pack: CityPack,
  rate: number,
  incident: Incident,
  report: PlannedReport,
  serial: number,
): SimCase | null {
  const code = INCIDENT_CLASS[incident.kind];
  const grid = pack.locateGrid(report.lon, report.lat);
  const { district } = pack.locate(report.lon, report.lat);
  if (!code || !grid || !district) return null;
  const rnd = new Random(report.seed);
  rnd.next();
  const spec = content.classes.find((c) => c.kind === '事件' && c.code === code);
  const className = pack.codeTables.cityManagement.classes['事件'][code]?.name ?? '未知';
  const [bdX, bdY] = gcoord.transform([report.lon, report.lat], gcoord.WGS84, gcoord.BD09) as [
    number,
    number,
  ];
  const steps: number[] = [];
  let at = report.at;
  for (const [lo, hi] of STEP_MINUTES) {
    at += Math.round(((lo + rnd.next() * (hi - lo)) * 60_000) / rate);
    steps.push(at);
  }
  return {
    created: report.at,
    steps,
    defect: null,
    dept: rnd.pick(content.depts['事件']),
    base: {
      caseCode: `${compactLocal(report.at, pack.manifest.timezone)}${String(serial).padStart(2, '0')}`,
      caseKind: '事件',
      mainTypeCode: code.slice(0, 2),
      subTypeCode: code.slice(2),
      subTypeName: className,
      componentId: null,
      gridCode: grid,
      bdX: round6(bdX),
      bdY: round6(bdY),
      address: `上海市${pack.codeNames.get(district) ?? ''}${incident.roadName}${rnd.int(1, 1200)}号附近`,
      description: spec ? rnd.pick(spec.texts) : className,
      caseSource: '监督员上报',
      createTime: Math.floor(report.at / 1000),
      deadlineTime: Math.floor((report.at + (DEADLINE_HOURS.urgent * HOUR) / rate) / 1000),
      supervisorId: `JD${String(rnd.int(1, 400)).padStart(4, '0')}`,
    },
  };
}

/** The native record of a case as the platform shows it at `now`. */
function stateAt(c: SimCase, now: number): CityManagementCase {
  let done = 0;
  while (done < c.steps.length && c.steps[done]! <= now) done++;
  const record: CityManagementCase = {
    ...c.base,
    statusCode: done + 1,
    statusName: STATUS_NAMES[done]!,
    updateTime: Math.floor((done === 0 ? c.created : c.steps[done - 1]!) / 1000),
    // The handling department is known from 任务派遣 on.
    handleDept: done >= 2 ? c.dept : null,
  };
  switch (c.defect) {
    case 'unknown-class':
      return { ...record, subTypeCode: '99', subTypeName: '其他' };
    case 'ms-time':
      // A vendor release that wrote milliseconds into a seconds field.
      return { ...record, createTime: c.created };
    case 'bad-coords':
      return { ...record, bdX: 0, bdY: 0 };
    case 'unknown-grid':
      return { ...record, gridCode: `${record.gridCode.slice(0, 9)}999999` };
    case 'missing-field': {
      const { address: _dropped, ...rest } = record;
      return rest as CityManagementCase;
    }
    default:
      return record;
  }
}

/** Parses the query of `GET /api/cases` like the platform does; a string is the error message. */
export function parseCaseQuery(
  q: URLSearchParams,
): { updatedSince: number; page: number; pageSize: number } | string {
  const int = (name: string, fallback: number, min: number, max: number): number | string => {
    const raw = q.get(name);
    if (raw === null || raw === '') return fallback;
    if (!/^\d+$/.test(raw)) return `${name} must be a non-negative integer`;
    const n = Number(raw);
    return n < min || n > max ? `${name} must be in ${min}..${max}` : n;
  };
  const updatedSince = int('updatedSince', 0, 0, Number.MAX_SAFE_INTEGER);
  const page = int('page', 1, 1, 1_000_000);
  const pageSize = int('pageSize', 100, 1, MAX_PAGE_SIZE);
  for (const v of [updatedSince, page, pageSize]) if (typeof v === 'string') return v;
  return { updatedSince: updatedSince as number, page: page as number, pageSize: pageSize as number };
}

/** The platform's case API over HTTP on its own port; `now` is its clock (tests move it). */
export function createCityManagementVendor(
  world: CityManagementWorld,
  log: Logger,
  now: () => number = Date.now,
): VendorHttpServer {
  return new VendorHttpServer(
    'city-management',
    {
      [CASES_PATH]: (query) => {
        const q = parseCaseQuery(query);
        if (typeof q === 'string') return { status: 400, body: { code: 400, msg: q } };
        return { status: 200, body: world.page(now(), q) };
      },
    },
    log,
  );
}

/** The simulated 数字城管 platform: its own HTTP server, found by the connector when no real URL is set. */
export function createCityManagementSimulator(ctx: SubsystemContext): Runnable {
  const log = ctx.log.child({ source: 'city-management', sim: true });
  const world = new CityManagementWorld(
    ctx.pack,
    ctx.config.SIM_SEED,
    ctx.config.SIM_RATE,
    sharedIncidents(ctx),
    ctx.config.SIM_DEFECT_RATE,
  );
  const vendor = createCityManagementVendor(world, log);
  const endpoint = simEndpoint(ctx, 'city-management');
  return {
    async start() {
      const url = await vendor.start();
      endpoint.set(url);
      log.info({ url, rate: ctx.config.SIM_RATE }, 'city-management simulator listening');
    },
    async stop() {
      endpoint.set(null);
      await vendor.stop();
    },
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
