import { tzOffset } from '@date-fns/tz';
import type { WarningLevel } from '../../../src/contract/entities';
import type { CityPack } from '../../city-packs/load';
import { postWithRetry } from '../../simulation/http-sender';
import { compactLocal } from '../../simulation/local-time';
import { Random } from '../../simulation/random';
import type { Runnable, SubsystemContext } from '../types';
import { capTime, toCapXml } from './cap-writer';
import type { CapAlert } from './native';
import content from './simulator-content.json' with { type: 'json' };

/** The release system's heartbeat (a CAP `System` message, as NAADS sends every minute). */
const HEARTBEAT_MS = 60_000;
/** Share of messages with defects: schema-invalid, not well-formed, a broken polygon, a DTD. */
const DEFECT_RATE = 0.03;
const SEVERITY: Record<WarningLevel, string> = {
  red: 'Extreme',
  orange: 'Severe',
  yellow: 'Moderate',
  blue: 'Minor',
};
const COLOUR: Record<WarningLevel, string> = { red: '红色', orange: '橙色', yellow: '黄色', blue: '蓝色' };
const GRADE: Record<WarningLevel, string> = {
  red: 'Ⅰ级/特别严重',
  orange: 'Ⅱ级/严重',
  yellow: 'Ⅲ级/较重',
  blue: 'Ⅳ级/一般',
};

export interface ScheduledAlert {
  at: number;
  alert: CapAlert;
}

/**
 * Writes the warning release system's CAP 1.2 messages for central Shanghai: a scenario is an Alert (e.g. 暴雨
 * 黄色预警 over some districts), possibly upgraded by an Update (→ 橙色) referencing it, then a Cancel referencing
 * the last one. Pure given the seed and times, so tests replay it without HTTP.
 */
export class WarningsGenerator {
  private readonly rnd: Random;
  private count = 0;
  constructor(
    private readonly pack: CityPack,
    seed: number,
    private readonly defectRate = DEFECT_RATE,
  ) {
    this.rnd = new Random(seed);
    // The first draw of xoroshiro128+ seeded with a small integer is ≈ 1 whatever the seed: skip it.
    this.rnd.next();
  }

  /** One scenario's messages, the first at `start`; `scale` divides the realistic gaps (SIM_RATE). */
  scenario(start: number, scale = 1): ScheduledAlert[] {
    const { rnd } = this;
    const spec = rnd.pick(content.scenarios);
    const districts = this.pickDistricts();
    const areas = districts.map((d) => d.name).join('、');
    const polygon = hullText(districts.flatMap((d) => outerVertices(d.feature.geometry)));
    const geocode = districts.map((d) => ({ valueName: 'GB/T 2260', value: d.code }));
    const out: ScheduledAlert[] = [];
    let at = start;
    let previous: CapAlert | null = null;
    for (const level of spec.levels as WarningLevel[]) {
      const sent = this.time(at);
      const text = (spec.text as Partial<Record<string, string>>)[level]!.replace('{areas}', areas);
      const alert: CapAlert = {
        identifier: this.identifier(at),
        sender: content.sender,
        sent,
        status: 'Actual',
        msgType: previous ? 'Update' : 'Alert',
        scope: 'Public',
        ...(previous ? { references: refOf(previous) } : {}),
        info: [
          {
            language: 'zh-CN',
            category: ['Met'],
            event: spec.event,
            responseType: ['Prepare'],
            urgency: level === 'red' || level === 'orange' ? 'Immediate' : 'Expected',
            severity: SEVERITY[level] as 'Moderate',
            certainty: 'Likely',
            effective: sent,
            expires: this.time(at + 3 * 3_600_000),
            senderName: content.senderName,
            headline: `${content.senderName}发布${spec.event}${COLOUR[level]}预警[${GRADE[level]}]`,
            description: `${content.senderName}${localStamp(at, this.pack)}发布${spec.event}${COLOUR[level]}预警：${text}`,
            instruction: spec.instruction,
            area: [{ areaDesc: areas, polygon: [polygon], geocode }],
          },
        ],
      };
      out.push({ at, alert });
      previous = alert;
      at += (rnd.int(8, 20) * 60_000) / scale;
    }
    const last = previous!;
    const cancelAt = at + (rnd.int(10, 30) * 60_000) / scale;
    const info = last.info![0]!;
    out.push({
      at: cancelAt,
      alert: {
        ...last,
        identifier: this.identifier(cancelAt),
        sent: this.time(cancelAt),
        msgType: 'Cancel',
        references: [...out.map((s) => s.alert)].map(refOf).join(' '),
        info: [
          {
            ...info,
            effective: this.time(cancelAt),
            headline: `${content.senderName}解除${info.event}预警`,
            description: `${content.senderName}${localStamp(cancelAt, this.pack)}解除${info.event}预警。`,
          },
        ],
      },
    });
    return out;
  }

  /** Gap before the next scenario. */
  idleMs(scale = 1): number {
    return (this.rnd.int(45, 120) * 60_000) / scale;
  }

