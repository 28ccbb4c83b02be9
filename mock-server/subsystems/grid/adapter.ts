import gcoord from 'gcoord';
import type { EventDraft } from '../../../src/contract/event';
import type { FieldWorker } from '../../../src/contract/entities';
import { toUtcInstant } from '../../../src/contract/time';
import type { CityPack } from '../../city-packs/load';
import {
  reject,
  type Adapter,
  type AdaptResult,
  type AdapterContext,
  type Rejection,
} from '../../pipeline/adapter';
import { PatrolCase, PatrolWorker, parseOffsetTime } from './native';

/** Margin around the city pack's bounds within which a location is still plausible (degrees, ~5 km). */
const BOUNDS_MARGIN = 0.05;
const DATUMS = { WGS84: gcoord.WGS84, GCJ02: gcoord.GCJ02, BD09: gcoord.BD09 } as const;

/**
 * 网格化 records → contract: a patrol case becomes an Event with its unit-grid cell; a worker's position report
 * becomes a `workers` state. The platform serves both from different endpoints; a record says which it is by
 * its key (`case_id` or, alone, `worker_id`), so a dead-lettered record replays without its endpoint.
 */
export const gridAdapter: Adapter = {
  source: 'grid',
  adapt(raw: unknown, { pack }: AdapterContext): AdaptResult {
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      if (Object.hasOwn(raw, 'case_id')) return adaptCase(raw, pack);
      if (Object.hasOwn(raw, 'worker_id')) return adaptWorker(raw, pack);
    }
    return reject('INTAKE_SCHEMA', 'neither a patrol case (case_id) nor a worker report (worker_id)', [
      { path: '(root)', message: 'expected an object with case_id or worker_id' },
    ]);
  },
};

function adaptCase(raw: object, pack: CityPack): AdaptResult {
  const parsed = PatrolCase.safeParse(raw);
  if (!parsed.success) return schemaError('patrol case', parsed.error.issues);
  const c = parsed.data;
  const table = pack.codeTables.grid;
  const issue = table.issueTypes[c.issue_type];
  if (!issue) return unknown('issue_type', `unknown issue type "${c.issue_type}"`);
  const state = table.caseStates[c.state];
  if (!state) return unknown('state', `unknown case state "${c.state}"`);
  if (!pack.gridCodes.has(c.grid_code)) return unknown('grid_code', `unknown unit-grid code ${c.grid_code}`);
  const reported = parseOffsetTime(c.reported_at);
  const updated = parseOffsetTime(c.updated_at);
  if (reported === null) return badTime('reported_at', c.reported_at);
  if (updated === null) return badTime('updated_at', c.updated_at);
  if (updated < reported) {
    return reject('BAD_TIME', `updated_at ${c.updated_at} is before reported_at ${c.reported_at}`, [
      { path: 'updated_at', message: 'before reported_at' },
    ]);
  }
  const at = toWgs84(c.location, pack);
  if ('ok' in at) return at;
  const { district, street } = pack.locate(at.lon, at.lat);
  const attributes: EventDraft['attributes'] = {
    issueType: c.issue_type,
    nativeStatus: c.state,
    sourceStatus: state.reports,
    workerId: c.worker_id,
    workerName: c.worker_name,
    selfHandled: c.self_handled,
    photos: c.photos,
    coordSys: c.location.coord_sys,
  };
  // The case's grid is the worker's word; a cell that contradicts the position is flagged, not corrected.
  const located = pack.locateGrid(at.lon, at.lat);
  if (located !== null && located !== c.grid_code) {
    attributes['gridMismatch'] = true;
    attributes['locatedGrid'] = located;
  }
  return {
    ok: true,
    drafts: [
      {
        source: 'grid',
        nativeId: c.case_id,
        category: issue.category,
        title: `${c.issue_type} · 网格巡查`,
        description: c.content,
        severity: issue.severity,
        location: { lon: round6(at.lon), lat: round6(at.lat) },
        address: c.address,
        district,
        street,
        grid: c.grid_code,
        reportedAt: toUtcInstant(reported),
        sourceUpdatedAt: toUtcInstant(updated),
        cameraIds: [],
        reporter: null,
        attributes,
      },
    ],
  };
}

function adaptWorker(raw: object, pack: CityPack): AdaptResult {
  const parsed = PatrolWorker.safeParse(raw);
  if (!parsed.success) return schemaError('worker report', parsed.error.issues);
  const w = parsed.data;
  const status = pack.codeTables.grid.workerStates[w.state];
  if (!status) return unknown('state', `unknown worker state "${w.state}"`);
  if (!pack.gridCodes.has(w.grid_code)) return unknown('grid_code', `unknown unit-grid code ${w.grid_code}`);
  const reported = parseOffsetTime(w.reported_at);
  if (reported === null) return badTime('reported_at', w.reported_at);
  const at = toWgs84(w.location, pack);
  if ('ok' in at) return at;
  const item: FieldWorker = {
    id: w.worker_id,
    name: w.name,
    grid: w.grid_code,
    district: pack.locate(at.lon, at.lat).district,
    location: { lon: round6(at.lon), lat: round6(at.lat) },
    status,
    updatedAt: toUtcInstant(reported),
  };
  return { ok: true, drafts: [], states: [{ topic: 'workers', item }] };
}

/** The app's datum → WGS-84, or the rejection (unknown datum, outside the city). */
function toWgs84(
  p: { lng: number; lat: number; coord_sys: string },
  pack: CityPack,
): { lon: number; lat: number } | Rejection {
  const known = pack.codeTables.grid.coordSystems as readonly string[];
  if (!known.includes(p.coord_sys) || !Object.hasOwn(DATUMS, p.coord_sys)) {
    return unknown('location.coord_sys', `unknown coordinate system "${p.coord_sys}"`);
  }
  const [lon, lat] = gcoord.transform(
    [p.lng, p.lat],
    DATUMS[p.coord_sys as keyof typeof DATUMS],
    gcoord.WGS84,
  ) as [number, number];
  const [w, s, e, n] = pack.manifest.bounds;
  if (
    !Number.isFinite(lon) ||
    !Number.isFinite(lat) ||
    lon < w - BOUNDS_MARGIN ||
    lon > e + BOUNDS_MARGIN ||
    lat < s - BOUNDS_MARGIN ||
    lat > n + BOUNDS_MARGIN
  ) {
    return reject('COORD_OUT_OF_RANGE', `location ${p.lng},${p.lat} (${p.coord_sys}) is outside the city`, [
      { path: 'location.lng', message: 'outside the city' },
    ]);
  }
  return { lon, lat };
}

function schemaError(what: string, issues: readonly { path: PropertyKey[]; message: string }[]): Rejection {
  return reject(
    'INTAKE_SCHEMA',
    `${what} does not match the 网格化 platform schema`,
    issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
  );
}

function unknown(path: string, message: string): Rejection {
  return reject('UNKNOWN_CODE', message, [{ path, message: 'not in the code table' }]);
}

function badTime(path: string, value: string): Rejection {
  return reject('BAD_TIME', `${path} "${value}" is not a valid time`, [{ path, message: 'invalid date' }]);
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
