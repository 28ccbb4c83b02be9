import { TZDate } from '@date-fns/tz';

/**
 * Relative activity of a city by local hour (1 ≈ daily mean): a night lull, a morning and an afternoon peak,
 * shaped like the hourly call-volume curves 12345 centres publish (busiest ~9–11h and ~14–17h).
 */
const HOURLY = [
  0.25, 0.15, 0.1, 0.1, 0.12, 0.25, 0.55, 1.0, 1.45, 1.7, 1.75, 1.55, 1.2, 1.35, 1.6, 1.6, 1.5, 1.35, 1.15,
  1.05, 0.95, 0.8, 0.6, 0.4,
];

/** Activity factor at `time` (epoch ms) in the city's IANA time zone. */
export function activityAt(time: number, timezone: string): number {
  return HOURLY[new TZDate(time, timezone).getHours()] ?? 1;
}