  heartbeat(time: number): CapAlert {
    return {
      identifier: `HB-${compactLocal(time, this.pack.manifest.timezone)}`,
      sender: content.sender,
      sent: this.time(time),
      status: 'System',
      msgType: 'Alert',
      scope: 'Public',
      note: 'heartbeat',
    };
  }

  isDefect(): boolean {
    return this.rnd.chance(this.defectRate);
  }

  /** A message as a faulty or hostile sender might post it: the XML text. */
  defective(time: number): string {
    const xml = toCapXml(this.heartbeat(time));
    switch (this.rnd.int(0, 3)) {
      case 0:
        return xml.replace(/\s*<scope>Public<\/scope>/, ''); // schema-invalid: scope is required
      case 1:
        return xml.slice(0, Math.floor(xml.length / 2)); // cut off: not well-formed
      case 2: {
        const s = this.scenario(time)[0]!.alert;
        const info = s.info![0]!;
        const area = info.area![0]!;
        const open = area.polygon![0]!.split(' ').slice(0, -1).join(' ');
        return toCapXml({ ...s, info: [{ ...info, area: [{ ...area, polygon: [open] }] }] });
      }
      default:
        return xml.replace('<alert ', '<!DOCTYPE alert [<!ENTITY x "x">]>\n<alert ');
    }
  }

  private time(t: number): string {
    return capTime(t, tzOffset(this.pack.manifest.timezone, new Date(t)));
  }

  private identifier(t: number): string {
    return `${content.sender}_${compactLocal(t, this.pack.manifest.timezone)}${String(++this.count).padStart(3, '0')}`;
  }

  private pickDistricts() {
    const focus = this.pack.districts.all.filter((d) => this.pack.manifest.focusDistricts.includes(d.code));
    const n = Math.min(focus.length, this.rnd.int(2, 4));
    const picked = new Set<(typeof focus)[number]>();
    while (picked.size < n) picked.add(this.rnd.pick(focus));
    return [...picked];
  }
}

function refOf(a: CapAlert): string {
  return `${a.sender},${a.identifier},${a.sent}`;
}

function localStamp(t: number, pack: CityPack): string {
  const s = compactLocal(t, pack.manifest.timezone); // YYMMDDHHmmss
  return `20${s.slice(0, 2)}年${Number(s.slice(2, 4))}月${Number(s.slice(4, 6))}日${s.slice(6, 8)}时${s.slice(8, 10)}分`;
}

function outerVertices(g: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }): [number, number][] {
  const polygons = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as [number, number][][][];
  return polygons.flatMap((p) => p[0] ?? []);
}

/** Convex hull (Andrew's monotone chain) → a closed CAP polygon "lat,lon …" rounded to ~10 m. */
function hullText(points: [number, number][]): string {
  const pts = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1],
  );
  const cross = (o: number[], a: number[], b: number[]) =>
    (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);
  const half = (list: [number, number][]) => {
    const h: [number, number][] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  const hull = [...half(pts), ...half([...pts].reverse())];
  hull.push(hull[0]!);
  return hull.map(([lon, lat]) => `${lat.toFixed(4)},${lon.toFixed(4)}`).join(' ');
}

/** The warning release system: heartbeats every minute, a scenario now and then, each POSTed as CAP XML. */
export function createWarningsSimulator(ctx: SubsystemContext): Runnable {
  const { config, pack, log } = ctx;
  const gen = new WarningsGenerator(pack, config.SIM_SEED, config.SIM_DEFECT_RATE);
  // Renewed at each start: a simulator stopped and started again at run time (POST /api/simulators/…) sends again.
  let abort = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const inflight = new Set<Promise<unknown>>();
  const send = (xml: string) => {
    const p = postWithRetry(
      `${ctx.baseUrl()}/api/intake/warnings`,
      xml,
      'application/cap+xml',
      log,
      abort.signal,
      ctx.intakeHeaders('warnings'),
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const at = (time: number, fn: () => void) => {
    const t = setTimeout(
      () => {
        timers.delete(t);
        fn();
      },
      Math.max(0, time - Date.now()),
    );
    timers.add(t);
  };
  const runScenario = (start: number) => {
    const steps = gen.scenario(start, config.SIM_RATE);
    for (const s of steps) at(s.at, () => send(toCapXml(s.alert)));
    at(steps[steps.length - 1]!.at + gen.idleMs(config.SIM_RATE), () => runScenario(Date.now()));
  };
  const heartbeat = () => {
    const now = Date.now();
    send(gen.isDefect() ? gen.defective(now) : toCapXml(gen.heartbeat(now)));
    at(now + HEARTBEAT_MS, heartbeat);
  };
  return {
    async start() {
      abort = new AbortController();
      heartbeat();
      runScenario(Date.now());
      log.info({ source: 'warnings' }, 'warning release simulator started');
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // A short grace for posts on the wire; the server drains what it has received either way.
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 250))]);
      abort.abort();
    },
  };
}
