import gcoord from 'gcoord';
import type { CityPack } from '../../city-packs/load';
import { activityAt } from '../../simulation/city-rhythm';
import { postWithRetry } from '../../simulation/http-sender';
import { compactLocal, formatLocal } from '../../simulation/local-time';
import { Random } from '../../simulation/random';
import { sharedIncidents, type Incident, type PlannedReport } from '../../simulation/incidents';
import { randomRoadPoint } from '../../simulation/road-points';
import type { Runnable, SubsystemContext } from '../types';
import type { HotlineWorkOrder } from './native';
import content from './simulator-content.json' with { type: 'json' };

/** Mean gap between work orders at average activity, before SIM_RATE (≈ 10k orders/day for 8 districts). */
const MEAN_GAP_MS = 8_000;
/** Orders already taken in the last hour, pushed when the webhook connects (the platform's outbox). */
const BACKLOG = 24;
/** Share of records with vendor defects: missing or garbled fields, unknown codes, broken JSON. */
const DEFECT_RATE = 0.02;
/** What callers say about a ground-truth incident (simulation/incidents.ts): 诉求分类 and their words. */
const INCIDENT_CALLS: Record<Incident['kind'], { class: string; texts: string[] }[]> = {
  waterlogging: [
    {
      class: '水务/路面积水',
      texts: ['{place}路面积水很深，车辆和行人无法通行', '{place}积水没过脚踝，下水道冒水'],
    },
  ],
  'pipe-burst': [
    {
      class: '水务/水管爆裂',
      texts: ['{place}自来水管爆了，水一直往外冒', '{place}地下水管破裂，路面大量冒水'],
    },
    { class: '水务/路面积水', texts: ['{place}不知哪里漏水，路面全是水'] },
  ],
  fire: [
    {
      class: '公共安全/火情隐患',
      texts: ['{place}有浓烟冒出，好像着火了', '{place}沿街商铺起火，请尽快处理'],
    },
  ],
  crowd: [
    { class: '公共安全/人员聚集', texts: ['{place}聚集了很多人，秩序混乱', '{place}人群聚集堵住了人行道'] },
  ],
  'traffic-accident': [
    { class: '交通管理/交通事故', texts: ['{place}发生车祸，车辆横在路中间', '{place}两车相撞，有人受伤'] },
    { class: '交通管理/道路拥堵', texts: ['{place}前方出事故了，堵得一动不动'] },
  ],
};

/** Generates realistic 12345 work orders. Pure given the seed and clock, so tests can use it without HTTP. */
export class HotlineGenerator {
  private readonly rnd: Random;
  private counter = 0;
  private readonly idPrefix: string;
  constructor(
    private readonly pack: CityPack,
    seed: number,
    startedAt: number,
    private readonly defectRate = DEFECT_RATE,
  ) {
    this.rnd = new Random(seed);
    this.idPrefix = `SH${compactLocal(startedAt, pack.manifest.timezone)}`;
  }

