import type { TFunction } from 'i18next';

/** "12 s", "3 min", "2 h" in the current language. */
export function formatAgo(ms: number, t: TFunction): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('ago.seconds', { n: s });
  if (s < 3600) return t('ago.minutes', { n: Math.floor(s / 60) });
  return t('ago.hours', { n: Math.floor(s / 3600) });
}
