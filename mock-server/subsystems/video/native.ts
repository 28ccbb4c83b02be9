import { z } from 'zod';

/**
 * The video platform's own JSON (雪亮工程 视频综合应用平台), not ours. Device records follow the GB/T 28181-2016
 * catalogue items (DeviceID, Name, CivilCode, Status ON/OFF, Longitude/Latitude in WGS-84, PTZType,
 * DirectionType …) in the platform's camelCase; times are ISO 8601 with the platform's UTC offset.
 */

/** ISO 8601 with an offset, e.g. 2026-11-24T08:30:00.123+08:00. */
const OffsetTime = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?([+-]\d\d:\d\d|Z)$/, 'ISO 8601 with offset');

export const VideoDevice = z.object({
  deviceId: z.string(),
  name: z.string().min(1).max(100),
  /** GB/T 28181 CivilCode: the division the device is in. */
  civilCode: z.string().regex(/^\d{6}$/),
  manufacturer: z.string().max(60).optional(),
  model: z.string().max(60).optional(),
  address: z.string().max(200).optional(),
  status: z.enum(['ON', 'OFF']),
  longitude: z.number(),
  latitude: z.number(),
  /** 1 球机 dome · 2 半球 · 3 固定枪机 fixed · 4 遥控枪机. */
  ptzType: z.number().int().min(1).max(4).optional(),
  /** GB/T 28181 监视方位: 1 东 2 西 3 南 4 北 5 东南 6 东北 7 西南 8 西北. */
  directionType: z.number().int().min(1).max(8).optional(),
  /** The platform's last change of this record (status, alarm, attributes): orders updates. */
  updateTime: OffsetTime,
  /** The platform's open AI alarm on this camera, if any. */
  activeAlarmId: z.string().min(1).max(60).nullable().optional(),
});
export type VideoDevice = z.infer<typeof VideoDevice>;

/** Catalogue change notification (GB/T 28181 §9.6 目录通知: Event ON/OFF/VLOST/DEFECT/ADD/UPDATE). */
export const StatusPush = z.object({
  msgType: z.literal('status'),
  msgId: z.string().min(1).max(60),
  event: z.enum(['ON', 'OFF', 'VLOST', 'DEFECT', 'ADD', 'UPDATE']),
  time: OffsetTime,
  device: VideoDevice,
});
export type StatusPush = z.infer<typeof StatusPush>;

/** An intelligent-analysis alarm of a camera; `end` closes it (same alarmId). */
export const AlarmPush = z.object({
  msgType: z.literal('alarm'),
  msgId: z.string().min(1).max(60),
  alarmId: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/),
  alarmType: z.string().min(1).max(40),
  /** 1 一级警情 (highest) … 4 四级警情. */
  alarmPriority: z.number().int(),
  alarmState: z.enum(['start', 'end']),
  alarmTime: OffsetTime,
  endTime: OffsetTime.optional(),
  confidence: z.number().min(0).max(1).optional(),
  description: z.string().max(1000).optional(),
  picUrl: z.string().max(500).optional(),
  device: VideoDevice,
});
export type AlarmPush = z.infer<typeof AlarmPush>;

/** The catalogue route of the platform's REST API. */
export const DEVICES_PATH = '/api/v1/devices';

/** GET /api/v1/devices?page=&pageSize= — the envelope is checked; items are adapted one by one. */
export const CataloguePage = z.object({
  code: z.literal(0),
  msg: z.string(),
  data: z.object({
    total: z.number().int().nonnegative(),
    page: z.number().int().positive(),
    pageSize: z.number().int().positive(),
    list: z.array(z.unknown()),
  }),
});
export type CataloguePage = z.infer<typeof CataloguePage>;
