import type { IotThreshold } from '../../../src/contract/city-pack';
import { SensorType, type Sensor } from '../../../src/contract/entities';
import { eventId, type EventDraft } from '../../../src/contract/event';
import {
  reject,
  type Adapter,
  type AdapterContext,
  type AdaptResult,
  type Rejection,
} from '../../pipeline/adapter';
import { Telemetry } from './native';

/** What the connector hands the adapter: the MQTT topic, the decoded message and the sensor's stored state. */
export interface IotRecord {
  topic: string;
  message: unknown;
  /** The sensor's stored state (its alarm survives restarts there), or null for a new sensor. */
  previous: Sensor | null;
}

/** Margin around the city pack's bounds within which a location is still plausible (degrees, ~5 km). */
const BOUNDS_MARGIN = 0.05;
/** Plausible measurement times: a `ts` in epoch seconds (a common vendor slip) lands in 1970 and is refused. */
const MIN_TS = Date.parse('2015-01-01T00:00:00Z');
const MAX_TS = Date.parse('2100-01-01T00:00:00Z');

type Measured = { value: number; flags: string[] } | Rejection;

/**
 * MQTT telemetry → the sensor's state, and alarm events by the city pack's thresholds with hysteresis: raised
 * when a reading reaches `raiseAt`, cleared only when one falls to `clearAt` (below it), so a value hovering at
 * the line does not flap. The alarm state is derived from the stored sensor state the connector passes in;
 * a reading not newer than the stored one changes nothing (redelivery, out-of-order).
 */
export const iotAdapter: Adapter = {
  source: 'iot',
  adapt(raw: unknown, { pack }: AdapterContext): AdaptResult {
    const r = raw as Partial<IotRecord> | null;
    if (!r || typeof r !== 'object' || typeof r.topic !== 'string')
      return reject('INTAKE_SCHEMA', 'expected an MQTT message with its topic');
    const parts = r.topic.split('/');
    if (parts.length < 4 || parts[parts.length - 1] !== 'telemetry') {
      return reject(
        'INTAKE_SCHEMA',
        `topic "${r.topic.slice(0, 80)}" is not <root>/<type>/<deviceId>/telemetry`,
        [{ path: 'topic', message: 'unexpected shape' }],
      );
    }
    const [typeToken, topicDevice] = parts.slice(-3) as [string, string];
    const type = SensorType.safeParse(typeToken);
    if (!type.success)
      return reject('UNKNOWN_CODE', `unknown sensor type "${typeToken.slice(0, 40)}"`, [
        { path: 'topic', message: 'not a sensor type of the code table' },
      ]);
    const parsed = Telemetry.safeParse(r.message);
    if (!parsed.success) {
      return reject(
        'INTAKE_SCHEMA',
        'telemetry does not match the IoT platform schema',
        parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
      );
    }
    const t = parsed.data;
    if (t.deviceId !== topicDevice) {
      return reject(
        'INTAKE_SCHEMA',
        `deviceId ${t.deviceId} differs from the topic's ${topicDevice.slice(0, 64)}`,
        [{ path: 'deviceId', message: 'topic mismatch' }],
      );
    }
    if (t.ts < MIN_TS || t.ts >= MAX_TS) {
      return reject('BAD_TIME', `ts ${t.ts} is not an epoch-millisecond time between 2015 and 2100`, [
        { path: 'ts', message: 'implausible (epoch seconds?)' },
      ]);
    }
    const [w, s, e, n] = pack.manifest.bounds;
    const { lng, lat } = t.loc;
    if (
      lng < w - BOUNDS_MARGIN ||
      lng > e + BOUNDS_MARGIN ||
      lat < s - BOUNDS_MARGIN ||
      lat > n + BOUNDS_MARGIN
    ) {
      return reject(
        'COORD_OUT_OF_RANGE',
        `device ${t.deviceId} at ${lng},${lat} is outside ${pack.manifest.name.en}`,
        [{ path: 'loc', message: 'outside the city' }],
      );
    }
    const rule = pack.codeTables.iot[type.data];
    const measured = measure(type.data, t, rule);
    if ('ok' in measured) return measured;

    const updatedAt = new Date(t.ts).toISOString();
    const previous = r.previous ?? null;
    const { district, street } = pack.locate(lng, lat);
    const state: Sensor = {
      id: t.deviceId,
      type: type.data,
      location: { lon: round6(lng), lat: round6(lat) },
      district,
      value: measured.value,
      unit: rule.unit,
      alarm: previous?.alarm ?? false,
      alarmEventId: previous?.alarmEventId ?? null,
      updatedAt,
    };
    // Not newer than what is stored: the store will skip the state; no alarm may be derived from it either.
    if (previous && updatedAt <= previous.updatedAt)
      return { ok: true, drafts: [], states: [{ topic: 'sensors', item: state }] };

    const active = rule.kind === 'flags' ? measured.flags.length > 0 : null;
    const raise = !state.alarm && (active ?? (rule.kind === 'level' && measured.value >= rule.raiseAt));
    const clear =
      state.alarm && (active === null ? rule.kind === 'level' && measured.value <= rule.clearAt : !active);
    const drafts: EventDraft[] = [];
    const base = { t, rule, type: type.data, value: measured.value, district, street };
    if (raise) {
      const nativeId = `${t.deviceId}@${t.ts}`;
      state.alarm = true;
      state.alarmEventId = eventId('iot', nativeId);
      drafts.push(
        alarmDraft({ ...base, nativeId, reportedAt: updatedAt, flags: measured.flags, state: 'active' }),
      );
    } else if (clear) {
      const nativeId = previous?.alarmEventId?.replace(/^iot:/, '');
      const raisedAt = Number(nativeId?.split('@').pop());
      if (nativeId && Number.isFinite(raisedAt)) {
        drafts.push(
          alarmDraft({
            ...base,
            nativeId,
            reportedAt: new Date(raisedAt).toISOString(),
            flags: [],
            state: 'cleared',
          }),
        );
      }
      state.alarm = false;
      state.alarmEventId = null;
    }
    return { ok: true, drafts, states: [{ topic: 'sensors', item: state }] };
  },
};

