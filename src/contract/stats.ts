import { z } from 'zod';
import { DistrictCode } from './geo';
import { SourceId } from './source';
import { UtcInstant } from './time';

const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).max(50));

/** Query of GET /api/stats/events-hourly: the last `hours` whole hours up to and including the current one. */
export const EventsHourlyQuery = z.object({
  hours: z.coerce.number().int().min(1).max(168).default(24),
  district: csv(DistrictCode).optional(),
  source: csv(SourceId).optional(),
});
export type EventsHourlyQuery = z.infer<typeof EventsHourlyQuery>;

/**
 * Events reported and closed per hour, oldest hour first, every hour present (zeros included). Hours are
 * UTC hours, which are the city's local hours in every zone with a whole-hour offset (Asia/Shanghai).
 * `closed` counts events whose status is now closed by the hour of their last change (`updatedAt`).
 */
export const EventsHourly = z.object({
  from: UtcInstant,
  to: UtcInstant,
  buckets: z.array(
    z.object({
      start: UtcInstant,
      reported: z.number().int().nonnegative(),
      closed: z.number().int().nonnegative(),
    }),
  ),
});
export type EventsHourly = z.infer<typeof EventsHourly>;
