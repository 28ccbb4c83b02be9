import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { LeasesRepo } from '../store/leases-repo';
import type { Runnable } from '../subsystems/types';

/** The lease that says which node runs the cluster's once-only work (pollers, simulators, sweeps). */
export const LEADER_LEASE = 'leader';

export interface LeaderStatus {
  leader: boolean;
  /** Fencing token of the current term (0 before the first election). */
  term: number;
  /** This process's holder name in the lease table: `<NODE_ID>#<instance>`. */
  holder: string;
}

/**
 * Runs `runnables` (pollers, simulators, sweeps) on exactly one node of a cluster: the holder of the store's
 * leader lease. Every node tries to take or renew the lease every `renewMs`; the holder's lease lasts `leaseMs`
 * by the store's clock, so a node that dies (kill -9, lost network) is replaced once its lease has expired, and
 * a clean shutdown hands over at once (`stop` releases). A holder that cannot renew steps down on its own before
 * its lease can expire (at `renewed + leaseMs - renewMs / 2` by its monotonic clock), so two nodes never run
 * the once-only work at the same time — as long as stopping the runnables takes less than half a renewal.
 */
export class LeaderElector {
  private readonly holder: string;
  private leading = false;
  private term = 0;
  private validUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private stepDownTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  /** Starts and stops of the runnables, one after another. */
  private transitions: Promise<void> = Promise.resolve();
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: {
      leases: Pick<LeasesRepo, 'acquire' | 'release'>;
      nodeId: string;
      leaseMs: number;
      renewMs: number;
      runnables: readonly Runnable[];
      log: Logger;
      /** Told after every change of role (tests, the start-up banner). */
      onChange?: (status: LeaderStatus) => void;
    },
  ) {
    // One holder per process: a node restarted under the same NODE_ID waits for its predecessor's lease to
    // expire rather than assume it still holds it.
    this.holder = `${deps.nodeId}#${randomUUID().slice(0, 8)}`;
  }

  get status(): LeaderStatus {
    return { leader: this.leading, term: this.term, holder: this.holder };
  }

  /** Takes part in elections; resolves after the first attempt (so a lone node leads before it serves). */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    await this.tick();
    await this.transitions;
  }

  /** Stops the runnables if leading and releases the lease so another node takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.stepDownTimer);
    await this.ticking;
    const wasLeading = this.leading;
    this.setRole(false, this.term);
    await this.transitions;
    if (wasLeading) {
      await this.deps.leases
        .release(LEADER_LEASE, this.holder)
        .catch((err: unknown) =>
          this.deps.log.warn({ err }, 'leader lease not released; it expires by itself'),
        );
    }
  }

  private tick(): Promise<void> {
    this.ticking = this.attempt().finally(() => {
      if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.deps.renewMs);
    });
    return this.ticking;
  }

  private async attempt(): Promise<void> {
    const { leases, leaseMs, renewMs, log } = this.deps;
    const askedAt = performance.now();
    try {
      const lease = await leases.acquire(LEADER_LEASE, this.holder, leaseMs);
      if (this.stopped) return;
      if (lease) {
        // The store set the expiry after we asked: counting from the ask is on the safe side.
        this.validUntil = askedAt + leaseMs;
        clearTimeout(this.stepDownTimer);
        this.stepDownTimer = setTimeout(
          () => {
            log.warn({ holder: this.holder }, 'leader lease not renewed in time; stepping down');
            this.setRole(false, this.term);
          },
          Math.max(0, this.validUntil - renewMs / 2 - performance.now()),
        );
        this.stepDownTimer.unref();
        this.setRole(true, lease.term);
      } else {
        this.setRole(false, this.term);
      }
    } catch (err) {
      // Store unreachable: keep leading while the lease surely holds (the step-down timer ends it), else follow.
      log.warn({ err: (err as Error).message }, 'leader lease renewal failed');
    }
  }

  private setRole(leader: boolean, term: number): void {
    if (leader === this.leading) {
      this.term = term;
      return;
    }
    this.leading = leader;
    this.term = term;
    const { runnables, log } = this.deps;
    if (!leader) clearTimeout(this.stepDownTimer);
    log.info({ holder: this.holder, term, leader }, leader ? 'elected leader' : 'no longer leader');
    this.transitions = this.transitions.then(async () => {
      if (leader) {
        for (const r of runnables) await r.start();
      } else {
        for (const r of [...runnables].reverse()) await r.stop();
      }
    });
    this.transitions = this.transitions.catch((err: unknown) =>
      log.error({ err, leader }, 'leader runnables failed to change state'),
    );
    this.deps.onChange?.(this.status);
  }
}
