import { tzOffset } from '@date-fns/tz';
import type { CityPack } from '../../city-packs/load';
import { activityAt } from '../../simulation/city-rhythm';
import {
  metresBetween,
  type Incident,
  type IncidentScenario,
  type PlannedReport,
} from '../../simulation/incidents';
import { Random } from '../../simulation/random';
import type { VendorRoute } from '../../simulation/vendor-http';
import type { AlarmPush, StatusPush, VideoDevice } from './native';
import { placeCameras } from './placement';

/** Cameras in the catalogue. */
export const CAMERA_COUNT = 400;
/** Mean outage, and mean uptime so that ~3% are offline at any time; flaky cameras bounce every few minutes. */
const MEAN_DOWN_MS = 10 * 60_000;
const MEAN_UP_MS = (MEAN_DOWN_MS * 0.97) / 0.03;
const FLAKY_SHARE = 0.02;
const FLAKY_UP_MS = 8 * 60_000;
const FLAKY_DOWN_MS = 2 * 60_000;
/** Mean gap between AI alarms city-wide at average activity (≈ 480 a day), before SIM_RATE. */
const MEAN_ALARM_GAP_MS = 180_000;
/** Share of pushes with vendor defects. */
const DEFECT_RATE = 0.02;
const MANUFACTURERS = [
  { manufacturer: 'Hikvision', model: 'DS-2CD3T47EWD-L' },
  { manufacturer: 'Dahua', model: 'DH-IPC-HFW4433F-ZSA' },
  { manufacturer: 'Uniview', model: 'IPC2124LR3-DPF40' },
];
const ALARMS = [
  {
    type: 'ILLEGAL_PARKING',
    weight: 45,
    priority: [3, 4],
    text: (n: number) => `检测到机动车违法停车 ${n} 分钟`,
  },
  { type: 'CROWD', weight: 25, priority: [2, 3], text: (n: number) => `检测到人群聚集，约 ${n * 10} 人` },
  { type: 'WATERLOGGING', weight: 15, priority: [2, 3], text: () => '检测到路面积水' },
  { type: 'SMOKE', weight: 15, priority: [1, 2], text: () => '检测到烟雾' },
] as const;

/** How far a camera's AI reliably sees waterlogging, smoke or a crowd, metres. */
const SIGHT_M = 150;
/** The AI alarm a ground-truth incident raises, by its kind. */
const INCIDENT_ALARM: Partial<Record<Incident['kind'], (typeof ALARMS)[number]['type']>> = {
  waterlogging: 'WATERLOGGING',
  'pipe-burst': 'WATERLOGGING',
  fire: 'SMOKE',
  crowd: 'CROWD',
};

interface SimCamera {
  device: VideoDevice;
  flaky: boolean;
  nextFlipAt: number;
  alarm: { id: string; type: string; priority: number; at: number; endsAt: number; text: string } | null;
}

export type Push = StatusPush | AlarmPush;

/**
 * The simulated video platform: a camera catalogue on the real road network with GB/T 28181 ids, online/offline
 * flapping, and AI alarms. Pure given the seed and the times passed in; `PlatformServer` serves it over HTTP.
 */
export class VideoPlatform {
  private readonly rnd: Random;
  private readonly cameras: SimCamera[] = [];
  /** Records a faulty catalogue keeps returning on every poll (quarantine stays visible). */
  private readonly brokenRecords: unknown[];
  private nextAlarmAt: number;
  private seq = 0;
  /** Incident reports (simulation/incidents.ts) already looked at, up to this time. */
  private incidentsUntil: number;
  private readonly incidentQueue: { incident: Incident; report: PlannedReport }[] = [];

