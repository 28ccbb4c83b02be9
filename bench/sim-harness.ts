import type { Sensor } from '../src/contract/entities';
import type { SourceId } from '../src/contract/source';
import type { CityPack } from '../mock-server/city-packs/load';
import type { IngestRecord } from '../mock-server/pipeline/ingest';
import { IncidentScenario } from '../mock-server/simulation/incidents';
import { CityManagementWorld } from '../mock-server/subsystems/city-management/simulator';
import { GridWorld } from '../mock-server/subsystems/grid/simulator';
import { HotlineGenerator } from '../mock-server/subsystems/hotline/simulator';
import { iotAdapter, type IotRecord } from '../mock-server/subsystems/iot/adapter';
import { IotFleet } from '../mock-server/subsystems/iot/fleet';
import { splitTrafficBatch } from '../mock-server/subsystems/traffic/adapter';
import { TrafficWorld } from '../mock-server/subsystems/traffic/simulator';
import { VideoPlatform } from '../mock-server/subsystems/video/platform';
import { toCapXml } from '../mock-server/subsystems/warnings/cap-writer';
import { decodeCapBody } from '../mock-server/subsystems/warnings/intake';
import { WarningsGenerator } from '../mock-server/subsystems/warnings/simulator';

/** A native record as its transport delivers it to the pipeline, with the simulated time it was sent. */
export interface Delivered {
  source: SourceId;
  at: number;
  record: IngestRecord;
}

const MINUTE = 60_000;

/**
 * Every subsystem's generator driven by a virtual clock, no timers and no sockets: what each transport would hand
 * the pipeline, decoded as that transport does (the webhook's JSON or CAP bytes, a poll page's items, an MQTT
 * message with the sensor's state the connector would read). The same seed gives the same city; the incidents'
 * ground truth is in `incidents.truth`.
 */
export class SimulatedCity {
  readonly incidents: IncidentScenario;
  private readonly hotline: HotlineGenerator;
  private readonly cityManagement: CityManagementWorld;
  private readonly grid: GridWorld;
  private readonly video: VideoPlatform;
  private readonly iot: IotFleet;
  private readonly traffic: TrafficWorld;
  private readonly warnings: WarningsGenerator;
  private readonly sensors = new Map<string, Sensor>();
  private now: number;
  private nextOrderAt: number;
  private cmSince = 0;
  private gridSince = 0;
  private nextPollAt: number;
  private nextBatchAt: number;
  private nextHeartbeatAt: number;
  private scheduledAlerts: { at: number; xml: string }[] = [];

  constructor(
    private readonly pack: CityPack,
    seed: number,
    start: number,
    private readonly opts: {
      /** Traffic segment readings (4,200 a minute) or only the police's incidents. */
      trafficSegments: boolean;
      /** Grid workers' GPS positions with every poll. */
      workerPositions: boolean;
      /** How often the polling connectors poll (virtual ms). */
      pollMs?: number;
    },
  ) {
    this.incidents = new IncidentScenario(pack, seed, 1);
    this.hotline = new HotlineGenerator(pack, seed, start);
    this.cityManagement = new CityManagementWorld(pack, seed, 1, this.incidents);
    this.grid = new GridWorld(pack, seed, 1, this.incidents);
    this.video = new VideoPlatform(pack, seed, start, 1, this.incidents);
    this.iot = new IotFleet(pack, seed, start, 1, this.incidents);
    this.traffic = new TrafficWorld(pack, seed, 1, this.incidents);
    this.warnings = new WarningsGenerator(pack, seed);
    this.now = start;
    this.nextOrderAt = start;
    this.nextPollAt = start;
    this.nextBatchAt = start;
    this.nextHeartbeatAt = start;
    this.scheduledAlerts = this.warnings.scenario(start).map((s) => ({ at: s.at, xml: toCapXml(s.alert) }));
  }

  /** The video platform's catalogue, as its connector loads it at start. */
  catalogue(): Delivered[] {
    const page = this.video.page(1, 10_000);
    return page.data.list.map((item) => json('video', this.now, item));
  }

