import { TZDate } from '@date-fns/tz';

const pad = (n: number) => String(n).padStart(2, '0');

/** HH:mm in the city's time zone (the wall shows city time wherever its PC's clock is set). */
export function formatLocalTime(iso: string, timezone: string): string {
  const d = new TZDate(Date.parse(iso), timezone);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