/** Unit conversions to the unit of the code table (vendors differ). */
const TO_UNIT: Record<string, Record<string, (x: number) => number>> = {
  cm: { cm: (x) => x, mm: (x) => x / 10, m: (x) => x * 100 },
  '°': { '°': (x) => x, deg: (x) => x, rad: (x) => (x * 180) / Math.PI },
  '‰': { '‰': (x) => x, permille: (x) => x, '%': (x) => x * 10 },
  'µg/m³': { 'µg/m³': (x) => x, 'ug/m3': (x) => x, 'μg/m3': (x) => x, 'mg/m3': (x) => x * 1000 },
  'dB(A)': { 'dB(A)': (x) => x, dBA: (x) => x, dB: (x) => x },
  bpm: { bpm: (x) => x },
};

/** The value the threshold applies to, per sensor type, in the code table's unit. */
function measure(type: SensorType, t: Telemetry, rule: IotThreshold): Measured {
  const num = (key: string) => {
    const r = t.values[key];
    if (!r || typeof r.v !== 'number' || !Number.isFinite(r.v))
      return reject('INTAKE_SCHEMA', `values.${key} must be a number`, [
        { path: `values.${key}`, message: 'missing or not a number' },
      ]);
    const convert = TO_UNIT[rule.unit]?.[r.unit ?? rule.unit];
    if (!convert)
      return reject('UNKNOWN_CODE', `unit "${r.unit}" of values.${key} cannot be converted to ${rule.unit}`, [
        { path: `values.${key}.unit`, message: 'unknown unit' },
      ]);
    return convert(r.v);
  };
  const ok = (value: number | Rejection, flags: string[] = []): Measured => {
    if (typeof value !== 'number') return value;
    // A unit conversion can overflow a garbage reading (1e308 m → cm): refuse it rather than store Infinity.
    if (!Number.isFinite(value) || Math.abs(value) > 1e9) {
      return reject('INTAKE_SCHEMA', `${type} reading ${value} is out of range`, [
        { path: 'values', message: 'out of range' },
      ]);
    }
    return { value: Math.round(value * 100) / 100, flags };
  };
  switch (type) {
    case 'waterlogging':
      return ok(num('depth'));
    case 'manhole-tilt':
      return ok(num('tilt'));
    case 'building-tilt': {
      // Two-axis inclinometers report angles; house safety is judged by the tilt ratio (‰ = 1000·tan θ,
      // GB 50007), where tan θ of the resultant is √(tan²x + tan²y).
      if (t.values['tilt']) return ok(num('tilt'));
      const x = t.values['tiltX'];
      const y = t.values['tiltY'];
      if (!x || !y || typeof x.v !== 'number' || typeof y.v !== 'number') {
        return reject(
          'INTAKE_SCHEMA',
          'building tilt needs values.tilt (‰) or values.tiltX and values.tiltY (°)',
          [{ path: 'values', message: 'missing tilt' }],
        );
      }
      if ((x.unit ?? 'deg') !== 'deg' || (y.unit ?? 'deg') !== 'deg') {
        return reject('UNKNOWN_CODE', 'tiltX and tiltY must be in degrees', [
          { path: 'values.tiltX.unit', message: 'expected deg' },
        ]);
      }
      const tan = (d: number) => Math.tan((d * Math.PI) / 180);
      return ok(1000 * Math.hypot(tan(x.v), tan(y.v)));
    }
    case 'pm25':
      return ok(num('pm25'));
    case 'noise':
      return ok(num('laeq'));
    case 'wristband': {
      if (rule.kind !== 'flags') return ok(num('hr'));
      const set = Object.keys(rule.flags).filter((f) => t.values[f]?.v === true);
      return ok(num('hr'), set);
    }
  }
}