  order(time: number): HotlineWorkOrder {
    const { rnd, pack } = this;
    const spec = rnd.weighted(content.classes, (c) => c.weight);
    const { road, lon, lat } = randomRoadPoint(pack.roads, rnd);
    const districtCode = pack.locate(lon, lat).district;
    const districtName = districtCode ? (pack.codeNames.get(districtCode) ?? '') : '';
    const place = `${road.name}${rnd.int(1, 1200)}号`;
    const [gLon, gLat] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    const requestType =
      (content.requestTypeByClass as Record<string, string | undefined>)[spec.class] ??
      rnd.pick(content.complaintTypes);
    const withCaller = rnd.chance(0.8);
    return {
      工单编号: `${this.idPrefix}${String(++this.counter).padStart(5, '0')}`,
      受理时间: formatLocal(time, pack.manifest.timezone),
      来电渠道: rnd.weighted(content.channels, (c) => c.weight).value as HotlineWorkOrder['来电渠道'],
      诉求类型: requestType,
      诉求分类: spec.class,
      紧急程度: rnd.weighted(content.urgency, (u) => u.weight).value,
      诉求内容: rnd.pick(spec.texts).replace('{place}', place),
      地址: `上海市${districtName}${place}`,
      ...(districtName ? { 所属区: districtName } : {}),
      经度: Math.round(gLon * 1e6) / 1e6,
      纬度: Math.round(gLat * 1e6) / 1e6,
      ...(withCaller
        ? {
            来电人: `${rnd.pick(content.surnames)}${rnd.pick(content.honorifics)}`,
            联系电话: `1${rnd.pick(['38', '39', '58', '86', '89'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
          }
        : {}),
    };
  }

  /** A record as a faulty vendor might send it: the JSON text to post. */
  defective(time: number): string {
    const o: Record<string, unknown> = { ...this.order(time) };
    switch (this.rnd.int(0, 4)) {
      case 0:
        delete o['经度'];
        break;
      case 1:
        o['诉求分类'] = '其他/未归类';
        break;
      case 2:
        o['受理时间'] = formatLocal(time, this.pack.manifest.timezone)
          .replace(/-\d\d /, '-31 ')
          .replace(/-\d\d-/, '-02-');
        break;
      case 3:
        o['经度'] = 0;
        o['纬度'] = 0;
        break;
      default:
        return JSON.stringify(o).slice(0, 60);
    }
    return JSON.stringify(o);
  }

  isDefect(): boolean {
    return this.rnd.chance(this.defectRate);
  }

  /**
   * A caller's work order about a ground-truth incident: taken at the report's time, located where the caller
   * says (the report's spot, in GCJ-02 like every call taker's map). Drawn from the report's own seed, so the
   * background stream is the same with or without incidents.
   */
  incidentOrder(incident: Incident, report: PlannedReport): HotlineWorkOrder {
    const { pack } = this;
    const tz = pack.manifest.timezone;
    const rnd = new Random(report.seed);
    rnd.next();
    const call = rnd.pick(INCIDENT_CALLS[incident.kind]);
    const place = `${incident.roadName}${rnd.int(1, 1200)}号`;
    const districtCode = pack.locate(report.lon, report.lat).district;
    const districtName = districtCode ? (pack.codeNames.get(districtCode) ?? '') : '';
    const [gLon, gLat] = gcoord.transform([report.lon, report.lat], gcoord.WGS84, gcoord.GCJ02) as [
      number,
      number,
    ];
    return {
      工单编号: `SH${compactLocal(report.at, tz)}I${incident.id.replace(/[^0-9N]/g, '')}${report.index}`,
      受理时间: formatLocal(report.at, tz),
      来电渠道: '电话',
      诉求类型: rnd.chance(0.7) ? '求助' : '投诉',
      诉求分类: call.class,
      紧急程度: rnd.chance(0.6) ? '紧急' : '一般',
      诉求内容: rnd.pick(call.texts).replace('{place}', place),
      地址: `上海市${districtName}${place}`,
      ...(districtName ? { 所属区: districtName } : {}),
      经度: Math.round(gLon * 1e6) / 1e6,
      纬度: Math.round(gLat * 1e6) / 1e6,
      来电人: `${rnd.pick(content.surnames)}${rnd.pick(content.honorifics)}`,
      联系电话: `1${rnd.pick(['38', '39', '58', '86', '89'])}${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
    };
  }

  /** Gap to the next order at `time`: a Poisson process following the city's daily rhythm. */
  nextGapMs(time: number, rate: number): number {
    const perMs = (activityAt(time, this.pack.manifest.timezone) * rate) / MEAN_GAP_MS;
    return Math.min(this.rnd.exponential(perMs), 10 * 60_000);
  }
}

/** Longest wait between delivery attempts while our webhook is unreachable. */
const MAX_RETRY_MS = 30_000;

/**
 * The 12345 platform: takes calls all the time and POSTs each new work order to our webhook, as the real platform
 * does, through an outbox: an order leaves it only once our server has answered it (2xx, or 4xx: judged and
 * quarantined), so orders taken while the webhook is unreachable — or while this simulated delivery is stopped
 * (`stop()`, e.g. `POST /api/simulators/hotline/stop`) — are delivered, in order, when it is back. The platform's
 * clock keeps running while stopped: a restart catches up every order taken meanwhile, and only those.
 */
export function createHotlineSimulator(ctx: SubsystemContext): Runnable {
  const { config, pack, log } = ctx;
  const incidents = sharedIncidents(ctx);
  const gen = new HotlineGenerator(pack, config.SIM_SEED, Date.now(), config.SIM_DEFECT_RATE);
  const tick = Math.max(100, Math.min(1_000, MEAN_GAP_MS / config.SIM_RATE));
  const outbox: { body: string; takenAt: number }[] = [];
  let takenUntil: number | null = null;
  let nextOrderAt = 0;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let abort = new AbortController();
  let delivering: Promise<void> = Promise.resolve();

  /** Every order taken up to `now` (background calls and calls about incidents) goes into the outbox, by time. */
  const take = (now: number) => {
    const from = takenUntil ?? now;
    const taken: { at: number; body: string }[] = [];
    while (nextOrderAt <= now) {
      const at = nextOrderAt;
      taken.push({ at, body: gen.isDefect() ? gen.defective(at) : JSON.stringify(gen.order(at)) });
      nextOrderAt = at + gen.nextGapMs(at, config.SIM_RATE);
    }
    for (const { incident, report } of incidents.reportsIn('hotline', from, now)) {
      const order = gen.incidentOrder(incident, report);
      incidents.record('hotline', order.工单编号, incident.id);
      taken.push({ at: report.at, body: JSON.stringify(order) });
    }
    takenUntil = now;
    for (const t of taken.sort((a, b) => a.at - b.at)) outbox.push({ body: t.body, takenAt: t.at });
  };

  /** Sends the outbox in order; an order stays at its head until our server answers it. */
  const deliver = async () => {
    let wait = 500;
    while (running && outbox.length > 0) {
      const status = await postWithRetry(
        `${ctx.baseUrl()}/api/intake/hotline`,
        outbox[0]!.body,
        'application/json',
        log,
        abort.signal,
        ctx.intakeHeaders('hotline'),
        1,
      );
      if (status !== null) {
        outbox.shift();
        wait = 500;
        continue;
      }
      if (!running) return;
      // Back off, but wake at once when stopped (stop() must not wait out a long backoff).
      const signal = abort.signal;
      await new Promise<void>((r) => {
        const t = setTimeout(r, wait);
        signal.addEventListener('abort', () => (clearTimeout(t), r()), { once: true });
      });
      wait = Math.min(MAX_RETRY_MS, wait * 2);
    }
  };

  let busy = false;
  const loop = () => {
    take(Date.now());
    if (!busy) {
      busy = true;
      delivering = deliver().finally(() => (busy = false));
    }
    timer = setTimeout(loop, tick);
  };

  return {
    async start() {
      if (running) return;
      const now = Date.now();
      if (takenUntil === null) {
        // First start: the orders of the last hour still waiting for the webhook.
        for (let i = BACKLOG; i > 0; i--) {
          const at = now - i * 150_000;
          outbox.push({
            body: gen.isDefect() ? gen.defective(at) : JSON.stringify(gen.order(at)),
            takenAt: at,
          });
        }
        takenUntil = now;
        nextOrderAt = now + gen.nextGapMs(now, config.SIM_RATE);
      }
      running = true;
      abort = new AbortController();
      loop();
      log.info(
        { source: 'hotline', rate: config.SIM_RATE, outbox: outbox.length },
        'hotline simulator started',
      );
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      // Let a post on the wire finish (its answer decides whether the order leaves the outbox), then abort.
      await Promise.race([delivering, new Promise((r) => setTimeout(r, 2000))]);
      abort.abort();
      await delivering;
      log.info(
        { source: 'hotline', outbox: outbox.length },
        'hotline simulator stopped; orders wait in the outbox',
      );
    },
  };
}
