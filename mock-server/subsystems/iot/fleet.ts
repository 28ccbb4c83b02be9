import { TZDate } from '@date-fns/tz';
import type { SensorType } from '../../../src/contract/entities';
import type { CityPack } from '../../city-packs/load';
import { activityAt } from '../../simulation/city-rhythm';
import type { IncidentScenario } from '../../simulation/incidents';
import { Random } from '../../simulation/random';
import { randomRoadPoint } from '../../simulation/road-points';
import type { Telemetry } from './native';

/** Sensors per type (≈ 300 in all). */
export const FLEET: Record<SensorType, number> = {
  waterlogging: 60,
  'manhole-tilt': 70,
  'building-tilt': 40,
  pm25: 40,
  noise: 50,
  wristband: 40,
};
const PREFIX: Record<SensorType, string> = {
  waterlogging: 'WL',
  'manhole-tilt': 'MH',
  'building-tilt': 'BT',
  pm25: 'PM',
  noise: 'NS',
  wristband: 'WB',
};
/** Reporting periods: normal, and while something is happening (rain, a displaced cover …). */
const PERIOD_MS: Record<SensorType, [number, number]> = {
  waterlogging: [300_000, 60_000],
  'manhole-tilt': [600_000, 60_000],
  'building-tilt': [600_000, 600_000],
  pm25: [300_000, 300_000],
  noise: [60_000, 60_000],
  wristband: [60_000, 30_000],
};
/** PM2.5 by local hour relative to the daily mean (morning and evening peaks, afternoon mixing). */
const PM_HOURLY = [
  1.1, 1.1, 1.05, 1, 1, 1.05, 1.15, 1.25, 1.3, 1.2, 1.05, 0.9, 0.8, 0.75, 0.75, 0.8, 0.9, 1, 1.1, 1.2, 1.25,
  1.2, 1.15, 1.1,
];
const ROAD_NOISE: Record<string, number> = { primary: 68, secondary: 65, tertiary: 62, residential: 56 };

interface SimSensor {
  type: SensorType;
  deviceId: string;
  lon: number;
  lat: number;
  site?: string;
  nextAt: number;
  seq: number;
  battery: number;
  rssi: number;
  /** Type-specific model state. */
  m: Record<string, number>;
  lastAt: number;
}

export interface Publication {
  /** Topic below the root: `<type>/<deviceId>/telemetry`. */
  topic: string;
  message: Telemetry;
}

/**
 * A seeded fleet of ≈300 sensors on the real roads of the city pack, each with a physical model: waterlogging
 * follows rain episodes (low spots such as underpasses fill first), PM2.5 and noise follow the city's daily
 * rhythm, a few old buildings lean close to the 4‰ line, covers get knocked out of place, and wristband wearers
 * sometimes press SOS or fall. `due(now)` returns every reading up to `now`. Pure given seed and times.
 */
export class IotFleet {
  private readonly rnd: Random;
  readonly sensors: SimSensor[] = [];
  /** Rain: intensity (mm/h) between `from` and `to`, peaking mid-episode; the next one is planned when it ends. */
  private rain: { from: number; to: number; peak: number };

  constructor(
    private readonly pack: CityPack,
    seed: number,
    start: number,
    private readonly rate = 1,
    /**
     * Ground-truth incidents (simulation/incidents.ts): the city's gauges stand at its known low spots (the first
     * waterlogging sensors are installed there), and a flood at a spot raises the water at its gauge.
     */
    private readonly incidents: IncidentScenario | null = null,
  ) {
    this.rnd = new Random(seed);
    // The first draw of xoroshiro128+ seeded with a small integer is ≈ 1 whatever the seed: skip it.
    this.rnd.next();
    for (const [type, count] of Object.entries(FLEET) as [SensorType, number][]) {
      for (let i = 1; i <= count; i++) this.sensors.push(this.place(type, i, start));
    }
    if (incidents) {
      // Moved, not added: the fleet and its random stream stay the same; only where gauges stand changes.
      const gauges = this.sensors.filter((s) => s.type === 'waterlogging');
      incidents.lowSpots.forEach((spot, i) => {
        const g = gauges[i];
        if (!g) return;
        g.lon = round6(spot.lon);
        g.lat = round6(spot.lat);
        g.site = `${spot.roadName}易涝点`;
        g.m['spot'] = i;
      });
    }
    // The first shower comes soon after start and is heavy enough to flood the low spots, so the demo shows
    // waterlogging; later ones every 6–18 h, light or heavy.
    const from = start + (this.rnd.int(2, 10) * 60_000) / rate;
    this.rain = { from, to: from + (this.rnd.int(45, 90) * 60_000) / rate, peak: this.rnd.int(40, 60) };
  }

