import gcoord from 'gcoord';
import type { CityPack } from '../../city-packs/load';
import { activityAt } from '../../simulation/city-rhythm';
import { postWithRetry } from '../../simulation/http-sender';
import { compactLocal, formatLocal } from '../../simulation/local-time';
import { Random } from '../../simulation/random';
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

/** Generates realistic 12345 work orders. Pure given the seed and clock, so tests can use it without HTTP. */
export class HotlineGenerator {
  private readonly rnd: Random;
  private counter = 0;
  private readonly idPrefix: string;
  constructor(
    private readonly pack: CityPack,
    seed: number,
    startedAt: number,
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
    return this.rnd.chance(DEFECT_RATE);
  }

  /** Gap to the next order at `time`: a Poisson process following the city's daily rhythm. */
  nextGapMs(time: number, rate: number): number {
    const perMs = (activityAt(time, this.pack.manifest.timezone) * rate) / MEAN_GAP_MS;
    return Math.min(this.rnd.exponential(perMs), 10 * 60_000);
  }
}

/** The 12345 platform: POSTs each new work order to our webhook, as the real platform does. */
export function createHotlineSimulator(ctx: SubsystemContext): Runnable {
  const { config, pack, log } = ctx;
  let timer: NodeJS.Timeout | undefined;
  const abort = new AbortController();
  const inflight = new Set<Promise<unknown>>();
  const gen = new HotlineGenerator(pack, config.SIM_SEED, Date.now());

  const send = (body: string) => {
    const p = postWithRetry(
      `${ctx.baseUrl()}/api/intake/hotline`,
      body,
      'application/json',
      log,
      abort.signal,
      ctx.intakeHeaders('hotline'),
    );
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const sendOrder = (time: number) =>
    send(gen.isDefect() ? gen.defective(time) : JSON.stringify(gen.order(time)));
  const schedule = () => {
    timer = setTimeout(
      () => {
        sendOrder(Date.now());
        schedule();
      },
      gen.nextGapMs(Date.now(), config.SIM_RATE),
    );
  };

  return {
    async start() {
      const now = Date.now();
      for (let i = BACKLOG; i > 0; i--) sendOrder(now - i * 150_000);
      schedule();
      log.info({ source: 'hotline', rate: config.SIM_RATE }, 'hotline simulator started');
    },
    async stop() {
      clearTimeout(timer);
      // Let posts in flight finish (their records are accepted and must be stored) before aborting retries.
      await Promise.race([Promise.allSettled([...inflight]), new Promise((r) => setTimeout(r, 2000))]);
      abort.abort();
    },
  };
}
