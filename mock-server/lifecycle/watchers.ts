import type { Logger } from 'pino';
import { CodedError } from '../../src/contract/errors';
import type { Event } from '../../src/contract/event';
import { toUtcInstant } from '../../src/contract/time';
import type { Hub } from '../pipeline/hub';
import type { ConsoleQueueRepo } from '../store/console-queue-repo';
import { boxAround, distanceM } from './camera-index';
import { SYSTEM_ACTOR, type Actor, type LifecycleService } from './lifecycle-service';

/** Source statuses that mean the reporting channel checked the fix on site (数字城管 核查结案, 网格 已核实). */
const CHANNEL_VERIFIED = new Set(['verified', 'closed']);

/**
 * Reactions to stored changes, after commit (hub): (1) a new report of the same problem at the same place
 * soon after an event was closed reopens that event and relates the two; (2) when the reporting channel
 * itself reports the fix verified (the 数字城管 supervisor's 核查, the grid's 已核实) and the event is resolved
 * here, the channel's verification is recorded as `verify`. Work runs one item at a time, in publish order.
 */
export class LifecycleWatchers {
  private chain: Promise<void> = Promise.resolve();
  private readonly off: () => void;

  constructor(
    private readonly deps: {
      hub: Hub;
      service: LifecycleService;
      queue: ConsoleQueueRepo;
      log: Logger;
    },
  ) {
    this.off = deps.hub.subscribe((change) => {
      if (change.topic !== 'events') return;
      for (const { item } of change.items) {
        const e = item as Event;
        if (e.version === 1) this.enqueue(() => this.reopenIfReportedAgain(e));
        else if (e.status === 'resolved' && CHANNEL_VERIFIED.has(String(e.attributes['sourceStatus'] ?? '')))
          this.enqueue(() => this.verifyByChannel(e));
      }
    });
  }

  /** Resolves when everything queued so far is done (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  close(): Promise<void> {
    this.off();
    return this.chain;
  }

  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((err: unknown) => {
      // An event that moved on meanwhile (409, illegal now) needs nothing; anything else is a fault to see.
      if (
        err instanceof CodedError &&
        ['VERSION_CONFLICT', 'ILLEGAL_TRANSITION', 'NOT_FOUND'].includes(err.code)
      )
        return;
      this.deps.log.error({ err }, 'lifecycle watcher failed');
    });
  }

  async reopenIfReportedAgain(e: Event): Promise<void> {
    const { service, queue } = this.deps;
    const { withinMetres, withinHours } = service.rules.config.reopen;
    const since = toUtcInstant(service.now() - withinHours * 3_600_000);
    const candidates = await queue.recentlyClosed(
      e.category,
      since,
      boxAround(e.location, withinMetres),
      e.id,
    );
    const nearest = candidates
      .map((c) => ({ c, d: distanceM(c.location, e.location) }))
      .filter((x) => x.d <= withinMetres)
      .sort((a, b) => a.d - b.d)[0];
    if (!nearest) return;
    const old = nearest.c;
    const reason = `同一问题再次上报（${e.id}，相距 ${Math.round(nearest.d)} 米）`;
    await service.act(
      old.id,
      { action: 'reopen', reason, details: { reportedAgainBy: e.id, distanceM: Math.round(nearest.d) } },
      SYSTEM_ACTOR,
      {
        expectVersion: old.version,
      },
    );
    await service.link(old.id, 'merge', [e.id], SYSTEM_ACTOR, {
      expectVersion: null,
      note: reason,
      details: { reason: 'reported-again' },
    });
  }

  async verifyByChannel(e: Event): Promise<void> {
    const actor: Actor = { username: `source:${e.source}`, name: null, role: null, address: null };
    await this.deps.service.act(
      e.id,
      {
        action: 'verify',
        note: `来源渠道核查通过（${String(e.attributes['nativeStatus'] ?? e.attributes['sourceStatus'])}）`,
        details: { channel: e.source, sourceStatus: e.attributes['sourceStatus'] },
      },
      actor,
      { expectVersion: e.version },
    );
  }
}