  /** Readings of every sensor whose report time has come, oldest first. */
  due(now: number): Publication[] {
    const out: { at: number; p: Publication }[] = [];
    for (const s of this.sensors) {
      while (s.nextAt <= now) {
        const at = s.nextAt;
        const message = this.read(s, at);
        out.push({ at, p: { topic: `${s.type}/${s.deviceId}/telemetry`, message } });
        s.nextAt = at + this.period(s) / this.rate;
      }
    }
    return out.sort((a, b) => a.at - b.at).map((x) => x.p);
  }

  /** A message as a faulty device or gateway might send it: topic and payload text. */
  defective(now: number): { topic: string; payload: string } {
    const s = this.rnd.pick(this.sensors);
    const m = this.read(s, now);
    const topic = `${s.type}/${s.deviceId}/telemetry`;
    switch (this.rnd.int(0, 4)) {
      case 0:
        return { topic, payload: JSON.stringify(m).slice(0, 40) };
      case 1:
        return { topic, payload: JSON.stringify({ ...m, ts: Math.floor(now / 1000) }) }; // epoch seconds
      case 2:
        return { topic: `vibration/${s.deviceId}/telemetry`, payload: JSON.stringify(m) };
      case 3:
        return {
          topic,
          payload: JSON.stringify({ ...m, values: { [Object.keys(m.values)[0]!]: { v: 'N/A' } } }),
        };
      default:
        return { topic, payload: JSON.stringify({ ...m, deviceId: `${s.deviceId}X` }) };
    }
  }

  chance(p: number): boolean {
    return this.rnd.chance(p);
  }

  private place(type: SensorType, i: number, start: number): SimSensor {
    const { rnd } = this;
    const { road, lon, lat } = randomRoadPoint(this.pack.roads, rnd);
    const deviceId = `SH-${PREFIX[type]}-${String(i).padStart(6, '0')}`;
    const m: Record<string, number> = {};
    let site: string | undefined;
    switch (type) {
      case 'waterlogging':
        m['low'] = rnd.chance(0.15) ? rnd.int(25, 35) / 10 : rnd.int(3, 8) / 10;
        m['depth'] = 0;
        site = m['low']! > 2 ? `${road.name}下立交` : `${road.name}低洼路段`;
        break;
      case 'manhole-tilt':
        m['base'] = rnd.int(3, 20) / 10;
        m['until'] = 0;
        m['angle'] = 0;
        site = `${road.name}${rnd.int(1, 999)}号${rnd.pick(['雨水', '污水', '电力', '通信'])}井`;
        break;
      case 'building-tilt':
        // Two in forty are old 里弄 houses leaning right at the 4‰ line; the rest are sound.
        m['base'] = i <= 2 ? 3.8 + rnd.next() * 0.3 : rnd.int(5, 28) / 10;
        m['azimuth'] = rnd.next() * 2 * Math.PI;
        site = `${road.name}${rnd.int(1, 400)}弄${rnd.int(1, 60)}号`;
        break;
      case 'pm25':
        m['offset'] = 0.85 + rnd.next() * 0.3;
        site = `${road.name}微型空气站`;
        break;
      case 'noise':
        m['base'] = ROAD_NOISE[road.class] ?? 60;
        m['works'] = rnd.chance(0.1) ? 1 : 0;
        site = `${road.name}噪声监测点`;
        break;
      case 'wristband':
        // Home is on the road network; the wearer strolls nearby by day. No name or address: personal data.
        m['homeLon'] = lon;
        m['homeLat'] = lat;
        m['hr'] = rnd.int(62, 80);
        m['sos'] = 0;
        m['fall'] = 0;
        m['until'] = 0;
        break;
    }
    return {
      type,
      deviceId,
      lon: round6(lon),
      lat: round6(lat),
      ...(site ? { site } : {}),
      nextAt: start + (rnd.next() * 60_000) / this.rate,
      seq: rnd.int(0, 5000),
      battery: rnd.int(35, 100),
      rssi: -rnd.int(60, 105),
      m,
      lastAt: start,
    };
  }