  constructor(
    private readonly pack: CityPack,
    seed: number,
    start: number,
    private readonly rate = 1,
    /** Ground-truth incidents the cameras' AI sees (none: background alarms only). */
    private readonly incidents: IncidentScenario | null = null,
    private readonly defectRate = DEFECT_RATE,
  ) {
    this.incidentsUntil = start;
    this.rnd = new Random(seed);
    // The first draw of xoroshiro128+ seeded with a small integer is ≈ 1 whatever the seed: skip it.
    this.rnd.next();
    const placed = placeCameras(pack, this.rnd, CAMERA_COUNT);
    const units = new Map<string, number>();
    for (const [i, p] of placed.entries()) {
      // ~1% are registered under a neighbouring district's centre: the adapter flags them.
      const owner = this.rnd.chance(0.01)
        ? this.rnd.pick(pack.manifest.focusDistricts.filter((d) => d !== p.district))
        : p.district;
      const unit = units.get(owner) ?? this.rnd.int(1, 9);
      units.set(owner, unit);
      const industry = this.rnd.weighted(['00', '04', '08'], (c) => (c === '00' ? 70 : c === '04' ? 25 : 5));
      const type = this.rnd.chance(0.85) ? '132' : '131';
      const network = this.rnd.chance(0.9) ? '0' : '5';
      const deviceId = `${owner}${String(unit).padStart(2, '0')}${industry}${type}${network}${String(i + 1).padStart(6, '0')}`;
      const flaky = this.rnd.chance(FLAKY_SHARE);
      const online = !this.rnd.chance(0.03);
      this.cameras.push({
        device: {
          deviceId,
          name: p.name,
          civilCode: p.district,
          ...this.rnd.pick(MANUFACTURERS),
          address: p.address,
          status: online ? 'ON' : 'OFF',
          longitude: p.lon,
          latitude: p.lat,
          ptzType: type === '132' && this.rnd.chance(0.3) ? 1 : 3,
          directionType: p.directionType,
          updateTime: this.time(start - this.rnd.int(1, 30 * 86_400) * 1000),
          activeAlarmId: null,
        },
        flaky,
        nextFlipAt: start + this.flipGap(flaky, online),
        alarm: null,
      });
    }
    const sample = this.cameras[0]!.device;
    this.brokenRecords = [
      { ...sample, deviceId: sample.deviceId.slice(1), name: `${sample.name}(旧)` }, // 19 digits
      { ...sample, deviceId: `319999${sample.deviceId.slice(6, 19)}9`, name: '测试点位' }, // no such district
    ];
    this.nextAlarmAt = start + this.alarmGap(start);
  }

  get size(): number {
    return this.cameras.length + this.brokenRecords.length;
  }

  /** One catalogue page (1-based), as the platform's REST API answers it. */
  page(
    page: number,
    pageSize: number,
  ): { code: 0; msg: string; data: { total: number; page: number; pageSize: number; list: unknown[] } } {
    const all = [...this.cameras.map((c) => c.device), ...this.brokenRecords];
    return {
      code: 0,
      msg: 'success',
      data: { total: all.length, page, pageSize, list: all.slice((page - 1) * pageSize, page * pageSize) },
    };
  }

  devices(): readonly VideoDevice[] {
    return this.cameras.map((c) => c.device);
  }

  /** Everything that happened up to `now`, in time order: status changes and alarm starts/ends as pushed. */
  advance(now: number): Push[] {
    const out: Push[] = [];
    if (this.incidents && now >= this.incidentsUntil) {
      this.incidentQueue.push(...this.incidents.reportsIn('video', this.incidentsUntil, now + 1));
      this.incidentsUntil = now + 1;
    }
    for (;;) {
      // The earliest pending happening: a camera flipping, an alarm ending, or the next alarm starting.
      let next: { at: number; run: () => void } | null =
        this.nextAlarmAt <= now ? { at: this.nextAlarmAt, run: () => this.alarmDue(out) } : null;
      const seen = this.incidentQueue[0];
      if (seen && seen.report.at <= now && (!next || seen.report.at < next.at))
        next = { at: seen.report.at, run: () => this.incidentAlarm(this.incidentQueue.shift()!, out) };
      for (const c of this.cameras) {
        if (c.nextFlipAt <= now && (!next || c.nextFlipAt < next.at))
          next = { at: c.nextFlipAt, run: () => out.push(this.flip(c)) };
        if (c.alarm && c.alarm.endsAt <= now && (!next || c.alarm.endsAt < next.at))
          next = { at: c.alarm.endsAt, run: () => out.push(this.endAlarm(c)) };
      }
      if (!next) return out;
      next.run();
    }
  }

