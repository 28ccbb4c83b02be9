/**
 * The shared pulse of alarms on the map (new severe events, sensor and camera alarms): a ring that grows
 * and fades once per period. Layers take `phase` in [0, 1) and list it in `updateTriggers`, so only the
 * few pulsing items are re-evaluated per animation tick.
 */
export const PULSE_PERIOD_MS = 1600;

export function pulsePhase(now: number, period = PULSE_PERIOD_MS): number {
  return (now % period) / period;
}

/** Ring radius factor (1 → 2.6) and alpha (220 → 0) at `phase`. */
export function pulseRing(phase: number): { scale: number; alpha: number } {
  const p = Math.min(Math.max(phase, 0), 1);
  return { scale: 1 + 1.6 * p, alpha: Math.round(220 * (1 - p)) };
}