  private period(s: SimSensor): number {
    const [normal, busy] = PERIOD_MS[s.type];
    const busyNow =
      (s.type === 'waterlogging' &&
        (this.raining(s.lastAt) || (s.m['depth'] ?? 0) > 2 || this.floodAt(s, s.lastAt) !== null)) ||
      ((s.type === 'manhole-tilt' || s.type === 'wristband') && (s.m['until'] ?? 0) > s.lastAt);
    return busyNow ? busy : normal;
  }

  /** A ground-truth flood at the sensor's low spot at `at`: the water it adds (cm), rising, standing, receding. */
  private floodAt(s: SimSensor, at: number): { depth: number; incidentId: string } | null {
    const spot = s.m['spot'];
    if (!this.incidents || spot === undefined) return null;
    const i = this.incidents.activeAt(at).find((x) => x.lowSpot === spot && x.kind === 'waterlogging');
    if (!i) return null;
    const peak = 20 + derivedUnit(i.id) * 25;
    const rise = Math.min(1, (at - i.start) / ((15 * 60_000) / this.rate));
    const fall = Math.min(1, (i.end - at) / ((20 * 60_000) / this.rate));
    return { depth: peak * Math.max(0, Math.min(rise, fall)), incidentId: i.id };
  }

  /**
   * Follows the platform's alarm rule (raise at raiseAt, clear at clearAt) for the gauge, so the reading that
   * raises an alarm during a flood is known as that flood's report (`<deviceId>@<ts>`, the alarm event's id).
   */
  private mirrorAlarm(s: SimSensor, value: number, at: number, incidentId: string | null): void {
    const rule = this.pack.codeTables.iot.waterlogging;
    if (rule.kind !== 'level') return;
    if (!s.m['alarm'] && value >= rule.raiseAt) {
      s.m['alarm'] = 1;
      if (incidentId) this.incidents?.record('iot', `${s.deviceId}@${Math.round(at)}`, incidentId);
    } else if (s.m['alarm'] && value <= rule.clearAt) s.m['alarm'] = 0;
  }

  private raining(t: number): boolean {
    return t >= this.rain.from && t < this.rain.to;
  }

  /** Rain intensity at `t` (mm/h): a triangle over the episode; plans the next episode once one is over. */
  private rainAt(t: number): number {
    if (t >= this.rain.to) {
      const from = this.rain.to + (this.rnd.int(6, 18) * 3_600_000) / this.rate;
      this.rain = {
        from,
        to: from + (this.rnd.int(30, 120) * 60_000) / this.rate,
        peak: this.rnd.int(15, 60),
      };
    }
    if (!this.raining(t)) return 0;
    const x = (t - this.rain.from) / (this.rain.to - this.rain.from);
    return this.rain.peak * (1 - Math.abs(2 * x - 1));
  }