  private flip(c: SimCamera): StatusPush {
    const at = c.nextFlipAt;
    const online = c.device.status !== 'ON';
    c.device = { ...c.device, status: online ? 'ON' : 'OFF', updateTime: this.time(at) };
    c.nextFlipAt = at + this.flipGap(c.flaky, online);
    return {
      msgType: 'status',
      msgId: this.msgId(at),
      event: online ? 'ON' : 'OFF',
      time: this.time(at),
      device: c.device,
    };
  }

  private alarmDue(out: Push[]): void {
    const at = this.nextAlarmAt;
    const c = this.rnd.pick(this.cameras);
    if (c.device.status === 'ON' && !c.alarm) out.push(this.startAlarm(c, at));
    this.nextAlarmAt = at + this.alarmGap(at);
  }

  isDefect(): boolean {
    return this.rnd.chance(this.defectRate);
  }

  /**
   * A camera's AI sees a ground-truth incident: the nearest online camera within sight (200 m) without an alarm
   * raises one of the incident's kind, for as long as the incident lasts (at most half an hour). No camera in sight:
   * no video report, as in the real network.
   */
  private incidentAlarm(
    { incident, report }: { incident: Incident; report: PlannedReport },
    out: Push[],
  ): void {
    const type = INCIDENT_ALARM[incident.kind];
    if (!type) return;
    let camera: SimCamera | null = null;
    let best = SIGHT_M;
    for (const c of this.cameras) {
      if (c.device.status !== 'ON' || c.alarm) continue;
      const d = metresBetween(report, { lon: c.device.longitude, lat: c.device.latitude });
      if (d <= best) [best, camera] = [d, c];
    }
    if (!camera) return;
    const rnd = new Random(report.seed);
    rnd.next();
    const spec = ALARMS.find((a) => a.type === type)!;
    const at = report.at;
    const id = `AL${this.stamp(at)}${String(++this.seq).padStart(4, '0')}`;
    camera.alarm = {
      id,
      type,
      priority: rnd.int(spec.priority[0], spec.priority[1]),
      at,
      endsAt: Math.max(at + 60_000 / this.rate, Math.min(incident.end, at + (30 * 60_000) / this.rate)),
      text: spec.text(rnd.int(3, 12)),
    };
    camera.device = { ...camera.device, activeAlarmId: id, updateTime: this.time(at) };
    this.incidents?.record('video', id, incident.id);
    out.push(this.alarmPush(camera, 'start', at));
  }

  /** A push as a faulty platform might send it: the JSON text. */
  defective(now: number): string {
    const c = this.rnd.pick(this.cameras);
    const status: StatusPush = {
      msgType: 'status',
      msgId: this.msgId(now),
      event: 'UPDATE',
      time: this.time(now),
      device: c.device,
    };
    switch (this.rnd.int(0, 3)) {
      case 0:
        return JSON.stringify({
          ...status,
          device: {
            ...c.device,
            deviceId: `${c.device.deviceId.slice(0, 10)}ABC${c.device.deviceId.slice(13)}`,
          },
        });
      case 1:
        return JSON.stringify({
          msgType: 'alarm',
          msgId: this.msgId(now),
          alarmId: `AL${this.seq}`,
          alarmType: 'FIGHT',
          alarmPriority: 2,
          alarmState: 'start',
          alarmTime: this.time(now),
          device: c.device,
        });
      case 2:
        return JSON.stringify({ ...status, time: '2026-13-45T25:61:00+08:00' });
      default:
        return JSON.stringify(status).slice(0, 80);
    }
  }

