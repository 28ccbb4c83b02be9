import gcoord from 'gcoord';
import type { TrafficCodeTable } from '../../../src/contract/city-pack';
import type { CongestionLevel, RoadSegmentState } from '../../../src/contract/entities';
import type { EventDraft, Severity } from '../../../src/contract/event';
import type { CityPack } from '../../city-packs/load';
import { localToUtc } from '../../codecs/local-time';
import {
  reject,
  type Adapter,
  type AdaptResult,
  type AdapterContext,
  type Rejection,
} from '../../pipeline/adapter';
import { compactToLocal, IncidentItem, SegmentItem, TrafficBatch } from './native';

/** Margin around the city pack's bounds within which a location is still plausible (degrees, ~5 km). */
const BOUNDS_MARGIN = 0.05;
/** Above this speed / free-flow ratio a reading is a sensor or unit error, not traffic. */
const MAX_RATIO = 3;

/**
 * The intake's batch splitter: a valid envelope → one record per segment and per incident, each with the batch
 * time. Anything that is not a batch with a real batch time goes to the adapter whole, which quarantines it.
 */
export function splitTrafficBatch(payload: unknown): unknown[] | null {
  const batch = TrafficBatch.safeParse(payload);
  if (!batch.success) return null;
  const { batchTime, segments, incidents } = batch.data;
  // A calendar check needs no time zone; a bad batch time is one dead letter, not one per segment.
  if (localToUtc(compactToLocal(batchTime) ?? '', 'UTC') === null) return null;
  const items: unknown[] = new Array(incidents.length + segments.length);
  let i = 0;
  // Segments last: the feed's lag is read from the last record, and a segment's time is the batch's own.
  for (const incident of incidents) items[i++] = { batchTime, incident };
  for (const segment of segments) items[i++] = { batchTime, segment };
  return items;
}

/**
 * 交警 batch record → contract: a segment reading becomes a `traffic` state (ratio and congestion level by the
 * pack's thresholds, district of the road), an incident an Event on its road (GCJ-02 → WGS-84, compact local
 * times → UTC, severity by the pack's rules).
 */
export const trafficAdapter: Adapter = {
  source: 'traffic',
  adapt(raw: unknown, { pack }: AdapterContext): AdaptResult {
    if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      if (Object.hasOwn(raw, 'segment')) return adaptSegment(raw, pack);
      if (Object.hasOwn(raw, 'incident')) return adaptIncident(raw, pack);
      if (Object.hasOwn(raw, 'segments')) return rejectBatch(raw);
    }
    return reject('INTAKE_SCHEMA', 'not a traffic batch, segment or incident record', [
      { path: '(root)', message: 'expected a batch (segments, incidents) or one of its items' },
    ]);
  },
};

function adaptSegment(raw: object, pack: CityPack): AdaptResult {
  const parsed = SegmentItem.safeParse(raw);
  if (!parsed.success) return schemaError('segment reading', parsed.error.issues);
  const { batchTime, segment: s } = parsed.data;
  const at = utcOf(batchTime, 'batchTime', pack);
  if (typeof at !== 'string') return at;
  const road = pack.roadById.get(s.roadId);
  if (!road) {
    return reject('UNKNOWN_CODE', `unknown road segment ${s.roadId}`, [
      { path: 'segment.roadId', message: 'not a road of the city pack' },
    ]);
  }
  const ratio = s.speed / s.freeFlowSpeed;
  if (ratio > MAX_RATIO) {
    return reject(
      'INTAKE_SCHEMA',
      `speed ${s.speed} is more than ${MAX_RATIO}× the free-flow ${s.freeFlowSpeed}`,
      [{ path: 'segment.speed', message: 'implausible against freeFlowSpeed' }],
    );
  }
  const item: RoadSegmentState = {
    id: road.id,
    speedKmh: s.speed,
    freeFlowKmh: s.freeFlowSpeed,
    ratio: Math.round(ratio * 1000) / 1000,
    level: levelOf(ratio, pack.codeTables.traffic),
    district: roadDistrict(pack, road.id),
    updatedAt: at,
  };
  return { ok: true, drafts: [], states: [{ topic: 'traffic', item }] };
}

