import { z } from 'zod';
import { DistrictCode, GridCode, LonLat, StreetCode } from './geo';
import { UtcInstant } from './time';

/**
 * Live entity states other than events. Each is keyed by `id`, carries `updatedAt`, and is sent on its own
 * live topic (traffic, cameras, sensors, workers, warnings). Static geometry (road lines, grid cells) is
 * served once over REST; topics carry only what changes.
 */

/** Congestion levels by speed ratio (speed / free-flow speed), after common Chinese traffic-index practice. */
export const CongestionLevel = z.enum(['free', 'slow', 'congested', 'jammed']);
export type CongestionLevel = z.infer<typeof CongestionLevel>;

/** One road segment's latest traffic state from the traffic police batch (交警). `id` is the road's id. */
export const RoadSegmentState = z.object({
  id: z.string().max(80),
  speedKmh: z.number().min(0).max(200),
  freeFlowKmh: z.number().positive().max(200),
  /** speed / free-flow, 0..1+ */
  ratio: z.number().min(0).max(3),
  level: CongestionLevel,
  district: DistrictCode.nullable(),
  updatedAt: UtcInstant,
});
export type RoadSegmentState = z.infer<typeof RoadSegmentState>;

/** A camera of the video network (雪亮工程). `id` is its 20-digit GB/T 28181 device id. */
export const Camera = z.object({
  id: z.string().regex(/^\d{20}$/),
  name: z.string().max(100),
  location: LonLat,
  district: DistrictCode.nullable(),
  street: StreetCode.nullable(),
  online: z.boolean(),
  /** Degrees clockwise from north the camera looks at, when the catalogue says. */
  direction: z.number().min(0).max(360).nullable(),
  /** Open AI alarm on this camera (its event id), if any. */
  alarmEventId: z.string().nullable(),
  /** The district in the device id (GB/T 28181 centre code) contradicts the camera's coordinates. */
  districtMismatch: z.boolean().optional(),
  updatedAt: UtcInstant,
});
export type Camera = z.infer<typeof Camera>;

export const SensorType = z.enum([
  'waterlogging',
  'manhole-tilt',
  'building-tilt',
  'pm25',
  'noise',
  'wristband',
]);
export type SensorType = z.infer<typeof SensorType>;

/** An IoT sensor's latest reading and alarm state (物联感知). */
export const Sensor = z.object({
  id: z.string().max(80),
  type: SensorType,
  location: LonLat,
  district: DistrictCode.nullable(),
  value: z.number().nullable(),
  unit: z.string().max(20),
  /** Raised by the thresholds of the city pack, cleared with hysteresis. */
  alarm: z.boolean(),
  alarmEventId: z.string().nullable(),
  updatedAt: UtcInstant,
});
export type Sensor = z.infer<typeof Sensor>;

/** A grid worker (网格员) on patrol and their last position. */
export const FieldWorker = z.object({
  id: z.string().max(80),
  name: z.string().max(50),
  grid: GridCode.nullable(),
  district: DistrictCode.nullable(),
  location: LonLat,
  status: z.enum(['patrolling', 'handling', 'off-duty']),
  updatedAt: UtcInstant,
});
export type FieldWorker = z.infer<typeof FieldWorker>;

/** Warning colours: 红 red (I), 橙 orange (II), 黄 yellow (III), 蓝 blue (IV). */
export const WarningLevel = z.enum(['red', 'orange', 'yellow', 'blue']);
export type WarningLevel = z.infer<typeof WarningLevel>;

/** A ring of WGS-84 [lon, lat] pairs, closed. */
export const Ring = z
  .array(z.tuple([z.number(), z.number()]))
  .min(4)
  .max(5000);

/** An emergency warning from a CAP 1.2 (or 1.1) alert; `id` is `sender,identifier`. */
export const Warning = z.object({
  id: z.string().max(400),
  identifier: z.string().max(200),
  sender: z.string().max(200),
  sent: UtcInstant,
  msgType: z.enum(['Alert', 'Update', 'Cancel']),
  level: WarningLevel,
  event: z.string().max(200),
  headline: z.string().max(500),
  description: z.string().max(4000),
  instruction: z.string().max(4000),
  areas: z.array(z.object({ desc: z.string().max(500), polygons: z.array(Ring).max(50) })).max(50),
  effective: UtcInstant.nullable(),
  expires: UtcInstant.nullable(),
  /** Withdrawn by a Cancel, or expired: kept for history, hidden from the live map. */
  active: z.boolean(),
  updatedAt: UtcInstant,
  /** When the duty console acknowledged this warning's alarm (red/orange, see alarms.ts), and who. */
  acknowledgedAt: UtcInstant.nullable().optional(),
  acknowledgedBy: z.string().max(100).nullable().optional(),
});
export type Warning = z.infer<typeof Warning>;
