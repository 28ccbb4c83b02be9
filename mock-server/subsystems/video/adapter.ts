import type { Camera } from '../../../src/contract/entities';
import { eventId, type EventDraft } from '../../../src/contract/event';
import { reject, type Adapter, type AdapterContext, type AdaptResult } from '../../pipeline/adapter';
import { CAMERA_TYPES, parseGb28181Id } from './gb28181';
import { AlarmPush, StatusPush, VideoDevice } from './native';

/** Margin around the city pack's bounds within which a location is still plausible (degrees, ~5 km). */
const BOUNDS_MARGIN = 0.05;
/** GB/T 28181 DirectionType → compass degrees the camera looks at. */
const DIRECTION_DEGREES: Record<number, number> = {
  1: 90,
  2: 270,
  3: 180,
  4: 0,
  5: 135,
  6: 45,
  7: 225,
  8: 315,
};

type Issues = { path: string; message: string }[];
const issuesOf = (e: { issues: { path: PropertyKey[]; message: string }[] }, prefix = ''): Issues =>
  e.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: i.message,
  }));

/**
 * Video platform records → camera states (+ events for AI alarms). Every record carries the platform's full
 * device record with its `updateTime`, so the adapter needs no stored state: the store keeps the newest record
 * per camera, and a re-polled catalogue or a redelivered push changes nothing.
 */
export const videoAdapter: Adapter = {
  source: 'video',
  adapt(raw: unknown, ctx: AdapterContext): AdaptResult {
    const msgType = raw && typeof raw === 'object' ? (raw as { msgType?: unknown }).msgType : undefined;
    if (msgType === undefined) {
      const parsed = VideoDevice.safeParse(raw);
      if (!parsed.success)
        return reject(
          'INTAKE_SCHEMA',
          'catalogue item does not match the device schema',
          issuesOf(parsed.error),
        );
      const camera = cameraOf(parsed.data, ctx);
      return camera.ok
        ? { ok: true, drafts: [], states: [{ topic: 'cameras', item: camera.camera }] }
        : camera;
    }
    if (msgType === 'status') {
      const parsed = StatusPush.safeParse(raw);
      if (!parsed.success)
        return reject(
          'INTAKE_SCHEMA',
          'status push does not match the platform schema',
          issuesOf(parsed.error),
        );
      const camera = cameraOf(parsed.data.device, ctx, 'device');
      return camera.ok
        ? { ok: true, drafts: [], states: [{ topic: 'cameras', item: camera.camera }] }
        : camera;
    }
    if (msgType === 'alarm') return adaptAlarm(raw, ctx);
    return reject('UNKNOWN_CODE', `unknown msgType ${JSON.stringify(msgType)?.slice(0, 40)}`, [
      { path: 'msgType', message: 'expected status or alarm' },
    ]);
  },
};