function adaptIncident(raw: object, pack: CityPack): AdaptResult {
  const parsed = IncidentItem.safeParse(raw);
  if (!parsed.success) return schemaError('incident', parsed.error.issues);
  const { incident: i } = parsed.data;
  const table = pack.codeTables.traffic;
  const type = table.incidentTypes[i.type];
  if (!type) {
    return reject('UNKNOWN_CODE', `unknown incident type "${i.type}"`, [
      { path: 'incident.type', message: 'not in the code table' },
    ]);
  }
  const road = pack.roadById.get(i.roadId);
  if (!road) {
    return reject('UNKNOWN_CODE', `unknown road segment ${i.roadId}`, [
      { path: 'incident.roadId', message: 'not a road of the city pack' },
    ]);
  }
  const started = utcOf(i.startTime, 'incident.startTime', pack);
  if (typeof started !== 'string') return started;
  const updated = utcOf(i.updateTime, 'incident.updateTime', pack);
  if (typeof updated !== 'string') return updated;
  if (updated < started) {
    return reject('BAD_TIME', `updateTime ${i.updateTime} is before startTime ${i.startTime}`, [
      { path: 'incident.updateTime', message: 'before startTime' },
    ]);
  }
  const [lon, lat] = gcoord.transform([i.lng, i.lat], gcoord.GCJ02, gcoord.WGS84) as [number, number];
  const [w, s, e, n] = pack.manifest.bounds;
  if (
    !Number.isFinite(lon) ||
    !Number.isFinite(lat) ||
    lon < w - BOUNDS_MARGIN ||
    lon > e + BOUNDS_MARGIN ||
    lat < s - BOUNDS_MARGIN ||
    lat > n + BOUNDS_MARGIN
  ) {
    return reject('COORD_OUT_OF_RANGE', `incident at ${i.lng},${i.lat} (GCJ-02) is outside the city`, [
      { path: 'incident.lng', message: 'outside the city' },
    ]);
  }
  const { district, street } = pack.locate(lon, lat);
  const draft: EventDraft = {
    source: 'traffic',
    nativeId: i.incidentId,
    category: type.category,
    title: `${type.name} · ${road.name}`,
    description: i.description,
    severity: severityOf(i, type.severity, table),
    location: { lon: round6(lon), lat: round6(lat) },
    address: road.name,
    district,
    street,
    grid: pack.locateGrid(lon, lat),
    reportedAt: started,
    sourceUpdatedAt: updated,
    cameraIds: [],
    reporter: null,
    attributes: {
      incidentType: i.type,
      nativeStatus: i.status,
      sourceStatus: i.status === 'CLEARED' ? 'resolved' : 'reported',
      roadId: road.id,
      lanesBlocked: i.lanesBlocked,
      injuries: i.injuries,
    },
  };
  return { ok: true, drafts: [draft] };
}

/** A body that is no valid batch: quarantined whole, with what is wrong with its envelope. */
function rejectBatch(raw: object): Rejection {
  const parsed = TrafficBatch.safeParse(raw);
  if (!parsed.success) return schemaError('batch', parsed.error.issues);
  return reject('BAD_TIME', `batchTime "${parsed.data.batchTime}" is not a valid date and time`, [
    { path: 'batchTime', message: 'invalid date' },
  ]);
}

/** Congestion level by the pack's ratio thresholds. */
export function levelOf(ratio: number, table: TrafficCodeTable): CongestionLevel {
  if (ratio >= table.levels.free) return 'free';
  if (ratio >= table.levels.slow) return 'slow';
  if (ratio >= table.levels.congested) return 'congested';
  return 'jammed';
}

function severityOf(
  i: { type: string; lanesBlocked: number; injuries: number },
  base: Severity,
  table: TrafficCodeTable,
): Severity {
  const rule = table.severityRules.find(
    (r) =>
      (r.type === undefined || r.type === i.type) &&
      i.lanesBlocked >= (r.minLanesBlocked ?? 0) &&
      i.injuries >= (r.minInjuries ?? 0),
  );
  return rule?.severity ?? base;
}

/** A road's district by its middle point: memoized per pack (pure: same pack, same answer). */
const districtsByPack = new WeakMap<CityPack, Map<string, string | null>>();
function roadDistrict(pack: CityPack, roadId: string): string | null {
  let cache = districtsByPack.get(pack);
  if (!cache) {
    cache = new Map();
    districtsByPack.set(pack, cache);
  }
  let d = cache.get(roadId);
  if (d === undefined) {
    const coords = pack.roadById.get(roadId)?.coords ?? [];
    const mid = coords[Math.floor(coords.length / 2)];
    d = mid ? pack.locate(mid[0], mid[1]).district : null;
    cache.set(roadId, d);
  }
  return d;
}

/** The last conversion: every segment of a batch carries the same batch time (4,000 identical parses). */
let lastTime = { compact: '', timezone: '', utc: null as string | null };

function utcOf(compact: string, path: string, pack: CityPack): string | Rejection {
  const timezone = pack.manifest.timezone;
  if (lastTime.compact !== compact || lastTime.timezone !== timezone) {
    lastTime = { compact, timezone, utc: localToUtc(compactToLocal(compact) ?? '', timezone) };
  }
  const { utc } = lastTime;
  return (
    utc ?? reject('BAD_TIME', `${path} "${compact}" is not a valid time`, [{ path, message: 'invalid date' }])
  );
}

function schemaError(what: string, issues: readonly { path: PropertyKey[]; message: string }[]): Rejection {
  return reject(
    'INTAKE_SCHEMA',
    `${what} does not match the traffic police batch schema`,
    issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message })),
  );
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
