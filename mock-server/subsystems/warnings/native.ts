import { z } from 'zod';

/**
 * A CAP alert (OASIS Common Alerting Protocol 1.2, and 1.1) as read from a schema-valid document: the
 * warning release system's own structure, not ours. Element names are CAP's; values are the trimmed text.
 * Repeated elements are arrays (empty when absent). The XSD has already checked cardinality and value lists;
 * this schema types the result for the adapter and the writer.
 */
export const CapValuePair = z.object({ valueName: z.string(), value: z.string() });
export type CapValuePair = z.infer<typeof CapValuePair>;

export const CapArea = z.object({
  areaDesc: z.string(),
  /** "lat,lon lat,lon …" — latitude first (CAP 1.2 §3.3.5.2), WGS-84, closed (first pair = last pair). */
  polygon: z.array(z.string()).default([]),
  /** "lat,lon radius" with the radius in kilometres. */
  circle: z.array(z.string()).default([]),
  geocode: z.array(CapValuePair).default([]),
  altitude: z.string().optional(),
  ceiling: z.string().optional(),
});
export type CapArea = z.input<typeof CapArea>;

export const CapInfo = z.object({
  language: z.string().optional(),
  category: z.array(z.string()).min(1),
  event: z.string(),
  responseType: z.array(z.string()).default([]),
  urgency: z.string(),
  severity: z.enum(['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown']),
  certainty: z.string(),
  audience: z.string().optional(),
  eventCode: z.array(CapValuePair).default([]),
  effective: z.string().optional(),
  onset: z.string().optional(),
  expires: z.string().optional(),
  senderName: z.string().optional(),
  headline: z.string().optional(),
  description: z.string().optional(),
  instruction: z.string().optional(),
  web: z.string().optional(),
  contact: z.string().optional(),
  parameter: z.array(CapValuePair).default([]),
  area: z.array(CapArea).default([]),
});
export type CapInfo = z.input<typeof CapInfo>;

export const CapAlert = z.object({
  identifier: z.string(),
  sender: z.string(),
  /** With its UTC offset, e.g. 2026-07-01T08:30:00+08:00. */
  sent: z.string(),
  status: z.enum(['Actual', 'Exercise', 'System', 'Test', 'Draft']),
  msgType: z.enum(['Alert', 'Update', 'Cancel', 'Ack', 'Error']),
  source: z.string().optional(),
  scope: z.enum(['Public', 'Restricted', 'Private']),
  restriction: z.string().optional(),
  addresses: z.string().optional(),
  code: z.array(z.string()).default([]),
  note: z.string().optional(),
  /** Space-separated "sender,identifier,sent" triples of the earlier messages this one updates or cancels. */
  references: z.string().optional(),
  incidents: z.string().optional(),
  info: z.array(CapInfo).default([]),
});
/** A CAP alert as written (defaults optional); `ParsedCapAlert` is the same after parsing. */
export type CapAlert = z.input<typeof CapAlert>;
export type ParsedCapAlert = z.output<typeof CapAlert>;
