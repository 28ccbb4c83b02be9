import { z } from 'zod';
import { DistrictCode, GridCode, LonLat, StreetCode } from './geo';
import { SourceId } from './source';
import { UtcInstant } from './time';

/** Emergency grading: I 特别重大 · II 重大 · III 较大 · IV 一般. */
export const Severity = z.enum(['I', 'II', 'III', 'IV']);
export type Severity = z.infer<typeof Severity>;
export const SEVERITIES = Severity.options;

/** Lifecycle: 上报 → 受理 → 派遣 → 处置 → 处置完成 → 核查 → 结案, plus 退回 and 重新打开. */
export const EventStatus = z.enum([
  'reported',
  'accepted',
  'dispatched',
  'in-progress',
  'resolved',
  'verified',
  'closed',
  'returned',
  'reopened',
]);
export type EventStatus = z.infer<typeof EventStatus>;
export const EVENT_STATUSES = EventStatus.options;

/** One taxonomy every native code (12345 types, GB/T 30428 classes, AI alarms, sensor alarms …) maps onto. */
export const Category = z.enum([
  'municipal-facility', // 市政设施: manholes, lamps, poles, guardrails
  'road-damage', // 道路破损 / 塌陷
  'sanitation', // 市容环卫: rubbish, dirty roads or water
  'street-order', // 街面秩序: vendors, street occupation
  'illegal-construction', // 违法建设
  'illegal-advertising', // 宣传广告
  'construction-nuisance', // 施工管理: site dust, construction noise
  'noise', // 噪声扰民
  'illegal-parking', // 违法停车
  'traffic-accident', // 交通事故
  'vehicle-breakdown', // 车辆故障
  'road-closure', // 道路封闭
  'traffic-congestion', // 交通拥堵
  'waterlogging', // 积水内涝
  'pipe-burst', // 管道爆裂
  'fire', // 火情 / 烟雾
  'crowd', // 人群聚集
  'air-quality', // 空气质量
  'building-safety', // 房屋安全
  'elderly-care', // 养老: SOS, fall
  'public-service', // 公共服务 (consultations, suggestions)
  'weather', // 气象预警
  'other',
]);
export type Category = z.infer<typeof Category>;
export const CATEGORIES = Category.options;

/** Who reported it, when the source says so. Personal data: masked for roles that do not need it. */
export const Reporter = z.object({
  name: z.string().max(100).nullable(),
  phone: z.string().max(40).nullable(),
});
export type Reporter = z.infer<typeof Reporter>;

const text = (max: number) => z.string().max(max);

/**
 * The normalized Event (事件). `id` is `<source>:<nativeId>` and stable across redeliveries.
 * `description` and `address` are untrusted citizen text: render as text, never as HTML.
 */
export const Event = z.object({
  id: z.string().min(3).max(200),
  source: SourceId,
  nativeId: z.string().min(1).max(160),
  category: Category,
  title: text(200),
  description: text(4000),
  severity: Severity,
  status: EventStatus,
  location: LonLat,
  address: text(300),
  district: DistrictCode.nullable(),
  street: StreetCode.nullable(),
  grid: GridCode.nullable(),
  reportedAt: UtcInstant,
  /** Last change by anyone (source or console). */
  updatedAt: UtcInstant,
  /** The source's own update time: orders redeliveries, so an older update never overwrites a newer one. */
  sourceUpdatedAt: UtcInstant,
  slaDueAt: UtcInstant.nullable(),
  assignee: z.string().max(100).nullable(),
  relatedIds: z.array(z.string()).max(200),
  cameraIds: z.array(z.string()).max(50),
  reporter: Reporter.nullable(),
  /** Source-specific facts kept for the detail view (native type code, channel …). */
  attributes: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean()])),
  /** Optimistic-concurrency version, bumped on every stored change. */
  version: z.number().int().nonnegative(),
  /**
   * When the duty console acknowledged this event's alarm (severity I–II, see alarms.ts), and who; absent or
   * null = not acknowledged. Set by the console's acknowledge action as a normal versioned change.
   */
  acknowledgedAt: UtcInstant.nullable().optional(),
  acknowledgedBy: z.string().max(100).nullable().optional(),
  /** The department (city pack `dispatch.json` id) the event is forwarded or dispatched to; set by the console. */
  department: z.string().max(80).nullable().optional(),
  /**
   * How far up the escalation ladder (city pack) the event has gone for its current overdue stage: 0 not
   * escalated, 1 duty officer, 2 shift leader, 3 district leader. Reset when the event moves to the next stage.
   */
  escalationLevel: z.number().int().min(0).max(10).optional(),
});
export type Event = z.infer<typeof Event>;

/** What an adapter produces: the source's facts. The pipeline owns lifecycle, versioning and correlation. */
export const EventDraft = Event.omit({
  id: true,
  status: true,
  updatedAt: true,
  slaDueAt: true,
  assignee: true,
  relatedIds: true,
  version: true,
  acknowledgedAt: true,
  acknowledgedBy: true,
  department: true,
  escalationLevel: true,
});
export type EventDraft = z.infer<typeof EventDraft>;

export function eventId(source: SourceId, nativeId: string): string {
  return `${source}:${nativeId}`;
}