  private startAlarm(c: SimCamera, at: number): AlarmPush {
    const spec = this.rnd.weighted(ALARMS, (a) => a.weight);
    const id = `AL${this.stamp(at)}${String(++this.seq).padStart(4, '0')}`;
    const text = spec.text(this.rnd.int(3, 12));
    c.alarm = {
      id,
      type: spec.type,
      priority: this.rnd.int(spec.priority[0], spec.priority[1]),
      at,
      endsAt: at + (this.rnd.int(3, 20) * 60_000) / this.rate,
      text,
    };
    c.device = { ...c.device, activeAlarmId: id, updateTime: this.time(at) };
    return this.alarmPush(c, 'start', at);
  }

  private endAlarm(c: SimCamera): AlarmPush {
    const at = c.alarm!.endsAt;
    c.device = { ...c.device, activeAlarmId: null, updateTime: this.time(at) };
    const push = this.alarmPush(c, 'end', at);
    c.alarm = null;
    return push;
  }

  private alarmPush(c: SimCamera, state: 'start' | 'end', at: number): AlarmPush {
    const a = c.alarm!;
    return {
      msgType: 'alarm',
      msgId: this.msgId(at),
      alarmId: a.id,
      alarmType: a.type,
      alarmPriority: a.priority,
      alarmState: state,
      alarmTime: this.time(a.at),
      ...(state === 'end' ? { endTime: this.time(at) } : {}),
      confidence: Math.round((0.75 + this.rnd.next() * 0.24) * 100) / 100,
      description: `${c.device.name} ${a.text}`,
      picUrl: `/snapshots/${a.id}.jpg`,
      device: c.device,
    };
  }

  private flipGap(flaky: boolean, nowOnline: boolean): number {
    const mean = flaky ? (nowOnline ? FLAKY_UP_MS : FLAKY_DOWN_MS) : nowOnline ? MEAN_UP_MS : MEAN_DOWN_MS;
    return Math.max(1000, this.rnd.exponential(1 / mean) / this.rate);
  }

  private alarmGap(at: number): number {
    const perMs = (activityAt(at, this.pack.manifest.timezone) * this.rate) / MEAN_ALARM_GAP_MS;
    return Math.max(1000, Math.min(this.rnd.exponential(perMs), 30 * 60_000));
  }

  private msgId(at: number): string {
    return `M${this.stamp(at)}${String(++this.seq).padStart(6, '0')}`;
  }

  private stamp(at: number): string {
    return this.time(at).replace(/\D/g, '').slice(0, 14);
  }

  /** ISO 8601 in the platform's local offset with milliseconds, e.g. 2026-11-24T08:30:00.123+08:00. */
  private time(t: number): string {
    const offset = tzOffset(this.pack.manifest.timezone, new Date(t));
    const local = new Date(t + offset * 60_000).toISOString().slice(0, 23);
    const sign = offset < 0 ? '-' : '+';
    const abs = Math.abs(offset);
    return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  }
}

/** The platform's catalogue route, `GET /api/v1/devices?page=&pageSize=` (1 ≤ pageSize ≤ 200), for VendorHttpServer. */
export function catalogueRoute(platform: VideoPlatform): VendorRoute {
  return (query) => {
    const page = Number(query.get('page') ?? '1');
    const pageSize = Number(query.get('pageSize') ?? '100');
    if (
      !Number.isInteger(page) ||
      page < 1 ||
      !Number.isInteger(pageSize) ||
      pageSize < 1 ||
      pageSize > 200
    ) {
      return { status: 400, body: { code: 400, msg: 'page ≥ 1, 1 ≤ pageSize ≤ 200' } };
    }
    return { status: 200, body: platform.page(page, pageSize) };
  };
}
