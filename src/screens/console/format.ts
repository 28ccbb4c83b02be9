import i18next, { type TFunction } from 'i18next';

const formats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the city's local "MM-DD HH:mm" (the console shows city time whatever the PC's zone). */
export function cityTime(iso: string, timezone: string, withSeconds = false): string {
  const key = `${timezone}|${withSeconds}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('zh-CN', {
      timeZone: timezone,
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      ...(withSeconds ? { second: '2-digit' } : {}),
      hourCycle: 'h23',
    });
    formats.set(key, f);
  }
  const parts = f.formatToParts(new Date(iso));
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('month')}-${p('day')} ${p('hour')}:${p('minute')}${withSeconds ? `:${p('second')}` : ''}`;
}

/** A duration as its two largest units: "2小时5分" / "2h 5m"; seconds only under a minute. */
export function duration(ms: number, t: TFunction): string {
  const s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (d) parts.push(t('console.duration.d', { n: d }));
  if (h) parts.push(t('console.duration.h', { n: h }));
  if (m && !d) parts.push(t('console.duration.m', { n: m }));
  if (parts.length === 0) parts.push(t('console.duration.s', { n: s % 60 }));
  return parts.slice(0, 2).join(i18next.language === 'en' ? ' ' : '');
}
