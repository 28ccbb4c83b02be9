import { TZDate } from '@date-fns/tz';
import { toUtcInstant } from '../../src/contract/time';

/** Local time as many Chinese systems write it: "YYYY-MM-DD HH:mm:ss", in the city's zone, no offset. */
export const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * The zone's UTC offset is looked up once per local hour and cached: a TZDate per record cost more than
 * the rest of the adapter. Offsets only change on the hour in every IANA zone we serve.
 */
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_MAX = 10_000;

function offsetMs(y: number, mo: number, d: number, h: number, timezone: string): number {
  const key = `${timezone}|${y}|${mo}|${d}|${h}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    off = new TZDate(y, mo - 1, d, h, 0, 0, timezone).getTime() - Date.UTC(y, mo - 1, d, h, 0, 0);
    if (offsetCache.size >= OFFSET_CACHE_MAX) offsetCache.clear();
    offsetCache.set(key, off);
  }
  return off;
}

/** "YYYY-MM-DD HH:mm:ss" in `timezone` → UTC instant; null when the fields are not a real date. */
export function localToUtc(local: string, timezone: string): string | null {
  const m = LOCAL_TIME.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  // Reject dates the calendar would roll over (e.g. 02-30 → 03-02).
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCDate() !== d || probe.getUTCMonth() !== mo - 1) return null;
  return toUtcInstant(Date.UTC(y, mo - 1, d, h, mi, s) + offsetMs(y, mo, d, h, timezone));
}
