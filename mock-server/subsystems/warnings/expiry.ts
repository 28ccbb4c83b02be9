import type { Warning } from '../../../src/contract/entities';
import { toUtcInstant } from '../../../src/contract/time';
import type { Runnable, SubsystemContext } from '../types';

const SWEEP_MS = 60_000;

/** Active warnings whose `expires` has passed at `now`, withdrawn as of `now` (kept for history, off the map). */
export function expiredAt(warnings: readonly Warning[], now: number): Warning[] {
  const at = toUtcInstant(now);
  return warnings
    .filter((w) => w.active && w.expires !== null && w.expires <= at && w.updatedAt < at)
    .map((w) => ({ ...w, active: false, updatedAt: at }));
}

/**
 * CAP alerts end by themselves at `expires`; no message says so. The adapter is pure (no clock), so this
 * sweeper withdraws expired warnings from the stored states once a minute, and once at start (after a restart).
 */
export function createWarningExpiry(ctx: SubsystemContext): Runnable {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const sweep = async () => {
    try {
      const expired = expiredAt(await ctx.states.all('warnings'), Date.now());
      if (expired.length > 0) await ctx.states.put('warnings', expired);
    } catch (err) {
      ctx.health.error('warnings', `expiry sweep failed: ${(err as Error).message}`);
    }
  };
  const loop = () => {
    running = sweep();
    timer = setTimeout(loop, SWEEP_MS);
  };
  return {
    async start() {
      loop();
    },
    async stop() {
      clearTimeout(timer);
      await running;
    },
  };
}
