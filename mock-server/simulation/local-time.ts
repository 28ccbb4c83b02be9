import { TZDate } from '@date-fns/tz';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Formats an instant as the "YYYY-MM-DD HH:mm:ss" local time many Chinese systems send. */
export function formatLocal(time: number, timezone: string): string {
  const d = new TZDate(time, timezone);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Compact local stamp "YYMMDDHHmmss", used in simulated native ids. */
export function compactLocal(time: number, timezone: string): string {
  return formatLocal(time, timezone).replace(/\D/g, '').slice(2);
}
