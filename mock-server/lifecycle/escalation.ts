import type { Logger } from 'pino';
import { CodedError } from '../../src/contract/errors';
import { toUtcInstant } from '../../src/contract/time';
import type { ConsoleQueueRepo } from '../store/console-queue-repo';
import type { Runnable } from '../subsystems/types';
import { SYSTEM_ACTOR, type LifecycleService } from './lifecycle-service';

const BATCH = 200;

/**
 * SLA escalation: an event past its stage's due time goes up the city pack's ladder (duty officer → shift
 * leader → district leader) by how long it has been overdue, each step stored as an `escalate` action.
 * Nothing lives in memory: every sweep reads due times and rungs from the store, so the clocks survive a
 * restart, and a sweep is idempotent (an event already at its rung is not escalated again). The first sweep
 * also starts the clock of open events stored before the console existed.
 */
export class EscalationSweeper {
  constructor(
    private readonly service: LifecycleService,
    private readonly queue: ConsoleQueueRepo,
    private readonly log: Logger,
  ) {}

  /** One pass; resolves with the number of events escalated. */
  async sweep(): Promise<number> {
    const rules = this.service.rules;
    const now = this.service.now();
    for (
      let ids = await this.queue.withoutSla(BATCH);
      ids.length > 0;
      ids = await this.queue.withoutSla(BATCH)
    ) {
      for (const id of ids)
        await this.service.act(id, { action: 'sla' }, SYSTEM_ACTOR, { expectVersion: null });
      if (ids.length < BATCH) break;
    }
    const levels = rules.config.escalation.levels;
    const top = levels[levels.length - 1]!.level;
    const first = levels[0]!;
    let escalated = 0;
    let seen = new Set<string>();
    for (;;) {
      const due = await this.queue.overdue(toUtcInstant(now - first.afterMinutes * 60_000), top, BATCH);
      const fresh = due.filter((d) => !seen.has(d.id));
      if (fresh.length === 0) break;
      seen = new Set([...seen, ...fresh.map((d) => d.id)]);
      for (const d of fresh) {
        const rung = rules.rungFor(now - Date.parse(d.slaDueAt!));
        if (!rung) continue;
        try {
          const { action } = await this.service.act(
            d.id,
            {
              action: 'escalate',
              level: rung.level,
              details: {
                overdueMinutes: Math.floor((now - Date.parse(d.slaDueAt!)) / 60_000),
                dueAt: d.slaDueAt,
              },
            },
            SYSTEM_ACTOR,
            { expectVersion: null },
          );
          if (action) escalated += 1;
        } catch (err) {
          // The event moved on between the read and the action (closed, or gone): nothing to escalate.
          if (!(err instanceof CodedError && err.code === 'NOT_FOUND')) throw err;
        }
      }
      if (due.length < BATCH) break;
    }
    if (escalated > 0) this.log.info({ escalated }, 'SLA escalation sweep');
    return escalated;
  }

  /** Sweeps at start, then every `intervalMs`; a failed sweep is logged and retried on the next tick. */
  runnable(intervalMs: number): Runnable {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    let stopped = true;
    const tick = () => {
      running = this.sweep()
        .catch((err: unknown) => this.log.error({ err }, 'SLA escalation sweep failed; retrying next tick'))
        .finally(() => {
          if (!stopped) timer = setTimeout(tick, intervalMs);
        });
    };
    return {
      start: async () => {
        stopped = false;
        tick();
      },
      stop: async () => {
        stopped = true;
        clearTimeout(timer);
        await running;
      },
    };
  }
}
