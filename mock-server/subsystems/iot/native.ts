import { z } from 'zod';

/**
 * The IoT platform's telemetry (物联感知平台), published on `<root>/<type>/<deviceId>/telemetry`: its own JSON,
 * not ours. Times are epoch milliseconds; positions WGS-84 (GPS); each value carries its unit, because
 * devices of one type come from several vendors (a waterlogging gauge may report mm, cm or m).
 */
const Reading = z.object({
  v: z.union([z.number(), z.boolean()]),
  unit: z.string().max(20).optional(),
});

export const Telemetry = z.object({
  deviceId: z.string().regex(/^[A-Za-z0-9_-]{3,64}$/, 'deviceId must be 3–64 of A–Z, a–z, 0–9, _ and -'),
  /** Measurement time, epoch milliseconds. */
  ts: z.number().int(),
  /** The device's message counter (wraps); kept for diagnosis only, ordering is by `ts`. */
  seq: z.number().int().nonnegative().optional(),
  values: z.record(z.string().max(40), Reading),
  /** Battery level, percent. */
  battery: z.number().min(0).max(100).optional(),
  /** Received signal strength, dBm (NB-IoT / LoRa). */
  rssi: z.number().min(-150).max(0).optional(),
  loc: z.object({ lng: z.number(), lat: z.number() }),
  /** Where the device is installed, from the platform's device registry. */
  site: z.string().max(100).optional(),
});
export type Telemetry = z.infer<typeof Telemetry>;
