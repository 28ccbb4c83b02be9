import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import { safeHiding, type SafeHideItem, type SafeHiding } from '../contract/safe-mode';
import { setAudienceHiding } from '../live/socket-client';

/** `safe=1` in a display's URL starts it in safe mode (a wall or tour PC that nobody touches). */
export function parseSafeParam(search: string): boolean {
  return new URLSearchParams(search).get('safe') === '1';
}

/** The URL's query with safe mode set or cleared (kept in the URL, so a reload stays safe). */
export function withSafeParam(search: string, on: boolean): string {
  const q = new URLSearchParams(search);
  if (on) q.set('safe', '1');
  else q.delete('safe');
  const s = q.toString();
  return s ? `?${s}` : '';
}

let on: boolean | null = null;
const listeners = new Set<() => void>();
const read = () => (on ??= parseSafeParam(window.location.search));
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** Switches safe mode for this page (and its URL). */
export function setSafeMode(next: boolean): void {
  if (read() === next) return;
  on = next;
  window.history.replaceState(
    window.history.state,
    '',
    `${window.location.pathname}${withSafeParam(window.location.search, next)}${window.location.hash}`,
  );
  listeners.forEach((l) => l());
}

export interface SafeMode {
  on: boolean;
  toggle(): void;
  /** What is hidden while on (the city pack's list plus the screen's own). */
  hiding: SafeHiding;
}

/**
 * Safe mode (安全模式) on a screen shown to visitors: one switch (this hook's `toggle`, Shift+S, or `safe=1`) that
 * hides what the city pack (and a tour) list and every piece of personal data. The live stream is screened where it
 * is written (live/audience.ts), so every panel, layer and banner of the page follows; the screen itself hides the
 * listed layers and video.
 */
export function useSafeMode(hide: readonly SafeHideItem[]): SafeMode {
  const isOn = useSyncExternalStore(subscribe, read);
  const key = hide.join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for the list's contents
  const hiding = useMemo(() => safeHiding(hide), [key]);
  useEffect(() => setAudienceHiding(isOn ? hiding : null), [isOn, hiding]);
  // Leaving the screen leaves the live stream unscreened for the next one.
  useEffect(() => () => setAudienceHiding(null), []);
  const toggle = useCallback(() => setSafeMode(!read()), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'S' || !e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof HTMLElement && e.target.closest('input, textarea, select, [contenteditable]'))
        return;
      e.preventDefault();
      toggle();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggle]);
  return { on: isOn, toggle, hiding };
}