  /** Everything sent in (now, t], in time order per source. */
  advance(t: number): Delivered[] {
    const out: Delivered[] = [];
    const from = this.now;
    // 12345: each order POSTed as it is taken (background and calls about incidents).
    const orders: { at: number; body: string }[] = [];
    while (this.nextOrderAt <= t) {
      const at = this.nextOrderAt;
      orders.push({
        at,
        body: this.hotline.isDefect() ? this.hotline.defective(at) : JSON.stringify(this.hotline.order(at)),
      });
      this.nextOrderAt = at + this.hotline.nextGapMs(at, 1);
    }
    for (const { incident, report } of this.incidents.reportsIn('hotline', from, t)) {
      const order = this.hotline.incidentOrder(incident, report);
      this.incidents.record('hotline', order.工单编号, incident.id);
      orders.push({ at: report.at, body: JSON.stringify(order) });
    }
    for (const o of orders.sort((a, b) => a.at - b.at)) out.push(webhookJson('hotline', o.at, o.body));
    // Video: status changes and AI alarms pushed to the webhook.
    for (const push of this.video.advance(t)) out.push(webhookJson('video', t, JSON.stringify(push)));
    // IoT: MQTT messages; the connector adds the sensor's stored state (kept here as the adapter leaves it).
    for (const { topic, message } of this.iot.due(t)) {
      const payload = JSON.stringify(message);
      const decoded = JSON.parse(payload) as unknown;
      const previous = this.sensors.get(message.deviceId) ?? null;
      const full = `city/${topic}`;
      const rec: IotRecord = { topic: full, message: decoded, previous };
      const adapted = iotAdapter.adapt(rec, { pack: this.pack });
      const state = adapted.ok ? adapted.states?.[0] : undefined;
      if (state?.topic === 'sensors' && (!previous || state.item.updatedAt > previous.updatedAt))
        this.sensors.set(message.deviceId, state.item);
      out.push({
        source: 'iot',
        at: message.ts,
        record: { payload: rec, raw: JSON.stringify({ topic: full, payload }) },
      });
    }
    // Polling connectors: 数字城管 and 网格化 every poll interval, pages of changes since the cursor.
    const pollMs = this.opts.pollMs ?? 10_000;
    while (this.nextPollAt <= t) {
      const at = this.nextPollAt;
      const page = this.cityManagement.page(at, { updatedSince: this.cmSince, page: 1, pageSize: 100_000 });
      for (const item of page.data.items) out.push(json('city-management', at, item));
      this.cmSince = Math.max(this.cmSince, page.serverTime - 5);
      const cases = this.grid.page(at, { since: this.gridSince, offset: 0, limit: 100_000 });
      for (const item of cases.cases) out.push(json('grid', at, item));
      this.gridSince = Math.max(this.gridSince, at - 5_000);
      if (this.opts.workerPositions) for (const w of this.grid.workersAt(at)) out.push(json('grid', at, w));
      this.nextPollAt += pollMs;
    }
    // Traffic police: a minute's batch, split by the intake into one record per item.
    while (this.nextBatchAt <= t) {
      const at = this.nextBatchAt;
      const { batch } = this.traffic.batch(at);
      const body = JSON.stringify(this.opts.trafficSegments ? batch : { ...batch, segments: [] });
      for (const item of splitTrafficBatch(JSON.parse(body)) ?? []) out.push(json('traffic', at, item));
      this.nextBatchAt += MINUTE;
    }
    // Warnings: CAP XML heartbeats every minute and the release system's scenario, decoded from bytes.
    while (this.nextHeartbeatAt <= t) {
      out.push(cap(this.nextHeartbeatAt, toCapXml(this.warnings.heartbeat(this.nextHeartbeatAt))));
      this.nextHeartbeatAt += MINUTE;
    }
    const due = this.scheduledAlerts.filter((a) => a.at <= t);
    this.scheduledAlerts = this.scheduledAlerts.filter((a) => a.at > t);
    for (const a of due) out.push(cap(a.at, a.xml));
    this.now = t;
    return out;
  }
}

/** A webhook POST body as the intake decodes it (UTF-8 JSON, kept with its text). */
function webhookJson(source: SourceId, at: number, body: string): Delivered {
  try {
    return { source, at, record: { payload: JSON.parse(body) as unknown, raw: body } };
  } catch (err) {
    return {
      source,
      at,
      record: { payload: undefined, raw: body, decodeError: `invalid JSON: ${(err as Error).message}` },
    };
  }
}

/** An item of a poll page or a split batch: its own JSON is its raw text. */
function json(source: SourceId, at: number, item: unknown): Delivered {
  const raw = JSON.stringify(item);
  return { source, at, record: { payload: JSON.parse(raw) as unknown, raw } };
}

function cap(at: number, xml: string): Delivered {
  return { source: 'warnings', at, record: decodeCapBody(Buffer.from(xml, 'utf8')) };
}