  private read(s: SimSensor, at: number): Telemetry {
    const { rnd } = this;
    const dtMin = Math.max(0, (at - s.lastAt) / 60_000) * this.rate;
    s.lastAt = at;
    s.seq = (s.seq + 1) % 65_536;
    if (rnd.chance(0.01)) s.battery = Math.max(1, s.battery - 1);
    const zone = this.pack.manifest.timezone;
    const hour = new TZDate(at, zone).getHours();
    const noise = (sd: number) => (rnd.next() + rnd.next() + rnd.next() - 1.5) * sd;
    let values: Telemetry['values'];
    let lon = s.lon;
    let lat = s.lat;
    switch (s.type) {
      case 'waterlogging': {
        // d' = inflow − drainage: 0.25 cm per mm/h of rain at a spot of factor 1, drained with a 20-min time constant.
        const rain = this.rainAt(at);
        const d = s.m['depth']!;
        const k = 1 - Math.exp(-dtMin / 20);
        s.m['depth'] = d + (0.25 * rain * s.m['low']! - d) * k;
        const flood = this.floodAt(s, at);
        const depth = Math.max(0, s.m['depth']! + noise(0.3), flood?.depth ?? 0);
        this.mirrorAlarm(s, round1(depth), at, flood?.incidentId ?? null);
        // A third of the gauges are vendor B's, which report millimetres.
        values = s.deviceId.endsWith('3')
          ? { depth: { v: Math.round(depth * 10), unit: 'mm' } }
          : { depth: { v: round1(depth), unit: 'cm' } };
        break;
      }
      case 'manhole-tilt': {
        if (at >= s.m['until']! && rnd.chance((dtMin / (20 * 24 * 60)) * 1)) {
          s.m['until'] = at + (rnd.int(30, 90) * 60_000) / this.rate;
          s.m['angle'] = rnd.int(18, 45);
        }
        const tilt = at < s.m['until']! ? s.m['angle']! + noise(1) : s.m['base']! + noise(0.2);
        values = { tilt: { v: round1(Math.abs(tilt)), unit: 'deg' } };
        break;
      }
      case 'building-tilt': {
        // Daily thermal sway of ±0.15‰ on top of the building's lean.
        const permille = s.m['base']! + 0.15 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + noise(0.05);
        const t = permille / 1000;
        const deg = (x: number) => (Math.atan(x) * 180) / Math.PI;
        values = {
          tiltX: { v: round4(deg(t * Math.cos(s.m['azimuth']!))), unit: 'deg' },
          tiltY: { v: round4(deg(t * Math.sin(s.m['azimuth']!))), unit: 'deg' },
        };
        break;
      }
      case 'pm25': {
        const v =
          32 * (PM_HOURLY[hour] ?? 1) * s.m['offset']! * (1 + noise(0.08)) * (this.raining(at) ? 0.6 : 1);
        values = {
          pm25: { v: Math.max(3, Math.round(v)), unit: 'ug/m3' },
          pm10: { v: Math.round(v * 1.6), unit: 'ug/m3' },
        };
        break;
      }
      case 'noise': {
        const activity = activityAt(at, zone);
        let laeq = s.m['base']! + 8 * Math.log10(Math.max(0.1, activity)) + noise(2);
        // A few points sit next to building sites: loud by day, and now and then illegally at night.
        if (s.m['works'] && ((hour >= 8 && hour < 18) || rnd.chance(0.02))) laeq += 12 + noise(3);
        values = { laeq: { v: round1(laeq), unit: 'dB(A)' } };
        break;
      }
      case 'wristband': {
        const day = hour >= 8 && hour < 20;
        if (at >= s.m['until']!) {
          s.m['sos'] = 0;
          s.m['fall'] = 0;
          // About one SOS and half a fall a day across the fleet.
          const p = dtMin / (24 * 60 * FLEET.wristband);
          if (rnd.chance(p)) s.m['sos'] = 1;
          else if (rnd.chance(p / 2)) s.m['fall'] = 1;
          if (s.m['sos'] || s.m['fall']) s.m['until'] = at + (rnd.int(5, 15) * 60_000) / this.rate;
        }
        const r = day ? 0.002 : 0.0003;
        lon = round6(s.m['homeLon']! + noise(r));
        lat = round6(s.m['homeLat']! + noise(r));
        const hr = s.m['hr']! + (day ? 8 : -5) + (s.m['fall'] ? 25 : 0) + noise(3);
        values = {
          hr: { v: Math.round(hr), unit: 'bpm' },
          sos: { v: s.m['sos'] === 1 },
          fall: { v: s.m['fall'] === 1 },
        };
        break;
      }
    }
    return {
      deviceId: s.deviceId,
      ts: Math.round(at),
      seq: s.seq,
      values,
      battery: s.battery,
      rssi: s.rssi + Math.round(noise(3)),
      loc: { lng: lon, lat },
      ...(s.site ? { site: s.site } : {}),
    };
  }
}

const round1 = (x: number) => Math.round(x * 10) / 10;
/** A number in [0, 1) from a string, stable across runs (an incident's own peak depth). */
function derivedUnit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