function alarmDraft(a: {
  t: Telemetry;
  rule: IotThreshold;
  type: SensorType;
  value: number;
  district: string | null;
  street: string | null;
  nativeId: string;
  reportedAt: string;
  flags: string[];
  state: 'active' | 'cleared';
}): EventDraft {
  const { t, rule, value } = a;
  const where = t.site ?? t.deviceId;
  const reading = `${value} ${rule.unit}`;
  const names = rule.kind === 'flags' ? a.flags.map((f) => rule.flags[f] ?? f) : [];
  const title =
    a.state === 'cleared'
      ? `${rule.label}已解除`
      : rule.kind === 'flags'
        ? `${rule.label}：${names.join('、')}`
        : `${rule.label} ${reading}`;
  const description =
    a.state === 'cleared'
      ? rule.kind === 'level'
        ? `${where} 恢复正常：当前 ${reading}（解除阈值 ${rule.clearAt} ${rule.unit}）`
        : `${where} 报警已由设备解除`
      : rule.kind === 'level'
        ? `${where} 监测值 ${reading}，达到报警阈值 ${rule.raiseAt} ${rule.unit}（设备 ${t.deviceId}）`
        : `设备 ${t.deviceId} 触发${names.join('、')}，心率 ${reading}`;
  return {
    source: 'iot',
    nativeId: a.nativeId,
    category: rule.category,
    title,
    description,
    severity: rule.severity,
    location: { lon: round6(t.loc.lng), lat: round6(t.loc.lat) },
    address: t.site ?? '',
    district: a.district,
    street: a.street,
    grid: null,
    reportedAt: a.reportedAt,
    sourceUpdatedAt: new Date(t.ts).toISOString(),
    cameraIds: [],
    reporter: null,
    attributes: {
      sensorType: a.type,
      deviceId: t.deviceId,
      value,
      unit: rule.unit,
      alarmState: a.state,
      ...(rule.kind === 'level'
        ? { raiseAt: rule.raiseAt, clearAt: rule.clearAt }
        : { flags: a.flags.join(',') }),
      ...(t.battery === undefined ? {} : { battery: t.battery }),
      ...(t.rssi === undefined ? {} : { rssi: t.rssi }),
    },
  };
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
