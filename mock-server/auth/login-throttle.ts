import { toUtcInstant } from '../../src/contract/time';
import type { LoginThrottleRepo } from '../store/sessions-repo';

export interface ThrottleLimits {
  perAccount: number;
  perAddress: number;
  lockMs: number;
}

/**
 * Login rate limiting per account and per source address: after `perAccount` failures on one account (or
 * `perAddress` from one address) within the lock window, further attempts are refused for `lockMs` without
 * checking the password. Counters are stored, so a restart does not reset a lockout.
 */
export class LoginThrottle {
  constructor(
    private readonly repo: LoginThrottleRepo,
    private readonly limits: ThrottleLimits,
  ) {}

  /** Seconds until the account or the address may try again; 0 when neither is locked. */
  async lockedFor(username: string | null, address: string, now: number): Promise<number> {
    let wait = 0;
    for (const key of keys(username, address)) {
      const row = await this.repo.get(key);
      if (row?.locked_until && Date.parse(row.locked_until) > now)
        wait = Math.max(wait, Math.ceil((Date.parse(row.locked_until) - now) / 1000));
    }
    return wait;
  }

  async failed(username: string | null, address: string, now: number): Promise<void> {
    for (const key of keys(username, address)) {
      const max = key.startsWith('user:') ? this.limits.perAccount : this.limits.perAddress;
      const row = await this.repo.get(key);
      const windowOpen = row && Date.parse(row.window_started_at) + this.limits.lockMs > now;
      const failures = windowOpen ? row.failures + 1 : 1;
      await this.repo.put({
        key,
        failures: failures >= max ? 0 : failures,
        window_started_at: windowOpen ? row.window_started_at : toUtcInstant(now),
        locked_until: failures >= max ? toUtcInstant(now + this.limits.lockMs) : (row?.locked_until ?? null),
      });
    }
  }

  /** A successful sign-in clears the account's counter (the address's decays with its window). */
  async succeeded(username: string): Promise<void> {
    await this.repo.clear(`user:${username}`);
  }
}

function keys(username: string | null, address: string): string[] {
  return [...(username ? [`user:${username}`] : []), `addr:${address}`];
}
