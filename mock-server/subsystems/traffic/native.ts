import { z } from 'zod';

/**
 * The traffic police platform's (交警) minute batch, in its own dialect: camelCase keys, compact local times
 * "yyyyMMddHHmmss" (Asia/Shanghai, no offset), speeds in km/h per segment of the city road network (segment
 * ids are the road ids both sides agreed on), and incidents with **GCJ-02** positions (the platform's map is
 * AMap's). POSTed to `/api/intake/traffic` every 60 s. This is the vendor's schema, not ours.
 */
export const COMPACT_TIME = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const compactTime = z.string().regex(COMPACT_TIME, 'time must be yyyyMMddHHmmss');

export const Segment = z.object({
  roadId: z.string().min(1).max(80),
  /** Mean speed over the interval, km/h. */
  speed: z.number().min(0).max(200),
  /** The segment's free-flow speed, km/h. */
  freeFlowSpeed: z.number().positive().max(200),
  /** Probe vehicles behind the mean. */
  samples: z.number().int().min(0).optional(),
});
export type Segment = z.input<typeof Segment>;

export const Incident = z.object({
  incidentId: z.string().regex(/^[A-Z0-9]{6,40}$/, 'incidentId must be 6–40 of A–Z, 0–9'),
  /** ACCIDENT · BREAKDOWN · CLOSURE (checked against the code table). */
  type: z.string().min(1).max(20),
  roadId: z.string().min(1).max(80),
  /** GCJ-02. */
  lng: z.number(),
  lat: z.number(),
  startTime: compactTime,
  updateTime: compactTime,
  status: z.enum(['ACTIVE', 'CLEARED']),
  lanesBlocked: z.number().int().min(0).max(10),
  injuries: z.number().int().min(0).max(500),
  description: z.string().max(500),
});
export type Incident = z.input<typeof Incident>;

/** The batch as POSTed. Segments and incidents stay `unknown`: each is judged alone. */
export const TrafficBatch = z.object({
  batchId: z.string().max(40),
  batchTime: compactTime,
  /** Seconds the speeds average over. */
  interval: z.number().int().positive(),
  segments: z.array(z.unknown()),
  incidents: z.array(z.unknown()),
});
export type TrafficBatch = z.input<typeof TrafficBatch>;
/** A batch as the platform builds it, items typed. */
export type TrafficBatchOf = Omit<TrafficBatch, 'segments' | 'incidents'> & {
  segments: Segment[];
  incidents: Incident[];
};

/**
 * One record of a batch, as the intake splits it: the item with its batch time. Kept as its own JSON in the
 * dead-letter store, so a quarantined segment can be replayed without the batch it came in.
 */
export const SegmentItem = z.object({ batchTime: compactTime, segment: Segment });
export const IncidentItem = z.object({ batchTime: compactTime, incident: Incident });
export type SegmentItem = z.input<typeof SegmentItem>;
export type IncidentItem = z.input<typeof IncidentItem>;

/** "yyyyMMddHHmmss" → "YYYY-MM-DD HH:mm:ss", the local form the shared time codec reads. */
export function compactToLocal(s: string): string | null {
  const m = COMPACT_TIME.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` : null;
}