function adaptAlarm(raw: unknown, ctx: AdapterContext): AdaptResult {
  const parsed = AlarmPush.safeParse(raw);
  if (!parsed.success)
    return reject('INTAKE_SCHEMA', 'alarm push does not match the platform schema', issuesOf(parsed.error));
  const a = parsed.data;
  const table = ctx.pack.codeTables.videoAlarms;
  const type = table.alarmTypes[a.alarmType];
  if (!type)
    return reject('UNKNOWN_CODE', `unknown alarm type "${a.alarmType}"`, [
      { path: 'alarmType', message: 'not in the code table' },
    ]);
  const severity = table.priorities[String(a.alarmPriority)];
  if (!severity)
    return reject('UNKNOWN_CODE', `unknown alarm priority ${a.alarmPriority}`, [
      { path: 'alarmPriority', message: 'not in the code table' },
    ]);
  const camera = cameraOf(a.device, ctx, 'device');
  if (!camera.ok) return camera;
  const reportedAt = utc(a.alarmTime);
  const endedAt = a.endTime === undefined ? null : utc(a.endTime);
  if (reportedAt === null)
    return reject('BAD_TIME', `alarmTime "${a.alarmTime}" is not a valid time`, [
      { path: 'alarmTime', message: 'invalid' },
    ]);
  if (a.alarmState === 'end' && endedAt === null) {
    return reject('BAD_TIME', 'an ended alarm needs a valid endTime', [
      { path: 'endTime', message: 'missing or invalid' },
    ]);
  }
  const c = camera.camera;
  const draft: EventDraft = {
    source: 'video',
    nativeId: a.alarmId,
    category: type.category,
    title: `${type.name} · ${c.name}`,
    description: a.description ?? `${c.name} 智能分析检测到${type.name}`,
    severity,
    location: c.location,
    address: a.device.address ?? c.name,
    district: c.district,
    street: c.street,
    grid: null,
    reportedAt,
    sourceUpdatedAt: endedAt ?? reportedAt,
    cameraIds: [c.id],
    reporter: null,
    attributes: {
      alarmType: a.alarmType,
      alarmState: a.alarmState === 'end' ? 'ended' : 'active',
      priority: a.alarmPriority,
      ...(a.confidence === undefined ? {} : { confidence: a.confidence }),
      ...(a.picUrl === undefined ? {} : { picUrl: a.picUrl }),
      ...(endedAt === null ? {} : { endedAt }),
      ...(c.districtMismatch ? { districtMismatch: true } : {}),
    },
  };
  // The device record says which alarm is open now; for a start push that is this one.
  const item: Camera =
    a.alarmState === 'start' && a.device.activeAlarmId === undefined
      ? { ...c, alarmEventId: eventId('video', a.alarmId) }
      : c;
  return { ok: true, drafts: [draft], states: [{ topic: 'cameras', item }] };
}

function cameraOf(
  d: VideoDevice,
  { pack }: AdapterContext,
  prefix = '',
): { ok: true; camera: Camera } | ReturnType<typeof reject> {
  const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
  const id = parseGb28181Id(d.deviceId, (code) => pack.codeNames.has(code));
  if (!id.ok) return { ...id, details: id.details?.map((x) => ({ ...x, path: at(x.path) })) };
  if (!CAMERA_TYPES.has(id.value.type)) {
    return reject(
      'UNKNOWN_CODE',
      `device ${d.deviceId} is a ${id.value.typeName} (type ${id.value.type}), not a camera`,
      [{ path: at('deviceId.type'), message: 'expected 131 or 132' }],
    );
  }
  const [w, s, e, n] = pack.manifest.bounds;
  const { longitude: lon, latitude: lat } = d;
  if (
    lon < w - BOUNDS_MARGIN ||
    lon > e + BOUNDS_MARGIN ||
    lat < s - BOUNDS_MARGIN ||
    lat > n + BOUNDS_MARGIN
  ) {
    return reject(
      'COORD_OUT_OF_RANGE',
      `camera ${d.deviceId} at ${lon},${lat} is outside ${pack.manifest.name.en}`,
      [{ path: at('longitude'), message: 'outside the city' }],
    );
  }
  const updatedAt = utc(d.updateTime);
  if (updatedAt === null)
    return reject('BAD_TIME', `updateTime "${d.updateTime}" is not a valid time`, [
      { path: at('updateTime'), message: 'invalid' },
    ]);
  const { district, street } = pack.locate(lon, lat);
  // The owning centre in the id should be where the camera stands; when not, the officer is told, not misled.
  const districtMismatch = id.value.district !== null && district !== null && id.value.district !== district;
  return {
    ok: true,
    camera: {
      id: d.deviceId,
      name: d.name,
      location: { lon: round6(lon), lat: round6(lat) },
      district,
      street,
      online: d.status === 'ON',
      direction: d.directionType === undefined ? null : DIRECTION_DEGREES[d.directionType]!,
      alarmEventId: d.activeAlarmId ? eventId('video', d.activeAlarmId) : null,
      districtMismatch,
      updatedAt,
    },
  };
}

function utc(text: string): string | null {
  const t = Date.parse(text);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
